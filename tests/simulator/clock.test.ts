import fc from "fast-check";
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

  it("fires a timer set with a NaN delay after 1 ms, as Node does, and holds back no timer after it", () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`nan@${clock.now()}`), Number.NaN);
    clock.setTimeout(() => fired.push(`later@${clock.now()}`), 50);
    clock.advanceTo(100);
    expect(fired).toEqual(["nan@1", "later@50"]);
  });

  it("refuses to go back in time", () => {
    const clock = new VirtualClock(500);
    expect(() => clock.advanceTo(100)).toThrow(/cannot go back/);
  });

  it("fires what a plain list sorted by due time, then by creation, would fire, through clears, nested timers and jumps", () => {
    type Step = { kind: "set"; delayMs: number; nested: number | null } | { kind: "clear"; pick: number } | { kind: "advance"; byMs: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), delayMs: fc.integer({ min: 0, max: 50 }), nested: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }) }),
      fc.record({ kind: fc.constant("clear" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("advance" as const), byMs: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const clock = new VirtualClock();
        const fired: string[] = [];
        const set: { id: number; label: string }[] = [];
        // The reference: every timer in a list, the earliest (then the oldest) fired first.
        const list: { order: number; dueMs: number; label: string; nested: number | null }[] = [];
        const expected: string[] = [];
        let order = 0;
        let nowMs = 0;
        const referenceAdvance = (targetMs: number) => {
          for (;;) {
            list.sort((a, b) => a.dueMs - b.dueMs || a.order - b.order);
            if (list.length === 0 || list[0].dueMs > targetMs) break;
            const timer = list.shift()!;
            nowMs = timer.dueMs;
            expected.push(`${timer.label}@${nowMs}`);
            if (timer.nested !== null) list.push({ order: order++, dueMs: nowMs + timer.nested, label: `${timer.label}+`, nested: null });
          }
          nowMs = targetMs;
        };
        steps.forEach((one, index) => {
          if (one.kind === "set") {
            const label = `t${index}`;
            const nested = one.nested;
            const id = clock.setTimeout(() => {
              fired.push(`${label}@${clock.now()}`);
              if (nested !== null) clock.setTimeout(() => fired.push(`${label}+@${clock.now()}`), nested);
            }, one.delayMs);
            set.push({ id, label });
            list.push({ order: order++, dueMs: nowMs + one.delayMs, label, nested });
          } else if (one.kind === "clear" && set.length > 0) {
            const { id, label } = set[one.pick % set.length];
            clock.clearTimeout(id);
            const at = list.findIndex((timer) => timer.label === label);
            if (at >= 0) list.splice(at, 1);
          } else if (one.kind === "advance") {
            clock.advanceBy(one.byMs);
            referenceAdvance(nowMs + one.byMs);
          }
        });
        clock.advanceBy(1000);
        referenceAdvance(nowMs + 1000);
        expect(fired).toEqual(expected);
        expect(clock.nextDueMs()).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
