/**
 * Free fall: the specific force the box feels drops towards zero for longer than any jolt.
 * The magnitude is used, so it needs no gravity reference and no axis. Readings of a dead
 * chip (exact zeros, frozen) never get here: ../health/accelerometer-check.ts drops them.
 */
import type { DetectionConfig } from "../config/schema.ts";
import { Persistence } from "../conditioning/filters.ts";
import { squaredLength } from "../conditioning/vector-length.ts";
import { round } from "../rounding.ts";

export const STANDARD_GRAVITY = 9.80665;

/** m/s²: a specific force below this is falling (detection.free_fall_g) */
export function freeFallLimitMps2(config: Pick<DetectionConfig, "free_fall_g">): number {
  return config.free_fall_g * STANDARD_GRAVITY;
}

export interface FreeFall {
  onset: number;
  min_g: number;
  duration_s: number;
}

export class FreeFallDetector {
  private readonly low = new Persistence();
  private fired = false;
  /** when the last fall was raised: a fall confirmed within detection.event_cooldown_s of it is the same fall (one reading above the limit in it, a jolt, had ended the first) */
  private lastFiredT = -Infinity;
  /**
   * m²/s⁴: a squared magnitude at or above this has a root at or above the limit, whatever
   * the rounding (4 ulps over the limit's square), so it needs no root to be judged
   */
  private readonly surelyNotLowSquared: number;
  private readonly limitMps2: number;
  /**
   * a reading has been over the limit: a box starts at rest, feeling gravity. One that never
   * has is no falling car but an accelerometer that does not see gravity (a trace logging ax
   * and ay of a box whose vertical is az; the format lets axes be left out)
   */
  private feltGravity = false;

  constructor(private readonly config: DetectionConfig) {
    const limit = (this.limitMps2 = freeFallLimitMps2(config));
    this.surelyNotLowSquared = limit * limit * (1 + 4 * Number.EPSILON);
  }

  /**
   * One reading's three axes (m/s²): as update() with their magnitude, the square root taken
   * only where the reading may be low. Almost every reading is near 1 g, and the root was the
   * largest cost of this check, made for every reading.
   */
  reading(t: number, x: number, y: number, z: number): FreeFall | undefined {
    const squared = squaredLength(x, y, z);
    // At or over the bound the root is at or over the limit, and any such magnitude is judged alike.
    if (squared >= this.surelyNotLowSquared) return this.update(t, Infinity);
    return this.feltGravity ? this.update(t, Math.sqrt(squared)) : undefined;
  }

  /** `magnitude`: |specific force|, m/s². Returns the fall once, when it is confirmed. */
  update(t: number, magnitude: number): FreeFall | undefined {
    if (magnitude >= this.limitMps2) this.feltGravity = true;
    const heldS = this.low.update(t, magnitude < this.limitMps2, magnitude, Math.min);
    if (heldS === undefined) {
      this.fired = false;
      return undefined;
    }
    if (this.fired || heldS < this.config.free_fall_hold_s - 1e-9 || this.low.samples < this.config.free_fall_min_samples) return undefined;
    this.fired = true;
    if (t - this.lastFiredT < this.config.event_cooldown_s) return undefined;
    this.lastFiredT = t;
    return { onset: this.low.since!, min_g: round(this.low.extreme / STANDARD_GRAVITY, 3), duration_s: round(heldS, 3) };
  }
}
