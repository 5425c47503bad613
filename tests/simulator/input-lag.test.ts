/**
 * A debounced input's reading follows its wire by the debounce time. The box tells the
 * pipeline each input's lag, from the board's own settings, so that a change is dated when
 * the wire moved (a door-zone edge is where the leveling estimate starts counting).
 */
import { describe, expect, it } from "vitest";
import { fittedSensors } from "../../firmware/device.ts";
import { boardForScenario } from "../../simulator/simulated-board.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";

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
});
