/**
 * Faults of the box's own hardware, scheduled as scenario data and acting on the bus and the
 * wires between the real drivers and the emulated chips: for each kind, the box keeps going,
 * reports the right health and event, recovers when the fault clears, and raises nothing
 * insured from what it could not read. Then the same over random fault schedules.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DetectionRecord } from "../../firmware/frame.ts";
import type { EventEnvelope, StatusMessage } from "../../protocols/contract.ts";
import { scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";

/** A four-storey block with steady traffic: trips throughout, nothing insured. */
function quietBlock(faults: unknown[], duration_s = 150): Scenario {
  return scenarioSchema.parse({
    name: "quiet-block",
    duration_s,
    seed: 5,
    building: { landings_m: [0, 3, 6, 9] },
    lift: { rated_speed_mps: 1 },
    box: { accelerometer_hz: 100, barometer: true, noise_mps2: 0.02 },
    passengers: [
      { at: 5, from: 0, to: 3 },
      { at: 45, from: 3, to: 1 },
      { at: 85, from: 1, to: 2 },
      { at: 115, from: 2, to: 0 },
    ],
    faults,
  });
}

interface Run {
  envelopes: EventEnvelope[];
  records: DetectionRecord[];
  /** status every second, by simulated second */
  statuses: Map<number, StatusMessage>;
  truthTrips: number;
}

function run(scenario: Scenario): Run {
  const envelopes: EventEnvelope[] = [];
  const records: DetectionRecord[] = [];
  const box = createSimulatedBox(scenario, { sink: { event: (envelope) => void envelopes.push(envelope), trip: () => undefined }, onRecord: (record) => records.push(record) });
  const statuses = new Map<number, StatusMessage>();
  for (let second = 1; second <= scenario.duration_s; second++) {
    box.clock.advanceTo(second * 1000);
    statuses.set(second, box.device.status(true));
  }
  box.device.stop();
  return { envelopes, records, statuses, truthTrips: box.lift.truth.filter((record) => record.type === "trip").length };
}

const faultsOf = (records: DetectionRecord[], type: string, sensor: string) => records.filter((record) => record.type === type && record.sensor === sensor);
const insured = (run: Run) => run.envelopes.filter((envelope) => envelope.insured).map((envelope) => envelope.type);
const trips = (run: Run) => run.records.filter((record) => record.type === "trip").length;

describe.each([
  ["nack", "accelerometer"],
  ["timeout", "accelerometer"],
  ["reads_zeros", "accelerometer"],
  ["nack", "barometer"],
  ["timeout", "barometer"],
] as const)("a %s fault on the %s for 20 s", (kind, device) => {
  const result = run(quietBlock([{ at: 50, kind: "bus_fault", device, fault: kind, duration_s: 20 }]));

  it("is reported once, soon after its onset, and recovered within a few seconds of its end", () => {
    const [fault, ...repeats] = faultsOf(result.records, "sensor_fault", device);
    expect(repeats).toEqual([]);
    expect(fault.t).toBeGreaterThanOrEqual(50);
    // A failing transfer is seen at the next poll; a chip that answers zeros (an empty FIFO)
    // only once nothing has come for health.gap_s (1.5 s).
    expect(fault.t).toBeLessThan(kind === "reads_zeros" ? 51.6 : 50.1);
    const [recovered] = faultsOf(result.records, "sensor_recovered", device);
    // The first readings back may be the FIFO-full the chip took just before (32 at 100 Hz).
    expect(recovered.t).toBeGreaterThanOrEqual(70 - 0.33);
    expect(recovered.t).toBeLessThan(73);
  });

  it("shows as a warning in the health message only while it lasts", () => {
    expect(result.statuses.get(49)!.sensors).toEqual({});
    expect(result.statuses.get(60)!.sensors).toEqual({ [device]: "warning" });
    expect(result.statuses.get(80)!.sensors).toEqual({});
  });

  it("raises nothing insured, and the trips before and after are found", () => {
    expect(insured(result)).toEqual([]);
    // The trip under way at the fault may be lost with the accelerometer; the others are not.
    expect(trips(result)).toBeGreaterThanOrEqual(result.truthTrips - (device === "accelerometer" ? 1 : 0));
  });
});

