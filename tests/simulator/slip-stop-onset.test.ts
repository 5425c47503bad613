/**
 * A brake slipping at 0.1 m/s² with the door open, too gently for the accelerometer to see it
 * start: the car leaves the door zone at 0.2 m/s, goes on to 0.4 m/s, and the unintended-movement
 * protection brakes it 2 s later, felt at 3 m/s². The stop outside the zone was dated at the zone
 * exit, while the car still moved: 2.1 s before it stopped, past the judge's 2 s, a missed and a
 * false insured event (a review helper's own simulator found it, 2.8 s early). The braking, seen
 * while the car's motion was unseen, now dates the stop.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { formatProblems } from "../../simulator/accuracy-report.ts";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

describe("a gentle brake slip with the door open, stopped by the UCMP brake outside the zone", () => {
  for (const hz of [50, 100]) {
    it(`at ${hz} Hz: the stop outside the zone is dated at the brake's stop, not the zone exit`, () => {
      for (const seed of [1, 2]) {
        const scenario = scenarioSchema.parse({
          name: "gentle-slip",
          duration_s: 150,
          building: { landings_m: [0, 3.2, 6.4, 9.6, 12.8] },
          lift: { rated_speed_mps: 1 },
          box: { accelerometer_hz: hz },
          passengers: [{ at: 5, from: 0, to: 2 }],
          faults: [{ kind: "unintended_movement", at: 15, acceleration_mps2: 0.1, distance_m: 0.8 }],
        });
        const run = runScenario(scenario, { seed });
        const stall = run.truth.find((record) => record.type === "stall");
        if (stall?.type !== "stall") throw new Error(`seed ${seed}: the car did not stall`);
        const stop = run.records.find((record) => record.type === "stopped_outside_door_zone");
        expect(Math.abs(stop!.onset - stall.t), `seed ${seed}`).toBeLessThan(0.5);
        expect(formatProblems(assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }])), `seed ${seed}`).toBe("");
      }
    });
  }
});
