/**
 * Abnormal ride vibration: what is left of the car-frame acceleration above the motion
 * profile's band, averaged, far above what a healthy lift shows, and for longer than the
 * transient of a hard stop or a jolt lasts. Once per run.
 */
import type { DetectionConfig } from "../config/schema.ts";
import { HighPass, LowPass, Persistence } from "../conditioning/filters.ts";
import { round } from "../rounding.ts";

export interface AbnormalVibration {
  onset: number;
  rms_mps2: number;
  axis: "vertical" | "horizontal";
  limit_mps2: number;
}

export class VibrationMonitor {
  private readonly highPass: HighPass[];
  private readonly meanSquare: LowPass[];
  private readonly over = new Persistence();
  private fired = false;

  constructor(private readonly config: DetectionConfig) {
    this.highPass = [0, 1, 2].map(() => new HighPass(config.vibration_high_pass_hz));
    this.meanSquare = [0, 1, 2].map(() => new LowPass(config.vibration_window_s / 2));
  }

  /** One moving sample in the car frame: vertical and two horizontal components, m/s². */
  update(t: number, dt: number, vertical: number, horizontalA: number, horizontalB: number): AbnormalVibration | undefined {
    const verticalRms = Math.sqrt(this.power(0, vertical, dt));
    const horizontal = Math.sqrt(this.power(1, horizontalA, dt) + this.power(2, horizontalB, dt));
    const worst = Math.max(verticalRms, horizontal);
    const heldS = this.over.update(t, worst > this.config.vibration_rms_mps2, worst, Math.max);
    if (this.fired || heldS === undefined || heldS < this.config.vibration_hold_s) return undefined;
    this.fired = true;
    return {
      onset: this.over.since!,
      rms_mps2: round(this.over.extreme, 3),
      axis: verticalRms >= horizontal ? "vertical" : "horizontal",
      limit_mps2: this.config.vibration_rms_mps2,
    };
  }

  /** One channel's mean square of its fast part, (m/s²)² (channels one by one: no array per sample). */
  private power(channel: number, value: number, dt: number): number {
    const fast = this.highPass[channel].update(value, dt);
    return this.meanSquare[channel].update(fast * fast, dt);
  }

  /** A run began: start afresh, and allow one report for it. */
  rearm(): void {
    this.fired = false;
    this.reset();
  }

  /** The car fell and the safety gear arrested it: no ride shakes like that, and nothing is reported until the next run. */
  disarm(): void {
    this.fired = true;
    this.reset();
  }

  /** Start the filters afresh (the box was handled: what came before is not the car's). */
  reset(): void {
    this.highPass.forEach((filter) => filter.reset());
    this.meanSquare.forEach((filter) => filter.reset(0));
    this.over.reset();
  }
}
