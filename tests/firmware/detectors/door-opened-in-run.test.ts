/**
 * A door opened while the car moved: travelling past the limit for where it was, early (under
 * the early opening's limit, faster than outside a zone), and what the run's end says of an
 * early one no sensor read in a zone.
 */
import { describe, expect, it } from "vitest";
import { DoorOpenedInRun } from "../../../firmware/detectors/door-opened-in-run.ts";
import type { Movement } from "../../../firmware/estimation/inertial-motion.ts";

const settings = { outsideZoneMps: 0.3, inZoneMps: 0.8, landingBrakingRatio: 1.15 };
const braking = () => 0.9;
const run = (starting: number, braking: number) => ({ starting_mps2: starting, braking_mps2: braking }) as Movement;

describe("a door opened in a run", () => {
  it("is travelling past the limit for where it was: the early opening's in a zone, or near one unseen; else outside a zone's", () => {
    const door = new DoorOpenedInRun(settings);
    expect(door.opened(10, 0.5, true, false, false, braking)).toBe(true);
    expect(door.opened(20, 0.5, true, true, false, braking)).toBe(false);
    expect(door.opened(30, 0.5, true, false, true, braking)).toBe(false);
    expect(door.opened(40, 0.9, true, true, false, braking)).toBe(true);
    // A speed not measured (a run not trusted) says nothing.
    expect(door.opened(50, 2, false, false, false, braking)).toBe(false);
    expect(door.openedAt).toBe(50);
  });

  it("opened early, is forced once the car leaves the zone, told once; a new run forgets it", () => {
    const door = new DoorOpenedInRun(settings);
    door.opened(10, 0.5, true, true, false, braking);
    expect(door.openedAtSpeed).toBe(true);
    expect(door.takeForced()).toEqual({ at: 10, speed: 0.5 });
    expect(door.takeForced()).toBeUndefined();
    door.opened(20, 0.5, true, true, false, braking);
    door.runStarted();
    expect(door.takeForced()).toBeUndefined();
    expect(door.openedAtSpeed).toBe(false);
  });

  it("opened early where no sensor read a zone, was forced open unless the car then landed", () => {
    const door = new DoorOpenedInRun(settings);
    door.opened(10, 0.5, true, false, true, braking);
    expect(door.judged(true)).toBeUndefined();
    door.opened(20, 0.5, true, false, true, braking);
    expect(door.judged(false)).toEqual({ at: 20, speed: 0.5 });
    // Read in a zone, the zone's leaving judges it, not the stop.
    door.opened(30, 0.5, true, true, false, braking);
    expect(door.judged(false)).toBeUndefined();
  });

  it("lands gently braking no harder than the ratio times its start, its braking before the door opened, or how the lift lands", () => {
    const door = new DoorOpenedInRun(settings);
    expect(door.landedGently(run(1, 1.1), false, NaN)).toBe(true);
    expect(door.landedGently(run(1, 1.2), false, NaN)).toBe(false);
    expect(door.landedGently(run(1, 1.2), true, NaN)).toBe(false);
    expect(door.landedGently(run(1, 1.5), false, 1.4)).toBe(true);
    door.opened(10, 0.5, true, false, true, () => 1.3);
    expect(door.landedGently(run(1, 1.45), false, NaN)).toBe(true);
  });

  it("vouches for a landing when opened in the run and read open, not at speed unless early where no sensor read the zone and landed gently", () => {
    const door = new DoorOpenedInRun(settings);
    door.opened(12, 0.1, true, false, false, braking);
    expect(door.vouchesForLanding(true, 10, false)).toBe(true);
    expect(door.vouchesForLanding(false, 10, false)).toBe(false);
    // Open since before the run (a contact stuck open).
    expect(door.vouchesForLanding(true, 13, false)).toBe(false);
    door.opened(14, 0.5, true, false, true, braking);
    expect(door.vouchesForLanding(true, 10, false)).toBe(false);
    expect(door.vouchesForLanding(true, 10, true)).toBe(true);
  });
});
