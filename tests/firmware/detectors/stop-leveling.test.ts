/**
 * A stop's leveling is measured once the car is still and, where a door contact is fitted,
 * its door has opened; the trip that ended there waits for it and carries it; a stop beyond
 * the tolerance by more than its own uncertainty is misleveled.
 */
import { describe, expect, it } from "vitest";
import { StopLeveling, type StopLevelingSettings } from "../../../firmware/detectors/stop-leveling.ts";
import { HeldTrip } from "../../../firmware/events/held-trip.ts";
import type { Movement } from "../../../firmware/estimation/inertial-motion.ts";
import { LevelingEstimator, type LevelingMeasurement } from "../../../firmware/estimation/leveling.ts";
import type { DetectionRecord } from "../../../firmware/frame.ts";
import { VirtualClock } from "../../../simulator/clock.ts";

const LANDING_M = 10;
/** a run down that ended normally (not begun while the gravity reference warmed up) */
const run = { beganWarmingUp: false } as Movement;
const trip: DetectionRecord = { type: "trip", t: 2, onset: -8, start: -8, end: 2 };

/**
 * A car going down at 0.3 m/s enters the zone at t = 1 s with its edge `edgeAboveM` above the
 * landing, brakes evenly to rest at t = 2 s (0.15 m further down) and stands still until 3 s.
 */
function approach(doorContact: boolean, edgeAboveM: number) {
  const clock = new VirtualClock(3000);
  const emitted: DetectionRecord[] = [];
  const misleveled: { at: number; measured: LevelingMeasurement }[] = [];
  const settings: StopLevelingSettings = { toleranceMm: 20, confidenceSigma: 3, settleS: 0.2, doorContact };
  const leveling = new StopLeveling(
    new LevelingEstimator(1000),
    new HeldTrip(5, (record) => emitted.push(record), clock),
    settings,
    { quietMps2: 0.05, referenceVariance: 0, watchingCrawlEnd: false },
    (at, measured) => misleveled.push({ at, measured }),
  );
  for (let step = 0; step <= 300; step++) {
    const t = step / 100;
    if (step === 100) leveling.zoneEntered(t, LANDING_M + edgeAboveM, LANDING_M, {});
    leveling.push(t, t >= 1 && t < 2 ? 0.3 : 0);
  }
  return { leveling, emitted, misleveled };
}

/** The same approach (edge 0.2 m above), its samples pushed as the test goes, each step's acceleration from `acceleration`. */
function live() {
  const clock = new VirtualClock(0);
  const emitted: DetectionRecord[] = [];
  const misleveled: { at: number; measured: LevelingMeasurement }[] = [];
  const leveling = new StopLeveling(
    new LevelingEstimator(1000),
    new HeldTrip(5, (record) => emitted.push(record), clock),
    { toleranceMm: 20, confidenceSigma: 3, settleS: 0.2, doorContact: true },
    { quietMps2: 0.05, referenceVariance: 0, watchingCrawlEnd: false },
    (at, measured) => misleveled.push({ at, measured }),
  );
  let step = 0;
  const pushUntil = (until: number, acceleration: (t: number) => number) => {
    for (; step / 100 <= until + 1e-9; step++) {
      const t = step / 100;
      clock.advanceTo(t * 1000);
      if (step === 100) leveling.zoneEntered(t, LANDING_M + 0.2, LANDING_M, {});
      leveling.push(t, acceleration(t));
    }
  };
  return { leveling, emitted, misleveled, pushUntil };
}

const braking = (t: number) => (t >= 1 && t < 2 ? 0.3 : 0);

describe("the leveling of a stop", () => {
  it("waits for the door where a contact is fitted, then measures the stop from the zone's edge and lets the trip go with it", () => {
    const { leveling, emitted, misleveled } = approach(true, 0.2);
    leveling.cameToRest(2, run);
    expect(leveling.keepsTrip(trip, run, 2)).toBe(true);
    expect(leveling.measuredErrorMm).toBeUndefined();
    expect(emitted).toEqual([]);
    leveling.doorOpened(2.5);
    // 50 mm, less what sampling at 100 Hz rounds off the braking's end.
    expect(Math.abs(leveling.measuredErrorMm! - 50)).toBeLessThan(3);
    expect(emitted).toHaveLength(1);
    expect(emitted[0].leveling_error_mm).toBe(leveling.measuredErrorMm);
    expect(misleveled).toHaveLength(1);
    expect(misleveled[0].at).toBe(2.5);
  });

  it("measures at rest without a door contact; within the tolerance it is no fault, and a trip after the measurement is not kept", () => {
    const { leveling, emitted, misleveled } = approach(false, 0.16);
    // Still from 2.1 s, and taken as still 0.2 s later (settleS): quiet for the quarter second before.
    leveling.cameToRest(2.1, run);
    expect(Math.abs(leveling.measuredErrorMm! - 10)).toBeLessThan(3);
    expect(misleveled).toEqual([]);
    expect(leveling.keepsTrip(trip, run, 2)).toBe(false);
    expect(emitted).toEqual([]);
  });

  it("measures a stop the door opened at once the car has been still a quarter second (a crawl the box took to end earlier)", () => {
    const { leveling, emitted, misleveled, pushUntil } = live();
    pushUntil(1.5, braking);
    leveling.cameToRest(1.5, run);
    expect(leveling.keepsTrip(trip, run, 1.5)).toBe(true);
    pushUntil(2, braking);
    // The door opens as the car stops: the braking is in the quarter second before.
    leveling.doorOpened(2);
    expect(leveling.measuredErrorMm).toBeUndefined();
    expect(emitted).toEqual([]);
    pushUntil(2.2, braking);
    expect(leveling.measuredErrorMm).toBeUndefined();
    pushUntil(2.4, braking);
    expect(Math.abs(leveling.measuredErrorMm! - 50)).toBeLessThan(3);
    expect(emitted.map((record) => record.leveling_error_mm)).toEqual([leveling.measuredErrorMm]);
    expect(misleveled).toHaveLength(1);
    // A quarter second after the braking's last reading, at 1.99 s.
    expect(misleveled[0].at).toBeCloseTo(2.24, 6);
  });

  it("does not measure a car still shaking a second after its door opened, and lets its trip go without", () => {
    const { leveling, emitted, misleveled, pushUntil } = live();
    const shaking = (t: number) => (t <= 2 ? braking(t) : Math.round(t * 100) % 2 === 0 ? 0.3 : -0.3);
    pushUntil(2, shaking);
    leveling.cameToRest(1.8, run);
    expect(leveling.keepsTrip(trip, run, 1.8)).toBe(true);
    leveling.doorOpened(2);
    pushUntil(2.95, shaking);
    expect(emitted).toEqual([]);
    pushUntil(3.5, shaking);
    expect(leveling.measuredErrorMm).toBeUndefined();
    expect(emitted).toHaveLength(1);
    expect(emitted[0].leveling_error_mm).toBeUndefined();
    expect(misleveled).toEqual([]);
  });

  it("keeps no trip once the car left the zone, nor one whose run began as the gravity reference warmed up", () => {
    const { leveling } = approach(true, 0.2);
    expect(leveling.keepsTrip(trip, { beganWarmingUp: true } as Movement, 2)).toBe(false);
    leveling.zoneLeft();
    expect(leveling.keepsTrip(trip, run, 2)).toBe(false);
  });
});
