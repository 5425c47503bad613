/**
 * When an accelerometer emulator takes its samples: every period of its (possibly
 * off-nominal) output data rate from the moment it starts measuring, on the virtual clock.
 * Emulators ask how many samples fell due since they were last touched and generate
 * only those (lazily), so an idle chip costs nothing until the bus reads it.
 */
import type { Clock } from "../../hal/clock.ts";

export class SampleSchedule {
  private startMs = 0;
  private periodMs = Infinity;
  /** Index of the next sample to take; sample i is due at startMs + (i + 1) · periodMs. */
  private nextIndex = 0;
  private running = false;

  /** `rateErrorPpm`: how far the chip's oscillator is from nominal (+ = faster), ppm. */
  constructor(
    private readonly clock: Clock,
    private readonly rateErrorPpm = 0,
  ) {}

  /** Starts (or restarts at a new rate) now: the first sample falls one period later. */
  start(rateHz: number): void {
    this.periodMs = 1000 / (rateHz * (1 + this.rateErrorPpm / 1e6));
    this.startMs = this.clock.now();
    this.nextIndex = 0;
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Samples due up to now that have not been taken yet. */
  due(): number {
    if (!this.running) return 0;
    const elapsed = Math.floor((this.clock.now() - this.startMs) / this.periodMs);
    return Math.max(0, elapsed - this.nextIndex);
  }

  /** Skips `count` due samples without taking them (they would be overwritten anyway). */
  skip(count: number): void {
    this.nextIndex += count;
  }

  /** Time of the next due sample, s, and marks it taken. */
  take(): number {
    this.nextIndex++;
    return (this.startMs + this.nextIndex * this.periodMs) / 1000;
  }
}
