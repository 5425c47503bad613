/**
 * The trace format lets a binary input be written only where it changes ("a cell may be empty
 * where a sensor had no new reading for that row; the last value holds"). A simulated trace
 * so thinned says what the whole one says: the same records, their onsets within a poll.
 */
import { describe, expect, it } from "vitest";
import type { SensorFrame } from "../../firmware/frame.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";

const BINARY = ["door_closed", "door_zone", "occupied", "alarm", "mains", "inspection"] as const;

/** The frames with each binary input kept only where it differs from its last value. */
function changesOnly(frames: SensorFrame[]): SensorFrame[] {
  const last: Partial<Record<(typeof BINARY)[number], boolean>> = {};
  return frames.map((frame) => {
    const thinned: SensorFrame = { ...frame };
    for (const field of BINARY) {
      const value = frame[field];
      if (value === undefined) continue;
      if (last[field] === value) delete thinned[field];
      last[field] = value;
    }
    return thinned;
  });
}

describe.each(["demo", "power-loss", "alarm-button", "maintenance-moves"])("%s's trace with its inputs written only where they change", (name) => {
  const scenario = loadScenario(name);
  const trace = parseTrace(scenarioTrace(scenario), `${name}.csv`);
  const config = configFromMetadata(trace, `${name}.csv`);
  const whole = replayTrace(trace, config);
  const thinned = replayTrace({ ...trace, frames: changesOnly(trace.frames) }, config);

  it("raises the same records, at the same onsets within a poll", () => {
    expect(thinned.map((record) => record.type)).toEqual(whole.map((record) => record.type));
    thinned.forEach((record, index) => expect(Math.abs(record.onset - whole[index].onset), `${record.type} at ${whole[index].onset}`).toBeLessThan(0.025));
  });
});
