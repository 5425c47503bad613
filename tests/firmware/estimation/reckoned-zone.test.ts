import { describe, expect, it } from "vitest";
import { ReckonedZone, type ZoneEvent } from "../../../firmware/estimation/reckoned-zone.ts";

describe("the zone a box without a door-zone sensor tells its model", () => {
  function zone() {
    const told: ZoneEvent[] = [];
    return { told, reckoned: new ReckonedZone((event) => told.push(event)) };
  }

  it("is outside from a stop between floors until the car moves or its door opens, once", () => {
    const { told, reckoned } = zone();
    reckoned.stopped(10, false, false);
    expect(told).toEqual([]);
    reckoned.stopped(20, true, false);
    expect(told).toEqual([{ type: "ZONE_LEFT", at: 20 }]);
    reckoned.forget(50);
    reckoned.forget(60);
    expect(told).toEqual([{ type: "ZONE_LEFT", at: 20 }, { type: "ZONE_UNKNOWN", at: 50 }]);
  });

  it("waits for the door to shut on a stop made with it open, and dates it at the stop", () => {
    const { told, reckoned } = zone();
    reckoned.stopped(20, true, true);
    expect(told).toEqual([]);
    reckoned.doorClosed();
    reckoned.doorClosed();
    expect(told).toEqual([{ type: "ZONE_LEFT", at: 20 }]);
    // The door opened again before it shut: the car is at a landing.
    const { told: other, reckoned: opened } = zone();
    opened.stopped(20, true, true);
    opened.forget(25);
    opened.doorClosed();
    expect(other).toEqual([]);
  });
});
