/**
 * The binary inputs as the pipeline gets them: a settled change goes on, dated when its wire
 * moved; a chattering door contact is a sensor fault and the door unknown to the lift machine
 * until it holds still, when the door's fact is told again.
 */
import { describe, expect, it } from "vitest";
import { BinaryInputs, type BinaryField } from "../../firmware/conditioning/binary-inputs.ts";
import type { InputChange } from "../../firmware/conditioning/input-filter.ts";
import { defaultConfig } from "../../firmware/config/schema.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { SensorHealth } from "../../firmware/health/sensor-health.ts";
import type { LiftEvent } from "../../firmware/model/lift-machine.ts";

function inputs() {
  const records: DetectionRecord[] = [];
  const events: LiftEvent[] = [];
  const changes: { field: BinaryField; change: InputChange; t: number }[] = [];
  const chatterStarts: { field: BinaryField; at: number }[] = [];
  const settings = defaultConfig().inputs;
  const binary = new BinaryInputs(settings, {}, new SensorHealth((record) => records.push(record)), {
    changed: (field, change, t) => changes.push({ field, change, t }),
    chatterStarted: (field, at) => chatterStarts.push({ field, at }),
    fact: (event) => events.push(event),
  });
  return { binary, records, events, changes, chatterStarts, settings };
}

describe("binary inputs", () => {
  it("passes a change on once it has held its settle time, dated between the reads either side of it", () => {
    const { binary, changes, settings } = inputs();
    binary.push({ t: 0, door_closed: true, occupied: false }, 0);
    expect(changes.map(({ field, change }) => [field, change.value])).toEqual([["door_closed", true], ["occupied", false]]);
    binary.push({ t: 1, door_closed: true }, 1);
    binary.push({ t: 1.02, door_closed: false }, 1.02);
    expect(changes).toHaveLength(2);
    let t = 1.02;
    while (t < 1.02 + settings.door_settle_s - 0.02) binary.push({ t: (t += 0.02), door_closed: false }, t);
    expect(changes).toHaveLength(2);
    binary.push({ t: (t += 0.02), door_closed: false }, t);
    expect(changes).toHaveLength(3);
    expect(changes[2]).toMatchObject({ field: "door_closed", change: { value: false, at: 1.01 }, t });
    expect(binary.value("door_closed")).toBe(false);
    expect(binary.value("alarm")).toBeUndefined();
  });

  it("calls a chattering door contact a fault and the door unknown, then tells the door again once it is still", () => {
    const { binary, records, events, chatterStarts, settings } = inputs();
    binary.push({ t: 0, door_closed: true }, 0);
    let t = 0;
    for (let flip = 1; flip <= settings.chatter_transitions; flip++) binary.push({ t: (t += 0.05), door_closed: flip % 2 === 0 }, t);
    expect(records.map((record) => [record.type, "sensor" in record ? record.sensor : undefined])).toEqual([["sensor_fault", "door_closed"]]);
    expect(events).toEqual([{ type: "DOOR_UNKNOWN", at: 0.05 }]);
    expect(chatterStarts).toEqual([{ field: "door_closed", at: 0.05 }]);
    // Still, closed as it was: no change, but the door's fact stands again.
    const lastFlip = t;
    while (t < lastFlip + settings.chatter_quiet_s + 0.1) binary.push({ t: (t += 0.05), door_closed: true }, t);
    expect(records.map((record) => record.type)).toEqual(["sensor_fault", "sensor_recovered"]);
    expect(events.map((event) => event.type)).toEqual(["DOOR_UNKNOWN", "DOOR_CLOSED"]);
  });

  // Held, its last value had been whichever flip settled last: a vacant car, and a passenger
  // stopped between floors raised no entrapment at all (a review helper's scenario).
  it("makes a chattering presence sensor's fact unknown: a fault, and no car taken for empty", () => {
    const { binary, records, events, chatterStarts, settings } = inputs();
    binary.push({ t: 0, occupied: true }, 0);
    let t = 0;
    for (let flip = 1; flip <= settings.chatter_transitions; flip++) binary.push({ t: (t += 0.05), occupied: flip % 2 === 0 }, t);
    expect(records.map((record) => record.type)).toEqual(["sensor_fault"]);
    expect(events).toEqual([{ type: "PRESENCE_UNKNOWN", at: 0.05 }]);
    expect(chatterStarts.map(({ field }) => field)).toEqual(["occupied"]);
  });

  // A review helper's chattering inspection switch: its first flip held its settle time, so the
  // lift went into maintenance and stayed there, hiding a passenger trapped between floors.
  it("takes back a change a chattering input had settled on: the value before the chatter holds", () => {
    const { binary, changes, records, settings } = inputs();
    const read = (t: number, inspection: boolean) => binary.push({ t, inspection }, t);
    read(0, false);
    let t = 0;
    while (t < 0.3) read((t += 0.02), false);
    while (t < 0.3 + settings.inspection_settle_s + 0.05) read((t += 0.02), true);
    expect(changes.map(({ change }) => change.value)).toEqual([false, true]);
    for (let flip = 1; flip <= settings.chatter_transitions; flip++) read((t += 0.05), flip % 2 === 0);
    expect(records.map((record) => record.type)).toEqual(["sensor_fault"]);
    expect(changes.map(({ change }) => change.value)).toEqual([false, true, false]);
    expect(changes[2].change.at).toBeCloseTo(changes[1].change.at, 1);
    expect(binary.value("inspection")).toBe(false);
  });

  // The trace format: "a cell may be empty where a sensor had no new reading for that row; the
  // last value holds". A trace giving an input only as it changes read it once, and a change
  // waiting for a second read to settle never did (its alarm, power loss or maintenance lost),
  // or was dated midway from the reading before, seconds earlier.
  it("takes an input given only as it changes as holding its value at the frames between", () => {
    const { binary, changes, settings } = inputs();
    binary.push({ t: 0, alarm: false, door_closed: true }, 0);
    binary.push({ t: 5, alarm: true }, 5);
    for (let t = 5.01; t < 5 + settings.alarm_settle_s - 0.005; t += 0.01) binary.push({ t }, t);
    expect(changes.map(({ field }) => field)).toEqual(["door_closed", "alarm"]);
    for (let t = 5.3; t < 9; t += 0.01) binary.push({ t }, t);
    expect(changes[2]).toMatchObject({ field: "alarm", change: { value: true } });
    expect(changes[2].t).toBeCloseTo(5 + settings.alarm_settle_s, 2);
    // Dated after the frame before it (8.99), not midway from the last reading (0 s).
    binary.push({ t: 9, door_closed: false }, 9);
    for (let t = 9.01; t < 10; t += 0.01) binary.push({ t }, t);
    expect(changes[3]).toMatchObject({ field: "door_closed", change: { value: false } });
    expect(changes[3].change.at).toBeGreaterThan(8.98);
    expect(changes[3].change.at).toBeLessThanOrEqual(9);
  });
});