describe("a few failed transfers (nack, count 3)", () => {
  const result = run(quietBlock([{ at: 30, kind: "bus_fault", device: "accelerometer", fault: "nack", count: 3 }]));

  it("are a fault of well under a second, then recovered; nothing insured, no trip lost", () => {
    const [fault] = faultsOf(result.records, "sensor_fault", "accelerometer");
    const [recovered] = faultsOf(result.records, "sensor_recovered", "accelerometer");
    expect(recovered.t - fault.t).toBeLessThan(0.5);
    expect(insured(result)).toEqual([]);
    expect(trips(result)).toBe(result.truthTrips);
  });
});

describe.each(["accelerometer", "barometer"] as const)("the %s resets (brown-out) in the middle of a trip", (device) => {
  // The trip from landing 3 starts at about 45 s plus the door cycle: the reset strikes in it.
  const result = run(quietBlock([{ at: 57, kind: "chip_reset", device }]));

  it("is configured again by its driver: nothing insured, and the trips after it are found", () => {
    expect(insured(result)).toEqual([]);
    expect(trips(result)).toBeGreaterThanOrEqual(result.truthTrips - 1);
    expect(result.statuses.get(150)!.sensors).toEqual({});
  });
});

describe("a stuck register", () => {
  it("the accelerometer's FIFO status stuck at zero: no samples, a fault, nothing insured", () => {
    // ADXL345 FIFO_STATUS (0x39): entries 0, so the driver drains nothing.
    const result = run(quietBlock([{ at: 50, kind: "bus_fault", device: "accelerometer", fault: "stuck_register", register: 0x39, value: 0, duration_s: 20 }]));
    expect(faultsOf(result.records, "sensor_fault", "accelerometer")).toHaveLength(1);
    expect(faultsOf(result.records, "sensor_recovered", "accelerometer")).toHaveLength(1);
    expect(insured(result)).toEqual([]);
  });
});

describe("the inputs' wires", () => {
  it("a chattering door contact is a fault of the door input, recovered when it stops; nothing insured", () => {
    const result = run(quietBlock([{ at: 20, kind: "contact_chatter", input: "door_contact", duration_s: 15 }]));
    const [fault] = faultsOf(result.records, "sensor_fault", "door_closed");
    expect(fault.t).toBeGreaterThanOrEqual(20);
    expect(fault.t).toBeLessThan(26);
    expect(faultsOf(result.records, "sensor_recovered", "door_closed")).toHaveLength(1);
    expect(insured(result)).toEqual([]);
  });

  it("missed door-zone pulses raise nothing insured and lose no trip", () => {
    const result = run(quietBlock([{ at: 0, kind: "missing_leveling_pulse", count: 3 }]));
    expect(insured(result)).toEqual([]);
    expect(trips(result)).toBe(result.truthTrips);
  });
});

describe("random fault schedules", () => {
  const busFault = fc.record({
    kind: fc.constant("bus_fault"),
    at: fc.integer({ min: 10, max: 110 }),
    device: fc.constantFrom("accelerometer", "barometer"),
    fault: fc.constantFrom("nack", "timeout", "reads_zeros"),
    duration_s: fc.integer({ min: 1, max: 25 }),
  });
  const reset = fc.record({ kind: fc.constant("chip_reset"), at: fc.integer({ min: 10, max: 130 }), device: fc.constantFrom("accelerometer", "barometer") });
  const chatter = fc.record({ kind: fc.constant("contact_chatter"), at: fc.integer({ min: 10, max: 110 }), duration_s: fc.integer({ min: 1, max: 20 }), input: fc.constantFrom("door_contact", "door_zone", "alarm_button") });

  it("never crash the box, never raise an insured event, and leave every sensor healthy once they are over", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(busFault, reset, chatter), { minLength: 1, maxLength: 4 }), (faults) => {
        const result = run(quietBlock(faults, 180));
        expect(insured(result)).toEqual([]);
        expect(result.statuses.get(180)!.sensors).toEqual({});
        // Every fault reported was recovered.
        for (const sensor of new Set(result.records.filter((record) => record.type === "sensor_fault").map((record) => record.sensor as string))) {
          expect(faultsOf(result.records, "sensor_recovered", sensor).length, sensor).toBe(faultsOf(result.records, "sensor_fault", sensor).length);
        }
      }),
      { numRuns: 12, seed: 20261201 },
    );
  });
});
