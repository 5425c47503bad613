/**
 * An exported trace's rows are the state at their t (trace-format.md §2). A debounced
 * input's reading follows its wire by the debounce, so the exporter writes it that much
 * earlier, and a replay dates each edge when the wire moved, as the live box does.
 */
import { describe, expect, it } from "vitest";
import type { DetectionRecord, SensorFrame } from "../../firmware/frame.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { SimulatedLift } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { simulatedHardware } from "../../simulator/simulated-board.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace, sensorTrace } from "../../simulator/trace-export.ts";

/** The door's true edges (s, and whether it closed) and the trace of what the box read, for one seeded scenario. */
function doorEdgesAndTrace(seed: number, durationS: number) {
  const scenario = loadScenario("normal-hour");
  const clock = new VirtualClock();
  const random = new SeededRandom(seed);
  const lift = new SimulatedLift(scenario, clock, random);
  const { sensors } = simulatedHardware(scenario, lift, clock, random);
  const edges: { t: number; closed: boolean }[] = [];
  let closed = lift.doorClosed;
  lift.onChange(() => {
    if (lift.doorClosed !== closed) edges.push({ t: clock.now() / 1000, closed: lift.doorClosed });
    closed = lift.doorClosed;
  });
  lift.start();
  const trace = parseTrace(sensorTrace(sensors, clock, durationS, []), "export.csv");
  return { edges, frames: trace.frames };
}

/** Each door change in the frames, dated midway between the rows either side of it (as a replay dates it), with its new value. */
function datedDoorChanges(frames: SensorFrame[]): { t: number; closed: boolean }[] {
  const changes: { t: number; closed: boolean }[] = [];
  let last: { t: number; closed: boolean } | undefined;
  for (const frame of frames) {
    if (frame.door_closed === undefined) continue;
    if (last && frame.door_closed !== last.closed) changes.push({ t: (last.t + frame.t) / 2, closed: frame.door_closed });
    last = { t: frame.t, closed: frame.door_closed };
  }
  return changes;
}

describe("exported trace", () => {
  it.each([2, 3])("dates each door edge, midway between the rows either side of it, when the door moved (seed %i)", (seed) => {
    const { edges, frames } = doorEdgesAndTrace(seed, 900);
    const errors = datedDoorChanges(frames).map((dated) => {
      const nearest = edges.filter((edge) => edge.closed === dated.closed).reduce((best, edge) => (Math.abs(edge.t - dated.t) < Math.abs(best - dated.t) ? edge.t : best), Infinity);
      return dated.t - nearest;
    });
    // A door open for less than the contact's debounce is never read; the rest are.
    expect(errors.length).toBeGreaterThan(edges.length * 0.9);
    errors.sort((a, b) => Math.abs(a) - Math.abs(b));
    // The contact's driver times its first edge, written with the old value 10 µs before it.
    // Where the contact still bounced at the poll's row before, it is dated after that row: at
    // most its bounce (5 ms) late. Dated between rows 20 ms apart instead (the timed edge
    // ignored), the three-quarter mark read 7.6-8.1 ms off.
    expect(Math.abs(errors[Math.floor(errors.length * 0.75)])).toBeLessThan(0.00002);
    for (const error of errors) expect(error).toBeGreaterThanOrEqual(-0.00002);
    for (const error of errors) expect(error).toBeLessThan(0.0055);
  });

  it.each([1, 2])("replays to the leveling the live box measured (seed %i)", (seed) => {
    const levelingErrors = (records: DetectionRecord[]) => records.filter((record) => record.type === "leveling_fault").map((record) => record.error_mm as number);
    const live = levelingErrors(runScenario(loadScenario("leveling-fault"), { seed }).records);
    const trace = parseTrace(scenarioTrace(loadScenario("leveling-fault"), seed), "leveling-fault.csv");
    const replayed = levelingErrors(replayTrace(trace, configFromMetadata(trace, "leveling-fault.csv")));
    expect(live).toHaveLength(2);
    expect(replayed).toHaveLength(live.length);
    // The same lift, sensors and seed: a door-zone edge written at its poll read 1-2 mm off.
    replayed.forEach((errorMm, index) => expect(Math.abs(errorMm - live[index])).toBeLessThanOrEqual(0.5));
  });

  it("keeps its rows in time order with a lag longer than the poll, and dates each timed edge exactly", () => {
    const clock = new VirtualClock();
    // A door that moves every 0.13 s (off the polls' 10 ms grid), read through a 50 ms debounce that times its edges.
    const moves = Array.from({ length: 20 }, (_, index) => 0.1037 + 0.13 * index);
    const closedAt = (t: number) => moves.filter((moved) => moved <= t).length % 2 === 0;
    const doorClosed = {
      lagS: 0.05,
      read: () => closedAt(clock.now() / 1000 - 0.05),
      get changedAt() {
        const now = clock.now() / 1000 - 0.05;
        return moves.filter((moved) => moved <= now).at(-1) ?? NaN;
      },
      close: () => {},
    };
    const alarm = { lagS: 0, read: () => false, close: () => {} };
    const trace = parseTrace(sensorTrace({ doorClosed, alarm }, clock, 3, []), "export.csv");
    const dated = datedDoorChanges(trace.frames).map((change) => change.t);
    // Read 50 ms late at polls 20 ms apart, yet each is dated at its edge (to the 10 µs the trace writes).
    expect(dated).toHaveLength(moves.length);
    dated.forEach((t, index) => expect(Math.abs(t - moves[index])).toBeLessThanOrEqual(0.00001));
  });
});
