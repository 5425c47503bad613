/**
 * A stop's leveling in the simulator's truth, as the judge weighs it: a stop is misleveled when
 * it is off its landing by more than the box's tolerance (±20 mm), whatever put it there. A
 * review helper's box-maker scenarios showed the truth counted a leveling_error fault of 12 mm as
 * a fault the firmware rightly did not report, and a drive landing with 30 mm of scatter as no
 * fault at all, where the firmware rightly reported seven.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy, levelingDue } from "../../simulator/accuracy.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import type { ExpectedRecord } from "../../simulator/truth.ts";

function judged(changes: (scenario: ReturnType<typeof loadScenario>) => void) {
  const scenario = loadScenario("leveling-fault");
  scenario.box.accelerometer_hz = 400;
  changes(scenario);
  const run = runScenario(scenario);
  const [accuracy] = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]).scenarios;
  const truths = run.truth.filter((record): record is ExpectedRecord => record.type === "expected" && record.event === "leveling_fault");
  return { run, accuracy, truths };
}

describe("leveling in the truth", () => {
  it("holds a leveling_error fault within the tolerance, and expects no report of it", () => {
    const { run, accuracy, truths } = judged((scenario) => {
      scenario.faults = scenario.faults.map((fault) => (fault.kind === "leveling_error" ? { ...fault, error_mm: 12 } : fault));
    });
    expect(truths.length).toBeGreaterThan(0);
    expect(truths.map((truth) => levelingDue(truth, run.config.detection))).not.toContain("due");
    expect(run.records.map((record) => record.type)).not.toContain("leveling_fault");
    expect({ missed: accuracy.missed, false_alarms: accuracy.false_alarms }).toEqual({ missed: [], false_alarms: [] });
  });

  it("expects a report of every stop a drive's scatter leaves beyond it", () => {
    const { run, accuracy } = judged((scenario) => {
      scenario.faults = [];
      scenario.lift.stop_accuracy_mm = 30;
      scenario.traffic.passengers_per_hour = 60;
      scenario.duration_s = 600;
    });
    expect(run.records.filter((record) => record.type === "leveling_fault").length).toBeGreaterThan(2);
    expect(accuracy.matched).toBeGreaterThan(2);
    expect({ missed: accuracy.missed, false_alarms: accuracy.false_alarms }).toEqual({ missed: [], false_alarms: [] });
  });
});
