import { describe, expect, it } from "vitest";
import { ReckonedZone, type ZoneEvent } from "../../../firmware/estimation/reckoned-zone.ts";

describe("the zone a box without a door-zone sensor tells its model", () => {
  function zone() {
    const told: ZoneEvent[] = [];
    return { told, reckoned: new ReckonedZone((event) => told.push(event)) };
  }

  it("is what the stop was reckoned, until the car moves; nothing where it was not reckoned", () => {
    const { told, reckoned } = zone();
    reckoned.stopped(10, undefined, false);
    expect(told).toEqual([]);
    reckoned.stopped(20, "outside", false);
    reckoned.moved(50);
    reckoned.moved(55);
    reckoned.stopped(60, "inside", true);
    reckoned.moved(70);
    expect(told).toEqual([
      { type: "ZONE_LEFT", at: 20 },
      { type: "ZONE_UNKNOWN", at: 50 },
      { type: "ZONE_ENTERED", at: 60 },
      { type: "ZONE_UNKNOWN", at: 70 },
    ]);
  });

  it("takes back 'outside' when the door opens (doors open at landings), not 'inside'", () => {
    const { told, reckoned } = zone();
    reckoned.stopped(20, "outside", false);
    reckoned.doorOpened(30);
    reckoned.stopped(40, "inside", false);
    reckoned.doorOpened(45);
    expect(told).toEqual([
      { type: "ZONE_LEFT", at: 20 },
      { type: "ZONE_UNKNOWN", at: 30 },
      { type: "ZONE_ENTERED", at: 40 },
    ]);
  });

  it("waits for the door to shut on a stop outside made with it open, and dates it at the stop", () => {
    const { told, reckoned } = zone();
    reckoned.stopped(20, "outside", true);
    expect(told).toEqual([]);
    reckoned.doorClosed();
    reckoned.doorClosed();
    expect(told).toEqual([{ type: "ZONE_LEFT", at: 20 }]);
    // The door opened again before it shut: the car is at a landing.
    const { told: other, reckoned: opened } = zone();
    opened.stopped(20, "outside", true);
    opened.doorOpened(25);
    opened.doorClosed();
    expect(other).toEqual([]);
  });
});
