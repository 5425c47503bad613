/**
 * Abnormal ride vibration: what is left of the car-frame acceleration above the motion
 * profile's band, averaged, far above what a healthy lift shows, and for longer than the
 * transient of a hard stop or a jolt lasts. Once per run.
 */
import type { DetectionConfig } from "../config/schema.ts";
import { Persistence, StepGain } from "../conditioning/filters.ts";
import { round } from "../rounding.ts";

export interface AbnormalVibration {
  onset: number;
  rms_mps2: number;
  axis: "vertical" | "horizontal";
  limit_mps2: number;
}

export class VibrationMonitor {
  private readonly power: FastPartPower;
  private readonly over = new Persistence();
  private fired = false;

  constructor(private readonly config: DetectionConfig) {
    this.power = new FastPartPower(1 / (2 * Math.PI * config.vibration_high_pass_hz), config.vibration_window_s / 2);
  }

  /** One moving sample in the car frame: vertical and two horizontal components, m/s². */
  update(t: number, dt: number, vertical: number, horizontalA: number, horizontalB: number): AbnormalVibration | undefined {
    const power = this.power;
    power.update(dt, vertical, horizontalA, horizontalB);
    const verticalRms = Math.sqrt(power.vertical);
    const horizontal = Math.sqrt(power.horizontalA + power.horizontalB);
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
    this.power.reset();
    this.over.reset();
  }
}

/**
 * Each axis's mean square of its fast part, (m/s²)²: two first-order high-passes in cascade,
 * squared, through a first-order low-pass. Nine first-order filters on every moving sample at
 * the accelerometer's rate, so written flat: the three axes share one step's two gains, and
 * each state is a field (as nine LowPass objects, each with its own gain, they were most of the
 * detector's cost). A filter's first value starts it (a high-pass then gives 0); the mean
 * squares restart from 0.
 */
class FastPartPower {
  vertical = 0;
  horizontalA = 0;
  horizontalB = 0;
  /** each axis's two high-pass stages: the low-passed value each takes away */
  private slowV = 0;
  private slowA = 0;
  private slowB = 0;
  private slowerV = 0;
  private slowerA = 0;
  private slowerB = 0;
  private highPassStarted = false;
  private meanSquareStarted = false;
  private readonly highPassGain = new StepGain();
  private readonly meanSquareGain = new StepGain();

  /** `highPassS`, `meanSquareS`: time constants, s */
  constructor(private readonly highPassS: number, private readonly meanSquareS: number) {}

  update(dtS: number, vertical: number, horizontalA: number, horizontalB: number): void {
    const step = Math.max(dtS, 0);
    // A time constant of 0 or less follows the input: a first value, every time.
    if (!this.highPassStarted || !(this.highPassS > 0)) {
      this.highPassStarted = true;
      this.slowV = vertical;
      this.slowA = horizontalA;
      this.slowB = horizontalB;
      this.slowerV = this.slowerA = this.slowerB = 0;
    } else {
      const gain = this.highPassGain.of(step, this.highPassS);
      this.slowV += gain * (vertical - this.slowV);
      this.slowA += gain * (horizontalA - this.slowA);
      this.slowB += gain * (horizontalB - this.slowB);
      this.slowerV += gain * (vertical - this.slowV - this.slowerV);
      this.slowerA += gain * (horizontalA - this.slowA - this.slowerA);
      this.slowerB += gain * (horizontalB - this.slowB - this.slowerB);
    }
    const fastV = vertical - this.slowV - this.slowerV;
    const fastA = horizontalA - this.slowA - this.slowerA;
    const fastB = horizontalB - this.slowB - this.slowerB;
    if (!this.meanSquareStarted || !(this.meanSquareS > 0)) {
      this.meanSquareStarted = true;
      this.vertical = fastV * fastV;
      this.horizontalA = fastA * fastA;
      this.horizontalB = fastB * fastB;
    } else {
      const gain = this.meanSquareGain.of(step, this.meanSquareS);
      this.vertical += gain * (fastV * fastV - this.vertical);
      this.horizontalA += gain * (fastA * fastA - this.horizontalA);
      this.horizontalB += gain * (fastB * fastB - this.horizontalB);
    }
  }

  /** The high-passes start again from the next value, the mean squares from 0. */
  reset(): void {
    this.highPassStarted = false;
    this.meanSquareStarted = true;
    this.vertical = this.horizontalA = this.horizontalB = 0;
  }
}
