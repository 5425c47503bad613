/**
 * The configuration's sensors.* flags: a part flagged not fitted is left out, whatever the
 * board wires or the trace records, on a live box and in a replay alike.
 */
import { describe, expect, it } from "vitest";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { configSchema } from "../../firmware/config/schema.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";

const entrapmentOf = (records: DetectionRecord[]) => records.find((record) => record.type === "entrapment");

describe("sensors.* flags", () => {
  const scenario = loadScenario("between-floors");

  it("a presence sensor flagged not fitted is not read: the entrapment between floors is only suspected", () => {
    expect(entrapmentOf(runScenario(scenario, { seed: 1 }).records)).toMatchObject({ kind: "between_floors", suspected: false, confidence: "probable" });
    const unfitted = runScenario(scenario, { seed: 1, config: { sensors: { presence: false } } }).records;
    expect(entrapmentOf(unfitted)).toMatchObject({ kind: "between_floors", suspected: true, confidence: "suspected" });
  });

  it("a door-zone sensor flagged not fitted is not read, in a replay as on the box: no stop has its leveling measured", () => {
    const trace = parseTrace(scenarioTrace(scenario), "between-floors.csv");
    expect(trace.fitted.door_zone).toBe(true);
    const config = configFromMetadata(trace, "between-floors.csv");
    const levelings = (sensors: Partial<typeof config.sensors>) =>
      replayTrace(trace, configSchema.parse({ ...config, sensors: { ...config.sensors, ...sensors } }))
        .filter((record) => record.type === "trip" && record.leveling_error_mm !== undefined)
        .length;
    expect(levelings({})).toBeGreaterThan(0);
    expect(levelings({ door_zone: false })).toBe(0);
  });
});
