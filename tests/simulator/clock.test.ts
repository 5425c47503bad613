import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../simulator/clock.ts";

describe("VirtualClock", () => {
  it("runs timers in due order, FIFO at equal times, at their own time", () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 200);
    clock.advanceTo(150);
    expect(fired).toEqual(["a@100"]);
    clock.advanceTo(1000);
    expect(fired).toEqual(["a@100", "b@200", "c@200"]);
    expect(clock.now()).toBe(1000);
  });

  it("runs timers scheduled by timers within the same advance, and honours clearTimeout", () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const cancelled = clock.setTimeout(() => fired.push(-1), 50);
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 30), 10);
    clock.clearTimeout(cancelled);
    clock.advanceBy(100);
    expect(fired).toEqual([40]);
  });

  it("refuses to go back in time", () => {
    const clock = new VirtualClock(500);
    expect(() => clock.advanceTo(100)).toThrow(/cannot go back/);
  });
});
