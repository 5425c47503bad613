/**
 * A stop left 45 mm low whose door opens late: the door operator hesitating, or the door held
 * shut (a coupler that does not engage, often with the same cause as the misleveling). The
 * stop was measured from the door's opening, so every second the car stood shut was
 * integrated as if it moved: a review helper's stop, reported at -46.6 ± 2.8 mm with the door
 * opening at once, was missed with it 3 s late (± 17 mm), and with it 60 s late nothing was
 * measured at all (past the estimator's history). A door shut for less than the box's
 * door_open_timeout_s was also expected as a door fault by the judge, which the box rightly
 * does not raise.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { formatProblems } from "../../simulator/accuracy-report.ts";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function lateDoor(doorShutS: number) {
  return scenarioSchema.parse({
    name: `misleveled-door-late-${doorShutS}s`,
    duration_s: 40 + doorShutS,
    building: { landings_m: [0, 3.5, 7, 10.5, 14, 17.5] },
    lift: { rated_speed_mps: 1.6 },
    box: { accelerometer_hz: 100 },
    passengers: [{ at: 5, from: 0, to: 3 }],
    faults: [
      { at: 0, kind: "leveling_error", error_mm: -45 },
      { at: 0, kind: "door_fault", door: "fails_to_open", duration_s: doorShutS },
    ],
  });
}

describe("a misleveled stop whose door opens late", () => {
  for (const doorShutS of [3, 60]) {
    it(`is reported, measured at rest, when the door opens ${doorShutS} s late`, () => {
      for (const seed of [1, 2, 3]) {
        const scenario = lateDoor(doorShutS);
        const run = runScenario(scenario, { seed });
        const stop = run.truth.find((record) => record.type === "expected" && record.event === "leveling_fault");
        if (stop?.type !== "expected") throw new Error(`seed ${seed}: the truth holds no leveling fault`);
        const faults = run.records.filter((record) => record.type === "leveling_fault");
        expect(faults, `seed ${seed}`).toHaveLength(1);
        const [fault] = faults;
        expect(Math.abs(Number(fault.error_mm) - -45), `seed ${seed}`).toBeLessThan(5);
        expect(Number(fault.uncertainty_mm), `seed ${seed}`).toBeLessThan(5);
        expect(Math.abs(fault.onset - stop.onset), `seed ${seed}`).toBeLessThan(1);
        // Raised as the door opens: the step out through it is the hazard.
        expect(fault.t, `seed ${seed}`).toBeGreaterThanOrEqual(stop.onset + doorShutS);
        expect(formatProblems(assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }])), `seed ${seed}`).toBe("");
      }
    });
  }
});
