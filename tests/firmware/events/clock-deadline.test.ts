/**
 * A value waiting on the box's clock (a held trip, a missed vane, a zone left with the door
 * open): handed on once its wait is over, exactly once, or taken out first and never handed on.
 */
import { describe, expect, it } from "vitest";
import { ClockDeadline } from "../../../firmware/events/clock-deadline.ts";
import { VirtualClock } from "../../../simulator/clock.ts";

function deadline(waitS: number, startMs = 0) {
  const clock = new VirtualClock(startMs);
  const handed: { value: string; atMs: number }[] = [];
  const waiting = new ClockDeadline<string>(waitS, clock, (value) => handed.push({ value, atMs: clock.now() }));
  return { clock, handed, waiting };
}

describe("a clock deadline", () => {
  it("hands its value on once, when at + the wait comes on the box's clock, counted from at rather than from when it was set", () => {
    const { clock, handed, waiting } = deadline(10, 12_000);
    expect(waiting.set("stop", 10)).toBeUndefined();
    clock.advanceTo(19_999);
    expect(handed).toEqual([]);
    clock.advanceTo(20_000);
    expect(handed).toEqual([{ value: "stop", atMs: 20_000 }]);
    clock.advanceTo(60_000);
    expect(handed).toHaveLength(1);
    expect(waiting.take()).toBeUndefined();
  });

  it("taken early, it is returned and never handed on", () => {
    const { clock, handed, waiting } = deadline(5);
    waiting.set("trip", 1);
    clock.advanceTo(3_000);
    expect(waiting.take()).toBe("trip");
    expect(waiting.take()).toBeUndefined();
    clock.advanceTo(30_000);
    expect(handed).toEqual([]);
  });

  it("set again, the value waiting before is returned rather than handed on, and only the new one waits", () => {
    const { clock, handed, waiting } = deadline(5);
    waiting.set("first", 1);
    clock.advanceTo(4_000);
    expect(waiting.set("second", 4)).toBe("first");
    clock.advanceTo(8_999);
    expect(handed).toEqual([]);
    clock.advanceTo(9_000);
    expect(handed).toEqual([{ value: "second", atMs: 9_000 }]);
  });

  it("a wait already over when it is set is handed on at the clock's next step, not at once", () => {
    const { clock, handed, waiting } = deadline(2, 10_000);
    waiting.set("late", 5);
    expect(handed).toEqual([]);
    clock.advanceTo(10_001);
    expect(handed).toEqual([{ value: "late", atMs: 10_000 }]);
  });

  it("a value set from within its own hand-over waits afresh", () => {
    const clock = new VirtualClock(0);
    const handed: number[] = [];
    const waiting: ClockDeadline<number> = new ClockDeadline<number>(1, clock, (value) => {
      handed.push(value);
      if (value < 3) waiting.set(value + 1, clock.now() / 1000);
    });
    waiting.set(1, 0);
    clock.advanceTo(10_000);
    expect(handed).toEqual([1, 2, 3]);
  });
});
