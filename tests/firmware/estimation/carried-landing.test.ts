/** A landing carried over a restart, a guess the trips since confirm or rule out (see CarriedLanding and CarriedLevel). */
import { describe, expect, it } from "vitest";
import { CarriedLanding } from "../../../firmware/estimation/carried-landing.ts";
import { CarriedLevel } from "../../../firmware/estimation/carried-level.ts";

const landings = (...indices: number[]) => new Set(indices);

describe("a landing carried over a restart", () => {
  it("is confirmed once the trips since fit it alone", () => {
    const carried = new CarriedLanding(5, true);
    expect(carried.starts?.size).toBe(5);
    // Two up from any of 0..4 leads to 2, 3 or 4: the guess, 3, may be right.
    expect(carried.runEnded(landings(2, 3, 4), 3)).toEqual({ verdict: "open" });
    // One more up: 3 or 4, the guess 4. Then four down, from 4 alone: 0.
    expect(carried.runEnded(landings(3, 4), 4)).toEqual({ verdict: "open" });
    expect(carried.runEnded(landings(0), 0)).toEqual({ verdict: "confirmed" });
    expect(carried.starts).toBeUndefined();
  });

  it("is ruled out by a trip it cannot fit, leaving the landings the trips allow", () => {
    const carried = new CarriedLanding(5, true);
    expect(carried.runEnded(landings(0, 1), 2)).toEqual({ verdict: "refuted", mayBeAt: landings(0, 1) });
    expect(carried.starts).toBeUndefined();
  });

  it("is ruled out where its own trip is not as long as the trip was (a door-zone count), leaving any landing: the count may be the one wrong", () => {
    const carried = new CarriedLanding(5, true);
    expect(carried.runEnded(landings(2, 3, 4), 3, false)).toEqual({ verdict: "refuted" });
  });

  it("starts the trips afresh after a stop no landing explains", () => {
    const carried = new CarriedLanding(5, true);
    carried.runEnded(landings(3, 4), 4);
    expect(carried.runEnded(undefined, undefined)).toEqual({ verdict: "open" });
    expect(carried.starts?.size).toBe(5);
  });

  it("is no guess where nothing was carried, or the shaft has one landing", () => {
    expect(new CarriedLanding(5, false).starts).toBeUndefined();
    expect(new CarriedLanding(1, true).starts).toBeUndefined();
    expect(new CarriedLanding(5, false).runEnded(landings(1), 2)).toEqual({ verdict: "open" });
  });
});

describe("the barometer's word on a carried landing", () => {
  // Near sea level a pascal is about 0.084 m: a 3.5 m storey some 42 Pa, half of it 21 Pa.
  const HALF_STOREY_M = 1.75;

  it("rules it out where the median of the first readings at rest is more than half a storey off", () => {
    const level = new CarriedLevel(101_325, HALF_STOREY_M, 5);
    const readings = [101_325 - 45, 101_325 - 44, 101_325 - 200, 101_325 - 46, 101_325 - 45];
    expect(readings.map((pascal, index) => level.reading(index, pascal, true, () => false))).toEqual([false, false, false, false, true]);
    // Once.
    expect(level.reading(5, 101_325 - 45, true, () => false)).toBe(false);
  });

  it("does not where the car rests within half a storey (the weather's few pascals)", () => {
    const level = new CarriedLevel(101_325, HALF_STOREY_M, 3);
    expect([101_330, 101_331, 101_500].map((pascal, index) => level.reading(index, pascal, true, () => false))).toEqual([false, false, false]);
  });

  it("says nothing once the car has left, nor from readings while it moves", () => {
    const moving = new CarriedLevel(101_325, HALF_STOREY_M, 2);
    expect([101_000, 101_000].map((pascal, index) => moving.reading(index, pascal, false, () => false))).toEqual([false, false]);
    moving.runStarted();
    expect([101_000, 101_000].map((pascal, index) => moving.reading(index, pascal, true, () => false))).toEqual([false, false]);
  });

  it("keeps nothing until its check is done (a box stopped again before then keeps the pair it started with)", () => {
    const kept: number[] = [];
    const level = new CarriedLevel(101_325, HALF_STOREY_M, 3, (pascal) => kept.push(pascal));
    expect([101_330, 101_329].map((pascal, index) => level.reading(index, pascal, true, () => true))).toEqual([false, false]);
    expect(kept).toEqual([]);
    expect(level.reading(2, 101_331, true, () => true)).toBe(false);
    expect(kept).toEqual([101_331]);
    // Ruled out, it keeps nothing: the car's landing is no longer known.
    const ruledOut = new CarriedLevel(101_325, HALF_STOREY_M, 1, (pascal) => kept.push(pascal));
    expect(ruledOut.reading(0, 101_000, true, () => true)).toBe(true);
    expect(kept).toEqual([101_331]);
  });

  it("keeps the pressure at a placed landing after each stop and each minute of a rest", () => {
    const kept: number[] = [];
    const level = new CarriedLevel(undefined, HALF_STOREY_M, 5, (pascal) => kept.push(pascal));
    level.reading(0, 101_000, true, () => true);
    level.reading(30, 101_001, true, () => true);
    level.reading(60, 101_002, true, () => true);
    level.reading(61, 100_950, false, () => false);
    level.stopped();
    level.reading(70, 100_958, true, () => false);
    level.reading(71, 100_958, true, () => true);
    expect(kept).toEqual([101_000, 101_002, 100_958]);
  });
});
