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
  const wait = new MissedVaneWait(10, clock, (missed, t) => reported.push({ missed, t }));
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
});
