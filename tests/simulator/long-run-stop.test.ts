/**
 * A long run on an ADXL345: the chip reads gravity at rest a fraction of its 3.9 mg step off
 * what it reads in motion, where the car's vibration dithers it (here 0.002 m/s²), and 48 s of
 * that integrate to 9 cm/s still "going its way" when the car has stopped: taken for a levelling
 * crawl, the run waited max_crawl_s (8 s) for the crawl's end, the car standing "moving" at its
 * landing with its door open, and a trip ending as a scenario did went unreported. Drawn by a
 * sweep of random lifts (seed 9: a 39-landing, 2.5 m/s lift). The door opening after the braking
 * says the car stands at its landing: no crawl is waited for then.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

const landings = [0, 5.39, 9.59, 13.53, 16.85, 20.77, 24.97, 27.79, 31.47, 34.99, 39.19, 41.99, 45.83, 49.68, 53.34, 56.14, 58.94, 62.39, 65.71, 68.51, 71.31, 74.72, 78.73, 81.53, 85.44, 88.6, 91.4, 94.73, 98.16];

describe("a long run's stop on a quantizing chip", () => {
  const scenario = structuredClone(loadScenario("normal-hour"));
  scenario.building = { landings_m: landings, door_zone_half_m: 0.25, air_temperature_c: 15 };
  Object.assign(scenario.lift, { rated_speed_mps: 2.5, acceleration_mps2: 0.5, jerk_mps3: 0.97, start_landing: 0, leveling_speed_mps: 0, leveling_distance_m: 0 });
  Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 200, accelerometer_chip: "adxl345", noise_mps2: 0.01, bias_mps2: [0, 0, 0], sensitivity: 0.985, ride_vibration_mps2: 0.01, barometer: true });
  scenario.traffic.passengers_per_hour = 0;
  scenario.passengers = [{ at: 5, from: 0, to: 20 }];
  scenario.duration_s = 60;

  it("is taken where the car stopped, at once, not after a crawl's wait", () => {
    const run = runScenario(scenarioSchema.parse(scenario), { seed: 1 });
    const truth = run.truth.find((entry) => entry.type === "trip") as { end: number } | undefined;
    const trips = run.records.filter((record) => record.type === "trip") as unknown as { t: number; end: number; to_landing?: number }[];
    expect(truth).toBeDefined();
    expect(trips).toHaveLength(1);
    expect(trips[0].to_landing).toBe(20);
    expect(Math.abs(trips[0].end - truth!.end)).toBeLessThan(0.3);
    // Quiet for stop_quiet_s (0.8 s) after the braking, and no longer.
    expect(trips[0].t - trips[0].end).toBeLessThan(1.5);
    expect(run.records.filter((record) => record.type !== "trip")).toEqual([]);
  });
});
