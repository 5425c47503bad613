/**
 * Overspeed: the car's estimated speed beyond a multiple of its rated speed by more than a
 * few σ of the estimate's own uncertainty, held briefly so one noisy sample cannot raise it.
 * Once per run; the run's end re-arms it. Without a known rated speed there is no limit, and
 * nothing is judged.
 */
import type { DetectionConfig } from "../config/schema.ts";
import { Persistence } from "../conditioning/filters.ts";
import { round } from "../rounding.ts";

export interface Overspeed {
  onset: number;
  speed_mps: number;
  limit_mps: number;
  rated_speed_mps: number;
  severe: boolean;
}

export class OverspeedDetector {
  private readonly above = new Persistence();
  private fired = false;

  constructor(private readonly config: DetectionConfig, private readonly ratedSpeedMps: number | undefined) {}

  get limitMps(): number {
    return this.config.overspeed_factor * (this.ratedSpeedMps ?? Infinity);
  }

  /** `uncertaintyMps`: one σ of the speed estimate. */
  update(t: number, speedMps: number, uncertaintyMps = 0): Overspeed | undefined {
    if (this.ratedSpeedMps === undefined) return undefined;
    const speed = Math.abs(speedMps);
    const beyond = speed - this.config.overspeed_confidence_sigma * uncertaintyMps > this.limitMps;
    const heldS = this.above.update(t, beyond, speed, Math.max);
    if (this.fired || heldS === undefined || heldS < this.config.overspeed_hold_s) return undefined;
    this.fired = true;
    return {
      onset: this.above.since!,
      speed_mps: round(this.above.extreme, 3),
      limit_mps: round(this.limitMps, 3),
      rated_speed_mps: this.ratedSpeedMps,
      severe: this.above.extreme > this.config.overspeed_severe_factor * this.ratedSpeedMps,
    };
  }

  /** A run ended: the next one may be reported again. */
  rearm(): void {
    this.fired = false;
    this.above.reset();
  }
}
