/**
 * Oversampling: a fast accelerometer's readings averaged in blocks of a fixed count, so that
 * motion is estimated at about the rate it needs (50–100 Hz) on readings whose noise has
 * fallen by √count. A block's mean stands at its readings' mean time, where a moving average
 * puts what it holds; and it is also the anti-alias filter of the rate it makes (its first
 * null at that rate). A block never spans a gap: readings further apart than `maxStepS` close
 * the block before them, short.
 */
import type { Vector3 } from "../../hal/sensors.ts";

export class BlockAverage {
  /** the last closed block's mean: written in place, valid until the next block closes */
  readonly mean: Vector3 = { x: 0, y: 0, z: 0 };
  /** s: the last closed block's mean time */
  t = 0;
  /** s: the last reading's time, NaN before one */
  private lastT = NaN;
  private sumT = 0;
  private sumX = 0;
  private sumY = 0;
  private sumZ = 0;
  private count = 0;

  constructor(readonly size: number, private readonly maxStepS: number) {}

  /** True when a reading at `t` must not join the block under way (a gap before it): close() it first. */
  gapBefore(t: number): boolean {
    return this.count > 0 && t - this.lastT > this.maxStepS;
  }

  /** Adds one reading; true when it completes a block (then `mean` and `t` hold it). */
  add(t: number, x: number, y: number, z: number): boolean {
    this.lastT = t;
    this.sumT += t;
    this.sumX += x;
    this.sumY += y;
    this.sumZ += z;
    return ++this.count >= this.size && this.close();
  }

  /** Closes the block under way, however short: true when it held a reading. */
  close(): boolean {
    const count = this.count;
    if (count === 0) return false;
    this.t = this.sumT / count;
    this.mean.x = this.sumX / count;
    this.mean.y = this.sumY / count;
    this.mean.z = this.sumZ / count;
    this.sumT = this.sumX = this.sumY = this.sumZ = 0;
    this.count = 0;
    return true;
  }
}

/** Readings per block for an accelerometer at `rateHz` estimated at about `processingHz`: the nearest whole number, at least one. */
export function blockSize(rateHz: number, processingHz: number): number {
  return Number.isFinite(rateHz) && rateHz > 0 && processingHz > 0 ? Math.max(1, Math.round(rateHz / processingHz)) : 1;
}
