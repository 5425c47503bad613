/**
 * The lift machine on its own, on a virtual clock: facts in, detections out.
 */
import { describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { defaultConfig } from "../../firmware/config/schema.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { liftMachine, type LiftEvent } from "../../firmware/model/lift-machine.ts";
import { VirtualClock } from "../../simulator/clock.ts";

function harness(overrides: Parameters<typeof defaultConfig>[0] = {}) {
  const clock = new VirtualClock();
  const config = defaultConfig(overrides);
  const actor = createActor(liftMachine, { clock, input: { detection: config.detection, clock } });
  const records: DetectionRecord[] = [];
  actor.on("detected", (event) => records.push(event.record));
  actor.start();
  const at = (seconds: number, ...events: Omit<LiftEvent, "at">[]) => {
    clock.advanceTo(seconds * 1000);
    for (const event of events) actor.send({ ...event, at: seconds } as LiftEvent);
  };
  return { clock, actor, records, at, config, types: () => records.map((record) => record.type) };
}

const stoppedBetweenFloors = [{ type: "DOOR_CLOSED" }, { type: "ZONE_LEFT" }, { type: "OCCUPIED" }, { type: "MOTION_STOPPED" }] as const;

describe("entrapment detector", () => {
  it("raises between floors after the configured delay, counted from the onset", () => {
    const lift = harness();
    lift.at(10, ...stoppedBetweenFloors);
    lift.clock.advanceTo(39_900);
    expect(lift.types()).toEqual([]);
    lift.clock.advanceTo(40_100);
    expect(lift.records).toHaveLength(1);
    expect(lift.records[0]).toMatchObject({ type: "entrapment", t: 40, onset: 10, kind: "between_floors", suspected: false, confidence: "probable" });
  });

  it("counts from when the stop happened, even when the stop is learnt late", () => {
    const lift = harness();
    lift.at(0, { type: "DOOR_CLOSED" }, { type: "ZONE_LEFT" }, { type: "OCCUPIED" });
    lift.clock.advanceTo(11_000);
    lift.actor.send({ type: "MOTION_STOPPED", at: 10 });
    lift.clock.advanceTo(100_000);
    expect(lift.records.find((record) => record.type === "entrapment")).toMatchObject({ t: 40, onset: 10 });
  });

  it("counts from when the door shut, where the fact completing it is dated before (a stop reckoned with the door open)", () => {
    const lift = harness();
    lift.at(0, { type: "OCCUPIED" }, { type: "DOOR_OPENED" });
    lift.at(10, { type: "MOTION_STOPPED" });
    lift.at(100, { type: "DOOR_CLOSED" });
    // A box without a door-zone sensor tells "outside" once the door shuts, dated at the stop.
    lift.actor.send({ type: "ZONE_LEFT", at: 10 });
    lift.clock.advanceTo(129_900);
    expect(lift.types()).not.toContain("entrapment");
    lift.clock.advanceTo(200_000);
    expect(lift.records.find((record) => record.type === "entrapment")).toMatchObject({ t: 130, onset: 100 });
  });

  it("keeps each box's settings and clock apart, though every box runs the one machine", () => {
    const quick = harness({ detection: { entrapment_between_floors_s: 20 } });
    const slow = harness({ detection: { entrapment_between_floors_s: 50 } });
    quick.at(10, ...stoppedBetweenFloors);
    slow.at(0, { type: "DOOR_OPENED" });
    slow.clock.advanceTo(5_000);
    slow.at(5, ...stoppedBetweenFloors);
    quick.clock.advanceTo(100_000);
    slow.clock.advanceTo(100_000);
    expect(quick.records.filter((record) => record.type === "entrapment")).toMatchObject([{ t: 30, onset: 10 }]);
    expect(slow.records.filter((record) => record.type === "entrapment")).toMatchObject([{ t: 55, onset: 5 }]);
  });

  it("is cancelled when the door opens before the delay", () => {
    const lift = harness();
    lift.at(10, ...stoppedBetweenFloors);
    lift.at(25, { type: "DOOR_OPENED" });
    lift.clock.advanceTo(200_000);
    expect(lift.types()).not.toContain("entrapment");
  });

  it("is suppressed in maintenance mode, which is itself recorded", () => {
    const lift = harness();
    lift.at(5, { type: "MAINTENANCE_ENTERED" });
    lift.at(10, ...stoppedBetweenFloors);
    lift.clock.advanceTo(200_000);
    expect(lift.types()).toEqual(["mode_change"]);
    expect(lift.records[0]).toMatchObject({ mode: "maintenance", onset: 5 });
  });

  // A review helper's technician switched inspection on and off beside a passenger shut in between
  // floors: the one entrapment, and the one stop outside the zone, were each raised twice.
  it("is raised once a stop: maintenance after it pauses it, and the same stop after maintenance is no new one", () => {
    const lift = harness();
    lift.at(10, ...stoppedBetweenFloors);
    lift.at(110, { type: "MAINTENANCE_ENTERED" });
    lift.at(210, { type: "MAINTENANCE_LEFT" });
    lift.clock.advanceTo(400_000);
    expect(lift.types()).toEqual(["entrapment", "stopped_outside_door_zone", "mode_change", "mode_change"]);
    // A new stop after maintenance is one.
    lift.at(400, { type: "MOTION_STARTED" });
    lift.at(410, { type: "MOTION_STOPPED" });
    lift.clock.advanceTo(500_000);
    expect(lift.records.slice(4).map((record) => [record.type, record.onset])).toEqual([["entrapment", 410], ["stopped_outside_door_zone", 410]]);
  });

  it("keeps the onset of a stop that maintenance interrupted before its delay ran out, and raises it once maintenance ends", () => {
    const lift = harness();
    lift.at(10, ...stoppedBetweenFloors);
    lift.at(25, { type: "MAINTENANCE_ENTERED" });
    lift.at(235, { type: "MAINTENANCE_LEFT" });
    lift.clock.advanceTo(400_000);
    const raised = lift.records.filter((record) => record.type !== "mode_change").map((record) => [record.type, record.onset, record.t]);
    expect(raised).toEqual([["entrapment", 10, 235], ["stopped_outside_door_zone", 10, 235]]);
  });

  it("is suspected when no presence sensor is fitted", () => {
    const lift = harness();
    lift.at(10, { type: "PRESENCE_NOT_FITTED" }, { type: "DOOR_CLOSED" }, { type: "ZONE_LEFT" }, { type: "MOTION_STOPPED" });
    lift.clock.advanceTo(60_000);
    expect(lift.records.find((record) => record.type === "entrapment")).toMatchObject({ suspected: true, kind: "between_floors" });
  });

  it("raises at floor only with someone inside, after its own delay", () => {
    const lift = harness({ detection: { entrapment_at_floor_s: 45 } });
    lift.at(0, { type: "DOOR_CLOSED" }, { type: "ZONE_ENTERED" }, { type: "MOTION_STOPPED" }, { type: "VACANT" });
    lift.clock.advanceTo(300_000);
    expect(lift.types()).toEqual([]);
    lift.at(300, { type: "OCCUPIED" });
    lift.clock.advanceTo(346_000);
    expect(lift.records).toHaveLength(1);
    expect(lift.records[0]).toMatchObject({ type: "entrapment", t: 345, onset: 300, kind: "at_floor", suspected: false });
  });

  it("raises nothing while a sensor has not spoken (unknown facts)", () => {
    const lift = harness();
    lift.at(0, { type: "OCCUPIED" }, { type: "MOTION_STOPPED" }, { type: "ZONE_LEFT" });
    lift.clock.advanceTo(120_000);
    expect(lift.types()).toEqual(["stopped_outside_door_zone"]);
  });

  it("raises once per stop, and again after the car has moved and stopped again", () => {
    const lift = harness();
    lift.at(10, ...stoppedBetweenFloors);
    lift.at(100, { type: "MOTION_STARTED", direction: "up" } as Omit<LiftEvent, "at">);
    lift.at(103, { type: "MOTION_STOPPED" });
    lift.clock.advanceTo(400_000);
    expect(lift.types().filter((type) => type === "entrapment")).toHaveLength(2);
  });
});
