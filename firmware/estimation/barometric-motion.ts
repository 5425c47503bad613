/**
 * Movements of the car from the barometer alone, for boxes (or traces) whose accelerometer
 * cannot follow a start. Pressure becomes height (about 12 Pa per metre near sea level); a
 * movement starts when the smoothed height leaves its resting level and ends when it has
 * held still for a window. Slow, but it cannot drift the way integration does.
 */
import type { BarometerConfig } from "../config/schema.ts";
import { LowPass, TimeWindow } from "../conditioning/filters.ts";
import { RunningMedian } from "../conditioning/median.ts";
import { NoiseFloor } from "../conditioning/noise-floor.ts";
import type { MotionListener } from "./inertial-motion.ts";

/** Height difference, m, between two pressures (international barometric formula). */
export function heightAbove(pressurePa: number, referencePa: number): number {
  return 44330.77 * (1 - Math.pow(pressurePa / referencePa, 0.190263));
}

/** Beyond this gap between readings the resting level is learnt again. */
const MAX_GAP_S = 30;
/** The resting level follows weather and ventilation this slowly, s. */
const REST_TRACKING_S = 20;

export class BarometricMotion {
  private reference?: number;
  private readonly smoothing: LowPass;
  private readonly median: RunningMedian;
  private readonly resting = new LowPass(REST_TRACKING_S);
  private readonly history: TimeWindow<{ t: number; height: number }>;
  private noise: NoiseFloor;
  private restLearnedS = 0;
  private lastT?: number;
  private moving?: { start: number; restLevel: number; maxSpeed: number };
  /** deviations from the resting level at rest, not yet learnt as noise (see learnNoise), oldest first */
  private unlearnt: { t: number; deviation: number; dt: number }[] = [];

  constructor(private readonly config: BarometerConfig, private readonly listener: MotionListener) {
    this.smoothing = new LowPass(config.smoothing_s);
    this.median = new RunningMedian(config.median_samples);
    this.history = new TimeWindow(Math.max(30, 4 * config.stable_window_s));
    this.noise = this.newNoiseFloor();
  }

  private newNoiseFloor(): NoiseFloor {
    return new NoiseFloor(REST_TRACKING_S, 0, this.config.start_m * this.config.noise_cap_factor);
  }

  /** Height change that starts a movement, m: raised on a noisy barometer. */
  get startM(): number {
    return Math.max(this.config.start_m, this.config.noise_factor * this.noise.rms);
  }

  /** Height range that counts as still, m: raised on a noisy barometer. */
  get stableRangeM(): number {
    return Math.max(this.config.stable_range_m, this.config.noise_factor * this.noise.rms);
  }

  get isMoving(): boolean {
    return this.moving !== undefined;
  }

  push(t: number, pressure: number): void {
    this.reference ??= pressure;
    const dt = this.lastT === undefined ? 0 : t - this.lastT;
    if (dt < 0) return;
    this.lastT = t;
    if (dt > MAX_GAP_S) {
      if (this.moving) this.listener.stopped(t - dt, undefined);
      this.moving = undefined;
      this.smoothing.reset();
      this.median.reset();
      this.resting.reset();
      this.history.clear();
      this.noise = this.newNoiseFloor();
      this.unlearnt = [];
      this.restLearnedS = 0;
    }
    const median = this.median.update(heightAbove(pressure, this.reference), t);
    const height = this.smoothing.update(median, dt);
    // The median stands for the middle of its window: date the point there.
    this.history.push({ t: this.median.centreT, height });
    if (this.moving) this.follow();
    else this.watch(this.median.centreT, height, dt);
  }

  /**
   * The trace ended. A run whose height has held still over the end (at least half the stable
   * window, where a live box waits for most of one) ended where that stillness began; one still
   * moving, or still too briefly to tell, ends unmeasured. The heights are dated at their
   * median's centre, some way before the last reading: the stillness is judged on them.
   */
  finish(): void {
    if (!this.moving || this.lastT === undefined) return;
    const points = this.history.items();
    let first = points.length - 1;
    let low = points[first]?.height ?? NaN;
    let high = low;
    // Not back past the run's start, and a height that is not a number holds nothing still.
    while (first > 0 && points[first - 1].t > this.moving.start) {
      const height = points[first - 1].height;
      if (!(Math.max(high, height) - Math.min(low, height) <= this.stableRangeM)) break;
      low = Math.min(low, height);
      high = Math.max(high, height);
      first--;
    }
    const stillS = first >= 0 ? points[points.length - 1].t - points[first].t : 0;
    this.stop(stillS >= 0.5 * this.config.stable_window_s ? points[first].t : this.lastT, true);
  }

