/**
 * One motion source from an accelerometer and a barometer together.
 *
 * The barometer cannot drift and sees a cruise that a high-passed or hand-held
 * accelerometer cannot, so when both are fitted it decides whether a trip happened, its
 * direction and its distance. The accelerometer adds what the barometer is too slow for:
 * the onset (an inertial start in the same direction shortly before the barometric one),
 * and whether the box was being carried: a height change while footsteps or handling
 * dominate the accelerometer is stairs or a walk, not a ride.
 */
import type { MotionConfig } from "../config/schema.ts";
import { ActivityMeter } from "../conditioning/activity.ts";
import type { Direction, MotionListener, Movement } from "./inertial-motion.ts";

export class MotionFusion {
  /** Give this to the inertial estimator. */
  readonly inertialListener: MotionListener;
  /** Give this to the barometric estimator. */
  readonly barometricListener: MotionListener;
  private readonly activity?: ActivityMeter;
  private lastInertialStart?: { at: number; direction: Direction };
  private ride?: { onset: number; longestCalmS: number };
  private calmSince?: number;
  /** the last few calm stretches that ended, newest last */
  private readonly calmStretches: { from: number; to: number }[] = [];
  private lastT?: number;

  /** `judgeActivity`: the accelerometer is fast enough to see footsteps and handling. */
  constructor(private readonly config: MotionConfig, private readonly output: MotionListener, judgeActivity: boolean) {
    if (judgeActivity) this.activity = new ActivityMeter(config.activity_high_pass_s, config.activity_averaging_s, config.activity_low_pass_s);
    this.inertialListener = {
      started: (at, direction) => {
        this.lastInertialStart = { at, direction };
      },
      stopped: () => {},
    };
    this.barometricListener = {
      started: (at, direction) => this.barometricStarted(at, direction),
      stopped: (at, movement) => this.barometricStopped(at, movement),
    };
  }

  /** Every accelerometer reading, by its magnitude |force| (m/s², gravity included). */
  acceleration(t: number, magnitude: number): void {
    const dt = this.lastT === undefined ? 0 : Math.max(t - this.lastT, 0);
    this.lastT = t;
    if (!this.activity) return;
    const rms = this.activity.update(magnitude, dt);
    if (rms > this.config.activity_mps2) {
      if (this.calmSince !== undefined) {
        this.calmStretches.push({ from: this.calmSince, to: t });
        if (this.calmStretches.length > 8) this.calmStretches.shift();
      }
      this.calmSince = undefined;
    } else this.calmSince ??= t;
    if (this.ride && this.calmSince !== undefined) this.ride.longestCalmS = Math.max(this.ride.longestCalmS, t - this.calmSince);
  }

  private barometricStarted(at: number, direction: Direction): void {
    const inertial = this.lastInertialStart;
    const onset =
      inertial && inertial.direction === direction && inertial.at <= at && at - inertial.at <= this.config.onset_lookback_s ? inertial.at : at;
    // The barometer lags the car: calm just before its start counts too.
    const from = at - this.config.onset_lookback_s;
    let longestCalmS = this.calmSince === undefined || this.lastT === undefined ? 0 : this.lastT - Math.max(this.calmSince, from);
    for (const stretch of this.calmStretches) if (stretch.to > from) longestCalmS = Math.max(longestCalmS, stretch.to - Math.max(stretch.from, from));
    this.ride = { onset, longestCalmS };
    this.output.started(onset, direction);
  }

  private barometricStopped(at: number, movement: Movement | undefined): void {
    const ride = this.ride;
    this.ride = undefined;
    // Riders stand while the car moves; someone climbing stairs never stands still that long.
    const handled = this.activity !== undefined && ride !== undefined && ride.longestCalmS < this.config.min_calm_s;
    if (!movement || handled) {
      this.output.stopped(at, undefined);
      return;
    }
    this.output.stopped(at, { ...movement, start: ride?.onset ?? movement.start });
  }
}
