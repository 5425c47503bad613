/**
 * One virtual clock for the whole simulated box: physics, sensors, the sampling loop and
 * the xstate actors all read time from here, so a simulated day runs in seconds and every
 * timing assertion is made in simulated time.
 */
import TinyQueue from "tinyqueue";
import type { Clock } from "../hal/clock.ts";

interface Timer {
  id: number;
  dueMs: number;
  callback: () => void;
  cancelled: boolean;
}

/** Earlier due time first, then creation order, so equal-time timers run FIFO. */
const firstDue = (a: Timer, b: Timer) => a.dueMs - b.dueMs || a.id - b.id;

export class VirtualClock implements Clock {
  /** A number from the start (not undefined), so a fractional time is written in place, not boxed. */
  private nowMs = 0;
  private nextId = 1;
  /**
   * A binary heap (tinyqueue): a box holds hundreds of timers (the scenario's passengers and
   * faults, armed at the start) while it sets and fires hundreds a second. A sorted array
   * moved every later timer on each insertion and on each firing.
   */
  private readonly timers = new TinyQueue<Timer>([], firstDue);

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): number {
    // A NaN delay fires after 1 ms, as Node's setTimeout does: due at NaN, it would sit atop the
    // heap, unordered, and hold back every timer after it (the whole box stopped, silently).
    const timer = { id: this.nextId++, dueMs: this.nowMs + (Number.isNaN(delayMs) ? 1 : Math.max(0, delayMs)), callback, cancelled: false };
    this.timers.push(timer);
    return timer.id;
  }

  /** A cleared timer stays in the heap, marked, until it is due. Found by a scan: clearing is rare, and a map by id cost more than the heap. */
  clearTimeout(id: number): void {
    const timer = this.timers.data.find((candidate) => candidate.id === id);
    if (timer) timer.cancelled = true;
  }

  /** Runs every timer due up to `targetMs` in time order, then sets the clock to `targetMs`. */
  advanceTo(targetMs: number): void {
    if (targetMs < this.nowMs) throw new RangeError(`virtual clock cannot go back from ${this.nowMs} ms to ${targetMs} ms`);
    for (let timer = this.nextTimer(); timer !== undefined && timer.dueMs <= targetMs; timer = this.nextTimer()) {
      this.timers.pop();
      this.nowMs = timer.dueMs;
      timer.callback();
    }
    this.nowMs = targetMs;
  }

  advanceBy(deltaMs: number): void {
    this.advanceTo(this.nowMs + deltaMs);
  }

  /** Due time of the next timer, if any: lets a runner jump over idle stretches. */
  nextDueMs(): number | undefined {
    return this.nextTimer()?.dueMs;
  }

  /** The first timer still pending (cleared ones are dropped on the way). */
  private nextTimer(): Timer | undefined {
    while (this.timers.length > 0 && this.timers.peek()!.cancelled) this.timers.pop();
    return this.timers.peek();
  }
}
