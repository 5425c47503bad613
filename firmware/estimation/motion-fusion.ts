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

/** A barometric ride under way: its onset, from when calm counts for it, and the calm stretches that ended since then. */
interface Ride {
  onset: number;
  from: number;
  calm: { from: number; to: number }[];
}

export class MotionFusion {
  /** Give this to the inertial estimator. */
  readonly inertialListener: MotionListener;
  /** Give this to the barometric estimator. */
  readonly barometricListener: MotionListener;
  private readonly activity?: ActivityMeter;
  private lastInertialStart?: { at: number; direction: Direction };
  private ride?: Ride;
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
        const stretch = { from: this.calmSince, to: t };
        this.calmStretches.push(stretch);
        if (this.calmStretches.length > 8) this.calmStretches.shift();
        this.ride?.calm.push(stretch);
      }
      this.calmSince = undefined;
    } else this.calmSince ??= t;
  }

  private barometricStarted(at: number, direction: Direction): void {
    const inertial = this.lastInertialStart;
    const onset =
      inertial && inertial.direction === direction && inertial.at <= at && at - inertial.at <= this.config.onset_lookback_s ? inertial.at : at;
    // The barometer lags the car: calm just before its start counts too.
    const from = at - this.config.onset_lookback_s;
    this.ride = { onset, from, calm: this.calmStretches.filter((stretch) => stretch.to > from) };
    this.output.started(onset, direction);
  }

  /**
   * s: the longest the box was calm within the ride, up to its stop: not after it, where the
   * barometer saw it still for a window before it could tell the stop (a real recording's climb
   * up a stairwell, 0.41 m/s at its fastest, ended in a wait for the lift: its calm from a second
   * before the stop made it a ride).
   */
  private longestCalmS(ride: Ride, stop: number): number {
    const stretches = this.calmSince === undefined || this.lastT === undefined ? ride.calm : [...ride.calm, { from: this.calmSince, to: this.lastT }];
    return stretches.reduce((longest, stretch) => Math.max(longest, Math.min(stretch.to, stop) - Math.max(stretch.from, ride.from)), 0);
  }

  private barometricStopped(at: number, movement: Movement | undefined): void {
    const ride = this.ride;
    this.ride = undefined;
    // Riders stand while the car moves; someone climbing stairs never stands still that long.
    const handled = this.activity !== undefined && ride !== undefined && this.longestCalmS(ride, at) < this.config.min_calm_s;
    if (!movement || handled) {
      this.output.stopped(at, undefined);
      return;
    }
    this.output.stopped(at, { ...movement, start: ride?.onset ?? movement.start });
  }
}
