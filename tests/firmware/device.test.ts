/**
 * The box's sampling loop keeps going when a sensor read fails: it reports the fault once,
 * the recovery once, and still detects what the other sensors show.
 */
import { describe, expect, it } from "vitest";
import { configForScenario } from "../../simulator/simulated-box.ts";
import { Device } from "../../firmware/device.ts";
import { JournalFailure } from "../../firmware/journal/failure.ts";
import { contractViolation, type EventEnvelope } from "../../protocols/contract.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { SimulatedLift } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { simulatedHardware } from "../../simulator/simulated-board.ts";

describe("Device sampling loop", () => {
  /** between-floors with a door contact that throws `thrown` from 2 to 4 s: every envelope the box sent. */
  const withThrowingDoor = (thrown: unknown): EventEnvelope[] => {
    const scenario = loadScenario("between-floors");
    const clock = new VirtualClock();
    const random = new SeededRandom(1);
    const lift = new SimulatedLift(scenario, clock, random);
    const { sensors } = simulatedHardware(scenario, lift, clock, random);
    const realDoor = sensors.doorClosed!;
    sensors.doorClosed = {
      read: () => {
        const t = clock.now() / 1000;
        if (t > 2 && t < 4) throw thrown;
        return realDoor.read();
      },
      close: () => realDoor.close(),
    };
    const envelopes: EventEnvelope[] = [];
    const device = new Device({
      config: configForScenario(scenario),
      sensors,
      clock,
      sink: { event: (envelope) => void envelopes.push(envelope), trip: () => undefined },
      timeQuality: "simulated",
      wallAtMonotonicZeroMs: 0,
    });
    lift.start();
    device.start();
    clock.advanceTo(scenario.duration_s * 1000);
    device.stop();
    return envelopes;
  };

  it("survives a door contact that throws, reports it, and still detects the entrapment", () => {
    const envelopes = withThrowingDoor(new Error("EREMOTEIO: no acknowledge"));
    const types = envelopes.map((envelope) => envelope.type);
    expect(types.filter((type) => type === "sensor_fault")).toHaveLength(1);
    expect(types.filter((type) => type === "sensor_recovered")).toHaveLength(1);
    expect(envelopes.find((envelope) => envelope.type === "sensor_fault")).toMatchObject({
      insured: false,
      details: { sensor: "door_closed", reason: "EREMOTEIO: no acknowledge" },
    });
    expect(types).toContain("entrapment");
  });

  // An error without a message gave a sensor_fault whose reason was empty: nothing for the
  // engineer to go on, and outside the wire contract.
  it("gives a reason for a read that throws an error without a message, within the wire contract", () => {
    const fault = withThrowingDoor(new Error()).find((envelope) => envelope.type === "sensor_fault")!;
    expect(fault.details).toMatchObject({ sensor: "door_closed", reason: "Error" });
    expect(contractViolation("EventEnvelope", fault)).toBeUndefined();
  });

  it("stops its loop and hands a failure of the sink (the journal's storage) to onFailure, once, even when a machine's timer raised the event", () => {
    const scenario = loadScenario("between-floors");
    const build = (onFailure?: (error: unknown) => void) => {
      const clock = new VirtualClock();
      const random = new SeededRandom(1);
      const lift = new SimulatedLift(scenario, clock, random);
      const { sensors } = simulatedHardware(scenario, lift, clock, random);
      let polls = 0;
      const device = new Device({
        config: configForScenario(scenario),
        sensors,
        clock,
        sink: {
          event: () => {
            throw new JournalFailure("journal: disk full", "SQLITE_FULL");
          },
          trip: () => undefined,
        },
        timeQuality: "simulated",
        wallAtMonotonicZeroMs: 0,
        onPoll: () => void polls++,
        onFailure,
      });
      lift.start();
      device.start();
      return { clock, device, polls: () => polls };
    };
    const failures: unknown[] = [];
    const handled = build((error) => failures.push(error));
    handled.clock.advanceTo(scenario.duration_s * 1000);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(JournalFailure);
    const pollsAtFailure = handled.polls();
    expect(pollsAtFailure).toBeLessThan((scenario.duration_s * 1000) / configForScenario(scenario).sampling.poll_interval_ms);
    handled.clock.advanceTo(scenario.duration_s * 2000);
    expect(handled.polls()).toBe(pollsAtFailure);
    handled.device.stop();
  });
});
