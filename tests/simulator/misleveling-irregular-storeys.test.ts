/**
 * Misleveling in a building whose storeys differ (a lobby 4.5 m tall, 3 m above it). A stop's
 * leveling is measured from an earlier zone edge of its run, scaled by the known span between
 * them; that span is doubted as far as a run placed a landing out would change it. Here that
 * doubt was 1.5 m for every run from the lobby, and a 45 mm stop went unreported (a review
 * helper's lobby variant of leveling-fault: 10 of 12 faults missed). The run's own integration
 * rules such a placing out: no chip reads a span a quarter off, and a span further off than the
 * chip's tolerance is no doubt.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function lobbyBuilding(changes: (scenario: Scenario) => void = () => {}): Scenario {
  const scenario = loadScenario("leveling-fault");
  scenario.building.landings_m = [0, 4.5, 7.5, 10.5, 13.5];
  changes(scenario);
  return scenario;
}

function judged(scenario: Scenario, seed: number) {
  const run = runScenario(scenario, { seed });
  const [accuracy] = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]).scenarios;
  return { run, accuracy };
}

describe("misleveling where the storeys differ", () => {
  it.each([1, 2, 3])("reports both stops left 45 mm high on the way from the lobby (seed %i)", (seed) => {
    const { run, accuracy } = judged(lobbyBuilding(), seed);
    const faults = run.records.filter((record) => record.type === "leveling_fault");
    expect(faults.map((record) => record.t)).toHaveLength(2);
    expect({ missed: accuracy.missed, false_alarms: accuracy.false_alarms }).toEqual({ missed: [], false_alarms: [] });
  });

  it("reports no misleveling where every stop is level, at 400 Hz", () => {
    const scenario = lobbyBuilding((scenario) => {
      scenario.faults = [];
      scenario.box.accelerometer_hz = 400;
      scenario.traffic.passengers_per_hour = 90;
      scenario.duration_s = 600;
    });
    const { run, accuracy } = judged(scenario, 4);
    expect(run.trips.length).toBeGreaterThan(10);
    expect(run.records.filter((record) => record.type === "leveling_fault")).toEqual([]);
    expect(accuracy.false_alarms).toEqual([]);
  });
});
