/**
 * When a box that has just booted knows its car's motion again: a minute with no start, or a
 * still stay in a door zone long enough that a car going fast enough to begin a false run would
 * have left it. Anything that may be motion starts that stay again.
 */
import { describe, expect, it } from "vitest";
import { UnseenMotion } from "../../../firmware/estimation/unseen-motion.ts";

const TIMEOUT_S = 60;
const REST_IN_ZONE_S = 5.3;

function steps(unseen: UnseenMotion, fromS: number, toS: number, moving = (_t: number) => false): number | undefined {
  for (let t = fromS; t <= toS + 1e-9; t += 0.01) if (unseen.atRest(t, moving(t))) return t;
  return undefined;
}

describe("unseen motion after boot", () => {
  it("is known once the car has been still in a door zone for the rest time", () => {
    const unseen = new UnseenMotion(TIMEOUT_S, REST_IN_ZONE_S);
    unseen.lost(0);
    unseen.zoneHeld(0);
    expect(steps(unseen, 0, 10)).toBeCloseTo(REST_IN_ZONE_S, 1);
    expect(unseen.unknown).toBe(false);
  });

  it("counts the stay from the zone's entry, and from the last thing that may have been motion", () => {
    const unseen = new UnseenMotion(TIMEOUT_S, REST_IN_ZONE_S);
    unseen.lost(0);
    expect(steps(unseen, 0, 3)).toBeUndefined();
    unseen.zoneHeld(3);
    expect(steps(unseen, 3.01, 20, (t) => t < 4)).toBeCloseTo(4 + REST_IN_ZONE_S, 1);
  });

  it("is not known by a stay outside the zones, or with the sensor unsound, until the minute has passed", () => {
    const unseen = new UnseenMotion(TIMEOUT_S, REST_IN_ZONE_S);
    unseen.lost(0);
    unseen.zoneHeld(NaN);
    expect(steps(unseen, 0, 59.9)).toBeUndefined();
    expect(unseen.unknown).toBe(true);
    steps(unseen, 60, 60.1);
    expect(unseen.unknown).toBe(false);
  });

  it("starts the stay again after a run, and is unknown again after a gap", () => {
    const unseen = new UnseenMotion(TIMEOUT_S, REST_IN_ZONE_S);
    unseen.lost(0);
    unseen.zoneHeld(0);
    expect(steps(unseen, 0, 5)).toBeUndefined();
    unseen.moved();
    expect(steps(unseen, 5.01, 20)).toBeCloseTo(5 + REST_IN_ZONE_S, 1);
    unseen.lost(30);
    expect(unseen.unknown).toBe(true);
    expect(steps(unseen, 30, 40)).toBeCloseTo(30 + REST_IN_ZONE_S, 1);
  });

  it("has no stay to count without a door-zone sensor", () => {
    const unseen = new UnseenMotion(TIMEOUT_S, Infinity);
    unseen.lost(0);
    unseen.zoneHeld(0);
    expect(steps(unseen, 0, 59.9)).toBeUndefined();
  });
});
