/**
 * A car the safety circuit halts between floors, on a noisy chip sampled at 25 Hz (a review
 * helper's scenario). The box took a lobe of the readings' noise after the stop for the end of a
 * levelling crawl, and dated the stop, so the passenger's entrapment and the stop outside the
 * zone, from it: up to 7.5 s late, 3 of 6 seeds. A trip halted by brakes is not landed: no
 * crawl follows it.
 */
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

const scenario = scenarioSchema.parse({
  name: "stopped between floors, noisy chip at 25 Hz",
  duration_s: 300,
  building: { landings_m: [0, 3.5, 7, 10.5, 14, 17.5, 21], door_zone_half_m: 0.2 },
  lift: { rated_speed_mps: 1.6, start_landing: 0 },
  box: { mount: { roll_deg: -3, pitch_deg: 2, yaw_deg: 0 }, accelerometer_hz: 25, bias_mps2: [-0.05, 0.02, 0.08], noise_mps2: 0.08 },
  passengers: [{ at: 5, from: 0, to: 5 }],
  faults: [
    { at: 0, kind: "stop_between_floors", after_departure_s: 4.2 },
    { at: 260, kind: "rescue" },
  ],
});

describe("a trip halted between floors by the safety circuit, on a noisy 25 Hz chip", () => {
  it.each([1, 4, 5])("dates the entrapment and the stop outside the zone from the stop (seed %i)", (seed) => {
    const run = runScenario(scenario, { seed });
    const stall = run.truth.find((entry) => entry.type === "stall");
    expect(stall).toBeDefined();
    for (const type of ["entrapment", "stopped_outside_door_zone"]) {
      // Within the judge's onset tolerance, 2 s: a noisy chip at 25 Hz is quiet a second or two after the stop (it was dated 2.3-7.5 s late).
      const lateness = run.records.filter((record) => record.type === type).map((record) => Math.abs(Number(record.onset) - stall!.t) < 2);
      expect(lateness, type).toEqual([true]);
    }
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});
