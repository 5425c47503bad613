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
  private readonly power: LowPass[];
  private readonly over = new Persistence();
  private fired = false;

  constructor(private readonly config: DetectionConfig) {
    this.highPass = [0, 1, 2].map(() => new HighPass(config.vibration_high_pass_hz));
    this.power = [0, 1, 2].map(() => new LowPass(config.vibration_window_s / 2));
  }

  /** One moving sample in the car frame: vertical and two horizontal components, m/s². */
  update(t: number, dt: number, vertical: number, horizontalA: number, horizontalB: number): AbnormalVibration | undefined {
    const channels = [vertical, horizontalA, horizontalB];
    const rms = channels.map((value, index) => {
      const fast = this.highPass[index].update(value, dt);
      return Math.sqrt(this.power[index].update(fast * fast, dt));
    });
    const horizontal = Math.hypot(rms[1], rms[2]);
    const worst = Math.max(rms[0], horizontal);
    const heldS = this.over.update(t, worst > this.config.vibration_rms_mps2, worst, Math.max);
    if (this.fired || heldS === undefined || heldS < this.config.vibration_hold_s) return undefined;
    this.fired = true;
    return {
      onset: this.over.since!,
      rms_mps2: round(this.over.extreme, 3),
      axis: rms[0] >= horizontal ? "vertical" : "horizontal",
      limit_mps2: this.config.vibration_rms_mps2,
    };
  }

  /** A run began: start afresh, and allow one report for it. */
  rearm(): void {
    this.fired = false;
    this.reset();
  }

  /** Start the filters afresh (the box was handled: what came before is not the car's). */
  reset(): void {
    this.highPass.forEach((filter) => filter.reset());
    this.power.forEach((filter) => filter.reset(0));
    this.over.reset();
  }
}
