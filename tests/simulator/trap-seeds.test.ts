/**
 * A trap scenario must raise nothing insured whatever its noise and its passengers' timing,
 * not only for the seed in its file: each seed is another car with other passengers.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

describe("passengers jumping in a parked car, whatever the seed", () => {
  // Seeds 1-10: before the gravity reference was kept through the ropes' bouncing, 6 of them
  // raised overspeed, overtravel, door open while moving or abnormal vibration.
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])("seed %i raises no insured event", (seed) => {
    const scenario = loadScenario("passengers-jumping");
    scenario.seed = seed;
    const insured = runScenario(scenario).envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.map((envelope) => `${envelope.type} at ${envelope.onset.mono_ms} ms`)).toEqual([]);
  });
});
