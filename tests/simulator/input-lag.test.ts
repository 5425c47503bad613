/**
 * A debounced input's reading follows its wire by the debounce time, and a poll every 20 ms
 * knows a change only to ±10 ms. The box dates a change at the edge its driver timed, and
 * tells the pipeline each input's lag for inputs that cannot time theirs: a door-zone edge
 * is where the leveling estimate starts counting.
 */
import { describe, expect, it } from "vitest";
import { fittedSensors } from "../../firmware/device.ts";
import { boardForScenario } from "../../simulator/simulated-board.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox, runScenario } from "../../simulator/simulated-box.ts";

describe("input lag", () => {
  it("reaches the pipeline's view of the sensors, through the tap, as the board's debounce", () => {
    const scenario = loadScenario("leveling-fault");
    const box = createSimulatedBox(scenario, { sink: { event: (envelope) => envelope, trip: () => {} } });
    const lag = fittedSensors(box.tap.sensors).inputLagS!;
    const inputs = boardForScenario(scenario.box).inputs;
    expect(lag.door_zone).toBe(inputs.door_zone!.debounce_ms / 1000);
    expect(lag.door_closed).toBe(inputs.door_contact!.debounce_ms / 1000);
    expect(lag.door_zone).toBeGreaterThan(0);
    box.device.stop();
  });

  it("measures leveling from the door-zone edge's own moment: within its stated uncertainty of the truth", () => {
    const errors: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const scenario = loadScenario("leveling-fault");
      scenario.box.accelerometer_hz = 400;
      const run = runScenario(scenario, { seed });
      const measured = run.records.filter((record) => record.type === "leveling_fault") as unknown as { error_mm: number; uncertainty_mm: number }[];
      const truth = run.truth.flatMap((record) => (record.type === "expected" && record.event === "leveling_fault" ? [record.details.error_mm as number] : []));
      expect(measured).toHaveLength(truth.length);
      measured.forEach(({ error_mm, uncertainty_mm }, index) => {
        errors.push(error_mm - truth[index]);
        expect(Math.abs(error_mm - truth[index])).toBeLessThanOrEqual(3 * uncertainty_mm);
      });
    }
    // Dated midway between polls instead (the edges not passed on), these six read 2.7 mm RMS.
    const rms = Math.sqrt(errors.reduce((sum, error) => sum + error * error, 0) / errors.length);
    expect(rms).toBeLessThan(1.8);
  });
});
