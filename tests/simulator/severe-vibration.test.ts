/**
 * A car vibrating hard (a worn guide roller well past the 0.5 m/s² limit) is the car's
 * vibration, not a box being handled: each vibrating run is reported, and every trip is seen.
 * At 1.1 m/s² rms the measure was reset as handling all through each run; at 1.5 runs could
 * not start, the car moved unseen, and the box raised a false overtravel.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { assessAccuracy } from "../../simulator/accuracy.ts";

describe.each([1.1, 1.5, 2.0])("abnormal-vibration at %f m/s² rms", (rms) => {
  const scenario = loadScenario("abnormal-vibration");
  for (const fault of scenario.faults) if (fault.kind === "vibration") fault.rms_mps2 = rms;
  const run = runScenario(scenario);

  it("reports each vibrating run, and nothing the truth does not hold", () => {
    const { matched, missed, false_alarms } = assessAccuracy([{ name: scenario.name, run }]).scenarios[0];
    expect(missed.map((record) => `${record.event} at ${record.onset}`)).toEqual([]);
    expect(false_alarms.map((record) => `${record.type} at ${record.onset}`)).toEqual([]);
    expect(matched).toBe(2);
  });

  it("raises nothing insured and sees every trip", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type)).toEqual([]);
    expect(run.trips.length).toBe(run.truth.filter((record) => record.type === "trip").length);
  });
});
