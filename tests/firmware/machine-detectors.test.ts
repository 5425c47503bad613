/**
 * The lift machine's detector regions other than entrapment: facts and findings in, with
 * their times; records out, on a virtual clock.
 */
import { describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { defaultConfig } from "../../firmware/config/schema.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { liftMachine, type LiftEvent } from "../../firmware/model/lift-machine.ts";
import { VirtualClock } from "../../simulator/clock.ts";

type Input = LiftEvent extends infer Event ? (Event extends { at: number } ? Omit<Event, "at"> : never) : never;

function lift() {
  const clock = new VirtualClock();
  const config = defaultConfig();
  const actor = createActor(liftMachine, { clock, input: { detection: config.detection, clock } });
  const records: DetectionRecord[] = [];
  actor.on("detected", (event) => records.push(event.record));
  actor.start();
  const at = (seconds: number, ...events: Input[]) => {
    clock.advanceTo(seconds * 1000);
    for (const event of events) actor.send({ ...event, at: seconds } as LiftEvent);
  };
  return { clock, records, at, config, actor, types: () => records.map((record) => record.type) };
}

const parkedAtFloor: Input[] = [{ type: "OCCUPIED" }, { type: "ZONE_ENTERED" }, { type: "MOTION_STOPPED" }];

describe("door open while moving", () => {
  it("is raised when the door opens at speed, with the opening as onset", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" }, { type: "ZONE_LEFT" });
    box.at(5.3, { type: "DOOR_OPENED", travelling: true, speed_mps: 1.4 });
    expect(box.records).toEqual([expect.objectContaining({ type: "door_open_while_moving", onset: 5.3, t: 5.3, speed_mps: 1.4 })]);
  });

  it("is not raised for doors opening early on arrival (slow, in the zone), nor twice for one opening", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    box.at(9, { type: "DOOR_OPENED", travelling: false, speed_mps: 0.2 });
    box.at(10, { type: "DOOR_CLOSED" }, { type: "DOOR_OPENED", travelling: true });
    box.at(11, { type: "DOOR_OPENED", travelling: true });
    expect(box.types()).toEqual(["door_open_while_moving"]);
  });

  it("is raised, dated at the opening, when an early opening turns out forced (told once the car stayed out of the zone), the door open or shut again since", () => {
    for (const shutSince of [false, true]) {
      const box = lift();
      box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
      box.at(5.3, { type: "DOOR_OPENED", travelling: false, speed_mps: 0.63 });
      if (shutSince) box.at(6, { type: "DOOR_CLOSED" });
      box.at(6.5);
      box.actor.send({ type: "DOOR_OPENED_TRAVELLING", at: 5.3, speed_mps: 0.63 });
      box.actor.send({ type: "STAYED_OUT", at: 6.2 });
      expect(box.records).toEqual([expect.objectContaining({ type: "door_open_while_moving", onset: 5.3, t: 6.5, speed_mps: 0.63 })]);
      // Watched for again once the door has shut: the next forced opening is its own.
      box.at(9, ...(shutSince ? [] : [{ type: "DOOR_CLOSED" } as const]), { type: "MOTION_STARTED", direction: "down" });
      box.at(12, { type: "DOOR_OPENED", travelling: true, speed_mps: 1 });
      expect(box.types()).toEqual(["door_open_while_moving", "door_open_while_moving"]);
    }
  });
});

describe("unintended movement", () => {
  it("is raised when a car with its door open moves farther than a relevelling, with the run's onset", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_OPENED" });
    box.at(20.4, { type: "MOTION_STARTED", direction: "down" });
    box.at(20.5, { type: "DISPLACED", onset: 20.1, displacement_m: -0.05 });
    box.at(21, { type: "ZONE_LEFT" });
    expect(box.records).toEqual([expect.objectContaining({ type: "unintended_movement", onset: 20.1, t: 20.5 })]);
  });

  it("is raised once the car has stayed out of the door zone with the door open, dated when it left, and not for the same door opening again", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_OPENED" });
    box.at(3, { type: "ZONE_LEFT" });
    expect(box.types()).toEqual([]);
    box.clock.advanceTo(3300);
    box.actor.send({ type: "STAYED_OUT", at: 3 });
    expect(box.records).toEqual([expect.objectContaining({ type: "unintended_movement", onset: 3, evidence: "left door zone", t: 3.3 })]);
    box.at(4, { type: "ZONE_ENTERED" }, { type: "ZONE_LEFT" });
    box.at(4.3, { type: "STAYED_OUT" });
    expect(box.types()).toEqual(["unintended_movement"]);
  });

  it("is not raised for the movement of a normal run (door closed) nor after door-open-while-moving", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" }, { type: "DISPLACED", onset: 0, displacement_m: 0.05 }, { type: "ZONE_LEFT" });
    box.at(4, { type: "DOOR_OPENED", travelling: true }, { type: "ZONE_ENTERED" }, { type: "ZONE_LEFT" });
    expect(box.types()).toEqual(["door_open_while_moving"]);
  });
});

