/**
 * A drive fault carries a run to 1.5 × rated (a review helper's scenario): the box raised one
 * overspeed, at the 1.21 × of its first tenth of a second, severe: false, and said no more. It
 * now raises the second level too, severe, dated when the car passed it.
 */
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

const scenario = scenarioSchema.parse({
  name: "overspeed to 1.5 × rated",
  duration_s: 120,
  building: { landings_m: [0, 3, 6, 9, 12, 15, 18, 21] },
  lift: { rated_speed_mps: 1.6, acceleration_mps2: 0.8, jerk_mps3: 1 },
  box: { mount: { roll_deg: 10, pitch_deg: -4, yaw_deg: 45 }, accelerometer_hz: 200, noise_mps2: 0.03, bias_mps2: [0.1, -0.05, 0.12] },
  passengers: [{ at: 5, from: 0, to: 7 }, { at: 60, from: 7, to: 2 }],
  faults: [{ at: 10, kind: "overspeed", factor: 1.5 }],
});

describe("an overspeed going on past the second level", () => {
  it.each([1, 2, 3])("is raised at each level, the second severe (seed %i)", (seed) => {
    const run = runScenario(scenario, { seed });
    const overspeeds = run.records.filter((record) => record.type === "overspeed");
    expect(overspeeds.map((record) => [record.severe, record.limit_mps])).toEqual([
      [false, 1.84],
      [true, 2.24],
    ]);
    expect(Number(overspeeds[1].onset)).toBeGreaterThan(Number(overspeeds[0].onset));
    expect(Number(overspeeds[1].speed_mps)).toBeGreaterThan(2.24);
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});
