/**
 * A missed vane is reported only once the door-zone sensor has read outside for the wait, or
 * the car moves on (or the input ends); the car coming into the zone first takes it back.
 * Dated at the stop, reported when it is.
 */
import { describe, expect, it } from "vitest";
import { MissedVaneWait, type MissedVane } from "../../../firmware/health/missed-vane-wait.ts";
import { VirtualClock } from "../../../simulator/clock.ts";

function waiting() {
  const clock = new VirtualClock(20_000);
  const reported: { missed: MissedVane; t: number }[] = [];
  const wait = new MissedVaneWait(10, 8, clock, (missed, t) => reported.push({ missed, t }));
  return { clock, reported, wait };
}

const stop: MissedVane = { at: 19.5, landing: 2, offM: -0.04 };

describe("the wait before a missed vane is reported", () => {
  it("reports it once the sensor has read outside for the wait, dated at the stop", () => {
    const { clock, reported, wait } = waiting();
    wait.stopped(stop);
    clock.advanceTo(29_400);
    expect(reported).toEqual([]);
    clock.advanceTo(29_600);
    expect(reported).toEqual([{ missed: stop, t: 29.5 }]);
    wait.confirmNow();
    expect(reported).toHaveLength(1);
  });

  it("reports it when the car moves on, or the input ends, before then", () => {
    const { clock, reported, wait } = waiting();
    wait.stopped(stop);
    clock.advanceTo(25_000);
    wait.confirmNow();
    expect(reported).toEqual([{ missed: stop, t: 25 }]);
    clock.advanceTo(40_000);
    expect(reported).toHaveLength(1);
  });

  it("reports nothing when the car comes into the zone first", () => {
    const { clock, reported, wait } = waiting();
    wait.stopped(stop);
    clock.advanceTo(21_000);
    wait.cancel();
    wait.confirmNow();
    clock.advanceTo(40_000);
    expect(reported).toEqual([]);
  });

  it("takes a stop in doubt for one only if the door opens within its time, then waits on it", () => {
    const { clock, reported, wait } = waiting();
    wait.doubted(stop);
    expect(wait.doorOpened(27.4)).toEqual(stop);
    clock.advanceTo(29_600);
    expect(reported).toEqual([{ missed: stop, t: 29.5 }]);
    // Opened too late: someone forced it, or a rescue; the stop stays outside.
    wait.doubted(stop);
    expect(wait.doorOpened(27.6)).toBeUndefined();
    // The car moved on, or came into the zone, before the door opened.
    for (const ended of [() => wait.confirmNow(), () => wait.cancel()]) {
      wait.doubted(stop);
      ended();
      expect(wait.doorOpened(20)).toBeUndefined();
    }
    clock.advanceTo(60_000);
    expect(reported).toHaveLength(1);
  });
});
