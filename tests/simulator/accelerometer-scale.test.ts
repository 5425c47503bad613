/**
 * The accelerometer's sensitivity learnt in service (firmware/estimation/accelerometer-scale.ts):
 * a chip a few per cent off reads every speed and distance that far off until the box has
 * learnt it from the door-zone edges its runs pass.
 */
import { describe, it, expect } from "vitest";
import { defaultConfig } from "../../firmware/config/schema.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

/** Peak speed over rated, for each trip of 8 m or more after the first `skip` trips (a day's traffic on a chip of `sensitivity`). */
function peakSpeeds(sensitivity: number, minRuns?: number): number[] {
  const scenario = loadScenario("normal-hour");
  scenario.duration_s = 900;
  scenario.box.sensitivity = sensitivity;
  const run = runScenario(scenario, minRuns === undefined ? {} : { config: { motion: { scale_min_runs: minRuns } } });
  const trips = run.records.filter((record) => record.type === "trip") as unknown as { distance_m: number; max_speed_mps: number }[];
  return trips
    .slice(defaultConfig().motion.scale_min_runs + 1)
    .filter((trip) => trip.distance_m >= 8)
    .map((trip) => trip.max_speed_mps / scenario.lift.rated_speed_mps);
}

describe("a chip off in sensitivity", () => {
  it.each([0.95, 1.05])("at %s reads true speeds once it has been learnt", (sensitivity) => {
    const learnt = peakSpeeds(sensitivity);
    expect(learnt.length).toBeGreaterThan(3);
    for (const ratio of learnt) expect(Math.abs(ratio - 1)).toBeLessThan(0.015);
    // Never learnt, the same trips read the chip's error.
    for (const ratio of peakSpeeds(sensitivity, 1000)) expect(Math.abs(ratio - sensitivity)).toBeLessThan(0.015);
  });
});
