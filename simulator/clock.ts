/**
 * One virtual clock for the whole simulated box: physics, sensors, the sampling loop and
 * the xstate actors all read time from here, so a simulated day runs in seconds and every
 * timing assertion is made in simulated time.
 */
import type { Clock } from "../hal/clock.ts";

interface Timer {
  id: number;
  dueMs: number;
  callback: () => void;
}

export class VirtualClock implements Clock {
  /** A number from the start (not undefined), so a fractional time is written in place, not boxed. */
  private nowMs = 0;
  private nextId = 1;
  /** Kept sorted by due time, then by creation order, so equal-time timers run FIFO. */
  private timers: Timer[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): number {
    const timer = { id: this.nextId++, dueMs: this.nowMs + Math.max(0, delayMs), callback };
    // Insertion by moving the later timers up one, not splice (which makes an array each call):
    // the box sets hundreds of timers a simulated second.
    let index = this.timers.length;
    this.timers.push(timer);
    for (; index > 0 && this.timers[index - 1].dueMs > timer.dueMs; index--) this.timers[index] = this.timers[index - 1];
    this.timers[index] = timer;
    return timer.id;
  }

  clearTimeout(id: number): void {
    const index = this.timers.findIndex((timer) => timer.id === id);
    if (index >= 0) this.timers.splice(index, 1);
  }

  /** Runs every timer due up to `targetMs` in time order, then sets the clock to `targetMs`. */
  advanceTo(targetMs: number): void {
    if (targetMs < this.nowMs) throw new RangeError(`virtual clock cannot go back from ${this.nowMs} ms to ${targetMs} ms`);
    while (this.timers.length > 0 && this.timers[0].dueMs <= targetMs) {
      const timer = this.timers.shift()!;
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
    return this.timers[0]?.dueMs;
  }
}
