/**
 * A car that left an end landing's zone with its door open, unfelt, is an overtravel only once
 * the braking that stops it is found to go back toward the shaft, and only where leaving the
 * zone is past the overtravel's margin.
 */
import { describe, expect, it } from "vitest";
import { EndZoneCreep } from "../../../firmware/detectors/end-zone-creep.ts";

/** Five landings, 0 to 14 m, ±0.2 m zones; `marginM` the overtravel's margin. */
const creep = (marginM = 0.2) => new EndZoneCreep([0, 3.5, 7, 10.5, 14], 0.2, marginM);

describe("a car creeping out of an end landing's zone unfelt", () => {
  it("braking back toward the shaft, went past the end: an overtravel, dated where it left the zone, at the zone's edge", () => {
    const bottom = creep();
    bottom.leftUnfelt(11.2, 0);
    expect(bottom.brakingFound("up")).toEqual({ at: 11.2, end: "bottom", position_m: -0.2 });
    const top = creep();
    top.leftUnfelt(30, 4);
    expect(top.brakingFound("down")).toEqual({ at: 30, end: "top", position_m: 14.2 });
  });

  it("braking away from the shaft went into it: none; nor is one told twice", () => {
    const bottom = creep();
    bottom.leftUnfelt(11.2, 0);
    expect(bottom.brakingFound("down")).toBeUndefined();
    bottom.leftUnfelt(11.2, 0);
    bottom.brakingFound("up");
    expect(bottom.brakingFound("up")).toBeUndefined();
  });

  it("is none from a landing between the ends, past a margin set wider than the zone, or once forgotten", () => {
    const middle = creep();
    middle.leftUnfelt(11.2, 2);
    expect(middle.brakingFound("up")).toBeUndefined();
    const wide = creep(0.5);
    wide.leftUnfelt(11.2, 0);
    expect(wide.brakingFound("up")).toBeUndefined();
    const forgotten = creep();
    forgotten.leftUnfelt(11.2, 0);
    forgotten.forget();
    expect(forgotten.brakingFound("up")).toBeUndefined();
  });
});
