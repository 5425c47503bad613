/**
 * The simulator's truth log is for whoever judges the firmware; a simulated box that runs for
 * days with nobody judging it (`liftwatch run`, the fleet) does not keep it, and its lift and
 * firmware must behave the same either way.
 */
import { describe, expect, it } from "vitest";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";

function run(keepTruth: boolean | undefined) {
  const scenario = loadScenario("entrapment-at-floor");
  const records: DetectionRecord[] = [];
  const box = createSimulatedBox(scenario, { seed: 3, keepTruth, sink: { event: (envelope) => envelope, trip: () => {} }, onRecord: (record) => records.push(record) });
  box.clock.advanceTo(scenario.duration_s * 1000);
  box.device.stop();
  return { truth: box.lift.truth, records };
}

describe("the simulator's truth log", () => {
  it("is kept by default: trips and the durable entrapment, closed where it ended", () => {
    const { truth } = run(undefined);
    expect(truth.some((record) => record.type === "trip")).toBe(true);
    const entrapment = truth.find((record) => record.type === "expected" && record.event === "entrapment");
    expect(entrapment).toBeDefined();
  });

  it("is not kept on request, and nothing the box detects changes", () => {
    const kept = run(true);
    const unkept = run(false);
    expect(unkept.truth).toEqual([]);
    expect(kept.records.length).toBeGreaterThan(0);
    expect(unkept.records).toEqual(kept.records);
  });
});