describe("leveling fault", () => {
  it("waits for the door to open at the misleveled stop, then reports the error", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" });
    box.at(10, { type: "MOTION_STOPPED", trip: true }, { type: "MISLEVELED", error_mm: -42, landing: 3 });
    expect(box.types()).toEqual([]);
    box.at(10.5, { type: "DOOR_OPENED" });
    expect(box.records).toEqual([expect.objectContaining({ type: "leveling_fault", error_mm: -42, landing: 3, onset: 10, t: 10.5 })]);
  });

  it("is forgotten when the car moves on before the door opens", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" });
    box.at(10, { type: "MISLEVELED", error_mm: 30 }, { type: "MOTION_STARTED", direction: "up" });
    box.at(20, { type: "MOTION_STOPPED", trip: true }, { type: "DOOR_OPENED" });
    expect(box.types()).toEqual([]);
  });
});

describe("door that fails to open", () => {
  it("is raised when a trip ends at a landing with someone inside and the door stays shut", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    box.at(12, { type: "MOTION_STOPPED", trip: true });
    box.clock.advanceTo((12 + box.config.detection.door_open_timeout_s - 0.1) * 1000);
    expect(box.types()).toEqual([]);
    box.clock.advanceTo((12 + box.config.detection.door_open_timeout_s + 0.1) * 1000);
    expect(box.records).toEqual([expect.objectContaining({ type: "door_fault", kind: "fails_to_open", onset: 12 })]);
  });

  it("is not raised while the mains are lost (no door opens without them), though a car without a presence sensor is still suspected to hold someone", () => {
    const box = lift();
    box.at(0, { type: "PRESENCE_NOT_FITTED" }, { type: "POWER_RESTORED" }, { type: "ZONE_ENTERED" }, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    box.at(10, { type: "POWER_LOST" });
    box.at(12, { type: "MOTION_STOPPED", trip: true });
    box.clock.advanceTo(300_000);
    expect(box.types()).toEqual(["power_loss", "entrapment"]);
    expect(box.records[1]).toMatchObject({ kind: "at_floor", onset: 12, suspected: true });
  });

  it("is not raised after an emergency stop in the zone (someone is shut in, the door did not fail), though a car without a presence sensor is still suspected to hold someone", () => {
    const box = lift();
    box.at(0, { type: "PRESENCE_NOT_FITTED" }, { type: "POWER_RESTORED" }, { type: "ZONE_ENTERED" }, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    box.at(12, { type: "MOTION_STOPPED", trip: true, emergency: true });
    box.clock.advanceTo(300_000);
    expect(box.types()).toEqual(["entrapment"]);
    expect(box.records[0]).toMatchObject({ kind: "at_floor", onset: 12, suspected: true });
  });

  it("is not raised where the car has left the zone since it stopped (a crawl gone on unseen: no door opens there), though someone shut in is an entrapment", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "down" });
    box.at(12, { type: "MOTION_STOPPED", trip: true });
    box.at(13, { type: "ZONE_LEFT" });
    box.clock.advanceTo(300_000);
    expect(box.types()).toEqual(["entrapment", "stopped_outside_door_zone"]);
    expect(box.records[0]).toMatchObject({ kind: "between_floors", onset: 13 });
  });

  it("is raised, dated at the zone's entry, when a trip taken to stop short of a zone enters it soon after with no start seen (a crawl too slow to tell from drift), not when it enters it later", () => {
    const crawled = lift();
    crawled.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" }, { type: "ZONE_LEFT" });
    crawled.at(40, { type: "MOTION_STOPPED", trip: true });
    crawled.at(41.5, { type: "ZONE_ENTERED" });
    crawled.clock.advanceTo(100_000);
    expect(crawled.records.filter((record) => record.type === "door_fault")).toEqual([expect.objectContaining({ kind: "fails_to_open", onset: 41.5 })]);
    const rescued = lift();
    rescued.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" }, { type: "ZONE_LEFT" });
    rescued.at(40, { type: "MOTION_STOPPED", trip: true });
    rescued.at(40 + rescued.config.detection.late_arrival_s + 1, { type: "ZONE_ENTERED" });
    rescued.clock.advanceTo(200_000);
    expect(rescued.types()).not.toContain("door_fault");
  });

  it("is dated at a crawl's end where the trip was taken to stop where the crawl began, and so are the entrapment and a stop outside the zone", () => {
    const atFloor = lift();
    atFloor.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    atFloor.at(12, { type: "MOTION_STOPPED", trip: true });
    atFloor.at(16.5, { type: "CRAWL_ENDED" });
    atFloor.clock.advanceTo(200_000);
    expect(atFloor.records.filter((record) => record.type === "door_fault")).toEqual([expect.objectContaining({ onset: 16.5, t: 16.5 + atFloor.config.detection.door_open_timeout_s })]);
    expect(atFloor.records.filter((record) => record.type === "entrapment")).toEqual([expect.objectContaining({ kind: "at_floor", onset: 16.5 })]);
    const outside = lift();
    outside.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" }, { type: "ZONE_LEFT" });
    outside.at(12, { type: "MOTION_STOPPED", trip: true });
    outside.at(16.5, { type: "CRAWL_ENDED" });
    outside.clock.advanceTo(200_000);
    expect(outside.records.map((record) => [record.type, record.onset])).toEqual([
      ["entrapment", 16.5],
      ["stopped_outside_door_zone", 16.5],
    ]);
  });

  it("is not brought back by a crawl's end after the door has opened", () => {
    const opened = lift();
    opened.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    opened.at(12, { type: "MOTION_STOPPED", trip: true });
    opened.at(13, { type: "DOOR_OPENED" });
    opened.at(14, { type: "DOOR_CLOSED" });
    opened.at(16.5, { type: "CRAWL_ENDED" });
    opened.clock.advanceTo(200_000);
    expect(opened.types()).not.toContain("door_fault");
  });

  it("is still raised, dated at the arrival, after a small movement in the zone (a relevel, a crawl's end), and judged afresh after a trip", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    box.at(12, { type: "MOTION_STOPPED", trip: true });
    box.at(13, { type: "MOTION_STARTED", direction: "down" });
    box.at(13.5, { type: "MOTION_STOPPED", trip: false });
    box.clock.advanceTo(40_000);
    expect(box.records).toEqual([expect.objectContaining({ type: "door_fault", kind: "fails_to_open", onset: 12 })]);
    const onward = lift();
    onward.at(0, ...parkedAtFloor, { type: "DOOR_CLOSED" }, { type: "MOTION_STARTED", direction: "up" });
    onward.at(12, { type: "MOTION_STOPPED", trip: true });
    onward.at(13, { type: "MOTION_STARTED", direction: "up" });
    onward.at(20, { type: "MOTION_STOPPED", trip: true });
    onward.at(21, { type: "DOOR_OPENED" });
    onward.clock.advanceTo(60_000);
    expect(onward.types()).toEqual([]);
  });

  it("is not raised when the door opens, or at the boot-time stop", () => {
    const box = lift();
    box.at(0, ...parkedAtFloor.slice(0, 2), { type: "DOOR_CLOSED" }, { type: "MOTION_STOPPED", trip: false });
    box.at(5, { type: "MOTION_STARTED", direction: "up" });
    box.at(12, { type: "MOTION_STOPPED", trip: true });
    box.at(14, { type: "DOOR_OPENED" });
    box.clock.advanceTo(100_000);
    expect(box.types()).toEqual([]);
  });
});