  private watch(t: number, height: number, dt: number): void {
    const restLevel = this.resting.value ?? height;
    this.restLearnedS += dt;
    const learning = this.restLearnedS < this.config.stable_window_s;
    if (Math.abs(height - restLevel) < this.startM || learning) {
      // Until the stable window has passed, the mean of the heights so far. Primed with the first
      // reading alone, the slow resting level kept that one reading's noise for a minute (3 Pa
      // of it is 0.25 m), which the noise floor took for noise: a trace begun 3 s before the car
      // moved had its thresholds raised to 2-3 m, ended its first run at the braking, and placed
      // the trips after it a floor out (false overtravels).
      if (learning) this.resting.reset(this.restLearnedS > 0 ? restLevel + (dt / this.restLearnedS) * (height - restLevel) : height);
      else this.resting.update(height, dt);
      this.learnNoise(t, height - restLevel, dt);
      return;
    }
    // Trace back to where the height left the resting level.
    const points = this.history.items();
    let first = points.length - 1;
    const sign = Math.sign(height - restLevel);
    while (first > 0 && sign * (points[first - 1].height - restLevel) > 0.15 * this.startM) first--;
    const start = points[Math.max(0, first - 1)].t;
    for (const sample of this.unlearnt) if (sample.t < start) this.noise.update(sample.deviation, sample.dt);
    this.unlearnt = [];
    this.moving = { start, restLevel, maxSpeed: 0 };
    this.listener.started(start, sign > 0 ? "up" : "down");
  }

  /**
   * s: where the last stable window began, the height having held still over it, its heights
   * dated at their median's centre (the smoothing's lag is left in them); NaN where it has not,
   * or the readings do not yet span most of a window.
   */
  stillSince(): number {
    const points = this.lastWindow();
    return points.length > 0 && this.heldStill(points) ? points[0].t : NaN;
  }

  /**
   * The noise floor learns a deviation at rest once a stable window has passed without a
   * movement starting before it. Learnt at once, a movement's first metres (under the start
   * height) were taken for noise and raised the start height, which let more of the next
   * movement in: a phone-like trace begun in a ride, learning its braking, held 4 m thresholds
   * for good (a 0.25 m noise) and missed or cut short the trips after it.
   */
  private learnNoise(t: number, deviation: number, dt: number): void {
    const unlearnt = this.unlearnt;
    unlearnt.push({ t, deviation, dt });
    while (unlearnt[0].t <= t - this.config.stable_window_s) {
      const sample = unlearnt.shift()!;
      this.noise.update(sample.deviation, sample.dt);
    }
  }

  private follow(): void {
    const run = this.moving!;
    const points = this.lastWindow();
    const span = points[points.length - 1].t - points[0].t;
    if (span >= 0.5) run.maxSpeed = Math.max(run.maxSpeed, Math.abs(points[points.length - 1].height - points[0].height) / span);
    if (this.heldStill(points)) this.stop(points[0].t, false);
  }

  /** The heights of the last stable_window_s, oldest first. */
  private lastWindow(): { t: number; height: number }[] {
    const points = this.history.items();
    const from = (points[points.length - 1]?.t ?? 0) - this.config.stable_window_s;
    return points.filter((point) => point.t >= from);
  }

  /** Within the still range, over most of a stable window. */
  private heldStill(points: readonly { t: number; height: number }[]): boolean {
    const span = points[points.length - 1].t - points[0].t;
    const heights = points.map((point) => point.height);
    return Math.max(...heights) - Math.min(...heights) <= this.stableRangeM && span >= 0.8 * this.config.stable_window_s;
  }

  private stop(end: number, atTraceEnd: boolean): void {
    const run = this.moving!;
    this.moving = undefined;
    const points = this.history.items().filter((point) => point.t >= end);
    const level = points.reduce((sum, point) => sum + point.height, 0) / Math.max(points.length, 1);
    const displacement = level - run.restLevel;
    this.resting.reset(level);
    this.restLearnedS = this.config.stable_window_s;
    const movement =
      Math.abs(displacement) >= this.config.min_trip_m && run.maxSpeed >= this.config.min_speed_mps && !(atTraceEnd && points.length < 2)
        ? {
            start: run.start,
            end,
            direction: displacement >= 0 ? ("up" as const) : ("down" as const),
            displacement_m: displacement,
            max_speed_mps: run.maxSpeed,
            method: "barometric" as const,
          }
        : undefined;
    this.listener.stopped(end, movement);
  }
}
