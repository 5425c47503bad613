/**
 * A value that waits on the box's clock until `at + waitS` and is then handed on, unless it is
 * taken (handed on early, or dropped) first: a held trip, a missed vane not yet reported, a
 * zone left with the door open not yet confirmed. A timer, not a check at every frame (one
 * such check cost the pipeline 2 % of its instructions).
 */
import type { Clock } from "../../hal/clock.ts";

export class ClockDeadline<T> {
  private pending?: { value: T; timer: number };

  constructor(
    private readonly waitS: number,
    private readonly clock: Clock,
    /** the value, its wait over */
    private readonly due: (value: T) => void,
  ) {}

  /** `value` waits from `at` (s); what was waiting before is taken out and returned, not handed on. */
  set(value: T, at: number): T | undefined {
    const before = this.take();
    const delayMs = Math.max(0, (at + this.waitS) * 1000 - this.clock.now());
    const pending = { value, timer: 0 };
    pending.timer = this.clock.setTimeout(() => this.fire(pending), delayMs);
    this.pending = pending;
    return before;
  }

  /** Its timer has fired: no timer to clear (clearing one is a scan of the clock's timers). */
  private fire(pending: { value: T; timer: number }): void {
    this.pending = undefined;
    this.due(pending.value);
  }

  /** A value waits. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  /** The waiting value, taken out (its timer cleared), or undefined. */
  take(): T | undefined {
    const pending = this.pending;
    if (!pending) return undefined;
    this.pending = undefined;
    this.clock.clearTimeout(pending.timer);
    return pending.value;
  }
}
