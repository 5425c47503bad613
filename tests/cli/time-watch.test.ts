/**
 * A box that boots before its network: events before NTP sets the clock say "unsynchronised"
 * with the wall time the box believed; later ones carry the synchronised wall time. What was
 * sealed before keeps what was true then.
 */
import { describe, expect, it } from "vitest";
import { TimeWatch, WALL_STEP_MS } from "../../cli/time-watch.ts";
import { Device } from "../../firmware/device.ts";
import type { EventEnvelope } from "../../protocols/contract.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { SimulatedLift } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { simulatedHardware } from "../../simulator/simulated-board.ts";
import { configForScenario } from "../../simulator/simulated-box.ts";

/** A system whose answers and clocks the test sets. */
function system(initialWallMs: number) {
  const state = { synchronised: false, wallMs: initialWallMs, monotonicMs: 0 };
  const changes: { synchronised: boolean; wallAtZeroMs: number }[] = [];
  const watch = new TimeWatch({
    synchronised: false,
    wallAtMonotonicZeroMs: initialWallMs,
    check: async () => state.synchronised,
    wallNowMs: () => state.wallMs,
    monotonicNowMs: () => state.monotonicMs,
    onChange: (synchronised, wallAtZeroMs) => changes.push({ synchronised, wallAtZeroMs }),
  });
  const pass = (ms: number) => {
    state.wallMs += ms;
    state.monotonicMs += ms;
  };
  return { state, changes, watch, pass };
}

describe("the wall clock after start", () => {
  it("says nothing while nothing changes, then gives the new reference once NTP has stepped the clock", async () => {
    const { state, changes, watch, pass } = system(Date.UTC(1970, 0, 1));
    pass(60_000);
    await watch.check();
    expect(changes).toEqual([]);
    // NTP sets the clock 56 years forward and says it is synchronised.
    state.wallMs = Date.UTC(2026, 11, 1, 6, 0, 0);
    state.synchronised = true;
    await watch.check();
    expect(changes).toEqual([{ synchronised: true, wallAtZeroMs: Date.UTC(2026, 11, 1, 6, 0, 0) - 60_000 }]);
    pass(60_000);
    await watch.check();
    expect(changes).toHaveLength(1);
  });

  it("takes a step of the synchronised clock beyond the tolerance as a new reference, not a slew within it", async () => {
    const { state, changes, watch, pass } = system(1_000_000);
    state.synchronised = true;
    await watch.check();
    expect(changes).toHaveLength(1);
    pass(1000);
    state.wallMs += WALL_STEP_MS / 2;
    await watch.check();
    expect(changes).toHaveLength(1);
    state.wallMs += WALL_STEP_MS * 4;
    await watch.check();
    expect(changes).toHaveLength(2);
    expect(changes[1].wallAtZeroMs).toBe(1_000_000 + WALL_STEP_MS / 2 + WALL_STEP_MS * 4);
  });

  it("a retimed box dates later events on the new reference and marks them; earlier ones keep theirs", () => {
    const scenario = loadScenario("between-floors");
    const clock = new VirtualClock();
    const random = new SeededRandom(1);
    const lift = new SimulatedLift(scenario, clock, random);
    const { sensors } = simulatedHardware(scenario, lift, clock, random);
    const envelopes: EventEnvelope[] = [];
    const wrongWallMs = Date.UTC(1970, 0, 1);
    const device = new Device({
      config: configForScenario(scenario),
      sensors,
      clock,
      sink: { event: (envelope) => void envelopes.push(envelope), trip: () => undefined },
      timeQuality: "unsynchronised",
      wallAtMonotonicZeroMs: wrongWallMs,
    });
    lift.start();
    device.start();
    const before = device.timeNow();
    expect(before.time_quality).toBe("unsynchronised");
    // Until the box has sealed something on the wrong clock.
    while (envelopes.length === 0 && clock.now() < scenario.duration_s * 1000) clock.advanceTo(clock.now() + 1000);
    expect(envelopes.length).toBeGreaterThan(0);
    expect(Date.parse(envelopes[0].raised.wall)).toBe(wrongWallMs + envelopes[0].raised.mono_ms);
    const sealedBefore = envelopes.map((envelope) => structuredClone(envelope));
    const rightWallMs = Date.UTC(2026, 11, 1, 6, 0, 0);
    device.retime("synchronised", rightWallMs);
    clock.advanceTo(scenario.duration_s * 1000);
    device.stop();
    const later = envelopes.slice(sealedBefore.length);
    expect(later.length).toBeGreaterThan(0);
    for (const envelope of later) {
      expect(envelope.time_quality).toBe("synchronised");
      expect(Date.parse(envelope.raised.wall)).toBe(rightWallMs + envelope.raised.mono_ms);
    }
    expect(envelopes.slice(0, sealedBefore.length)).toEqual(sealedBefore);
    const now = device.timeNow();
    expect(now).toEqual({ at: { mono_ms: scenario.duration_s * 1000, wall: new Date(rightWallMs + scenario.duration_s * 1000).toISOString() }, time_quality: "synchronised" });
  });
});