describe("power, alarm and findings", () => {
  it("reports power loss once and its restoration with the outage", () => {
    const box = lift();
    box.at(0, { type: "POWER_RESTORED" });
    box.at(100, { type: "POWER_LOST" });
    box.at(160, { type: "POWER_RESTORED" });
    expect(box.records).toEqual([
      expect.objectContaining({ type: "power_loss", onset: 100 }),
      expect.objectContaining({ type: "power_restored", onset: 160, outage_s: 60 }),
    ]);
  });

  it("reports a box that boots on backup power", () => {
    const box = lift();
    box.at(0, { type: "POWER_LOST" });
    expect(box.types()).toEqual(["power_loss"]);
  });

  it("reports each alarm press, and a press makes a stop without a presence sensor a probable entrapment", () => {
    const box = lift();
    box.at(0, { type: "PRESENCE_NOT_FITTED" }, { type: "DOOR_CLOSED" }, { type: "ZONE_LEFT" }, { type: "MOTION_STOPPED" });
    box.at(12, { type: "ALARM_PRESSED" });
    box.at(13, { type: "ALARM_RELEASED" });
    box.clock.advanceTo(31_000);
    expect(box.types()).toEqual(["alarm_button", "entrapment"]);
    expect(box.records[1]).toMatchObject({ suspected: false, alarm_pressed: true, confidence: "probable", onset: 0 });
  });

  it("makes an at-floor stop with a silent presence sensor an entrapment when the alarm is pressed", () => {
    const box = lift();
    box.at(0, { type: "VACANT" }, { type: "DOOR_CLOSED" }, { type: "ZONE_ENTERED" }, { type: "MOTION_STOPPED" });
    box.at(100, { type: "ALARM_PRESSED" });
    box.clock.advanceTo(146_000);
    expect(box.types()).toEqual(["alarm_button", "entrapment"]);
    expect(box.records[1]).toMatchObject({ kind: "at_floor", onset: 100 });
  });

  it("passes detector findings on with their onset and measurements", () => {
    const box = lift();
    box.at(3, { type: "FREE_FALL", onset: 2.94, details: { min_g: 0.05 } }, { type: "OVERSPEED", onset: 2.5, details: { speed_mps: 1.9 } });
    expect(box.records).toEqual([
      expect.objectContaining({ type: "free_fall", onset: 2.94, t: 3, min_g: 0.05 }),
      expect.objectContaining({ type: "overspeed", onset: 2.5, t: 3, speed_mps: 1.9 }),
    ]);
  });

  it("records the maintenance window when maintenance ends", () => {
    const box = lift();
    box.at(10, { type: "MAINTENANCE_ENTERED" });
    box.at(610, { type: "MAINTENANCE_LEFT" });
    expect(box.records[1]).toMatchObject({ type: "mode_change", mode: "normal", maintenance_from: 10, maintenance_s: 600 });
  });
});
