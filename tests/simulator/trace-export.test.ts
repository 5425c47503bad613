/**
 * An exported trace's rows are the state at their t (trace-format.md §2). A debounced
 * input's reading follows its wire by the debounce, so the exporter writes it that much
 * earlier, and a replay dates each edge when the wire moved, as the live box does.
 */
import { describe, expect, it } from "vitest";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { SimulatedLift } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { simulatedHardware } from "../../simulator/simulated-board.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";
import { scenarioTrace, sensorTrace } from "../../simulator/trace-export.ts";

/** The door's true edges (s) and the trace of what the box read, for one seeded scenario. */
function doorEdgesAndTrace(seed: number, durationS: number) {
  const scenario = loadScenario("normal-hour");
  const clock = new VirtualClock();
  const random = new SeededRandom(seed);
  const lift = new SimulatedLift(scenario, clock, random);
  const { sensors } = simulatedHardware(scenario, lift, clock, random);
  const edges: number[] = [];
  let closed = lift.doorClosed;
  lift.onChange(() => {
    if (lift.doorClosed !== closed) edges.push(clock.now() / 1000);
    closed = lift.doorClosed;
  });
  lift.start();
  const trace = parseTrace(sensorTrace(sensors, clock, durationS, []), "export.csv");
  return { edges, frames: trace.frames, lagS: sensors.doorClosed!.lagS! };
}

describe("exported trace", () => {
  it("dates a door edge, midway between the rows either side of it, when the door moved", () => {
    const { edges, frames, lagS } = doorEdgesAndTrace(3, 900);
    expect(lagS).toBeGreaterThanOrEqual(0.01);
    const dated: number[] = [];
    let last: { t: number; closed: boolean } | undefined;
    for (const frame of frames) {
      if (frame.door_closed === undefined) continue;
      if (last && frame.door_closed !== last.closed) dated.push((last.t + frame.t) / 2);
      last = { t: frame.t, closed: frame.door_closed };
    }
    expect(edges.length).toBeGreaterThan(40);
    expect(dated).toHaveLength(edges.length);
    const errors = dated.map((t, index) => t - edges[index]);
    const mean = errors.reduce((sum, error) => sum + error, 0) / errors.length;
    // The simulated wiring looks at a parked car's lines every 10 ms, so the wire itself moves
    // 0-10 ms after the door; polls 20 ms apart date an edge within ±10 ms of the wire. Written
    // at its poll, every edge would read the contact's 10 ms debounce later.
    expect(mean).toBeGreaterThan(0.002);
    expect(mean).toBeLessThan(0.008);
  });

  it.each([1, 2])("replays to the leveling the live box measured (seed %i)", (seed) => {
    const scenario = loadScenario("leveling-fault");
    const live: number[] = [];
    const box = createSimulatedBox(scenario, {
      seed,
      sink: {
        event: (envelope) => {
          if (envelope.type === "leveling_fault") live.push((envelope.details as { error_mm: number }).error_mm);
          return envelope;
        },
        trip: () => {},
      },
    });
    box.clock.advanceTo(scenario.duration_s * 1000);
    box.device.stop();
    const trace = parseTrace(scenarioTrace(scenario, seed), "leveling-fault.csv");
    const replayed = replayTrace(trace, configFromMetadata(trace, "leveling-fault.csv"))
      .filter((record) => record.type === "leveling_fault")
      .map((record) => record.error_mm as number);
    expect(live).toHaveLength(2);
    expect(replayed).toHaveLength(live.length);
    // The same lift, sensors and seed: a door-zone edge written at its poll read about 2 mm off.
    replayed.forEach((errorMm, index) => expect(Math.abs(errorMm - live[index])).toBeLessThanOrEqual(0.5));
  });
});
