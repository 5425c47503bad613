/**
 * A car that crawls out of the top landing's door zone upward has overtravelled (by default
 * the margin is the zone's half): the sound sensor's edge puts it there. Found by a random
 * draw (a tall, fast lift, a chip 4.9 % low, sampled at 50 Hz, a 0.35 m overshoot at a
 * 0.094 m/s crawl): at the end of the braking the integrated speed read 3 cm/s downward while
 * the car still went up, the edge was placed 3 mm back inside the zone, and nothing was raised.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function overtravelAtCrawl() {
  const scenario = loadScenario("overtravel");
  const landings = [0, 4.51, 7.99, 12.19, 16.39, 19.19, 22.34, 25.49, 29.59, 32.6, 36.35, 40.36, 43.16, 46, 49.42, 52.69, 55.49, 58.58, 62.17, 65.27, 68.98, 72.96, 76.35, 79.45];
  Object.assign(scenario.building, { landings_m: landings, door_zone_half_m: 0.2 });
  Object.assign(scenario.lift, { rated_speed_mps: 2.5, acceleration_mps2: 1.11, jerk_mps3: 1.41, leveling_speed_mps: 0.094, leveling_distance_m: 0.13 });
  Object.assign(scenario.box, { accelerometer_hz: 50, noise_mps2: 0.05, bias_mps2: [-0.3, 0, 0], sensitivity: 0.951, ride_vibration_mps2: 0.01, barometer_noise_pa: 3 });
  scenario.passengers = [{ at: 5, from: 0, to: landings.length - 1 }];
  scenario.faults = [
    { kind: "overtravel", at: 0, end: "top", overshoot_m: 0.35 },
    { kind: "rescue", at: 215 },
  ] as typeof scenario.faults;
  scenario.duration_s = 295;
  return scenario;
}

describe("overtravel out of the top zone at a crawl", () => {
  it("is raised at the zone's edge, dated when the car crossed it", () => {
    const run = runScenario(overtravelAtCrawl(), { seed: 1 });
    const truth = run.truth.find((record) => record.type === "expected" && record.event === "overtravel")!;
    expect(truth).toBeDefined();
    const raised = run.records.filter((record) => record.type === "overtravel");
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ end: "top" });
    expect(Math.abs((raised[0].onset as number) - (truth as { onset: number }).onset)).toBeLessThan(0.5);
  });
});
