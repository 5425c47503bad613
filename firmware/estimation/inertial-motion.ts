/**
 * Movements of the car from its vertical acceleration alone.
 *
 * A lift run is an acceleration lobe, a quiet cruise and an opposite braking lobe. A movement
 * starts when the smoothed acceleration holds above a threshold (its onset is traced back to
 * where the lobe began) and ends once the car has braked and then stayed quiet. Speed is
 * integrated in between; at the end the residual speed (which should be zero) is taken as
 * linear drift and removed from distance and peak speed.
 */
import type { MotionConfig } from "../config/schema.ts";
import { LowPass, TimeWindow } from "../conditioning/filters.ts";

export type Direction = "up" | "down";

export interface Movement {
  start: number;
  end: number;
  direction: Direction;
  /** m, signed: positive up */
  displacement_m: number;
  max_speed_mps: number;
}

export interface MotionListener {
  started(at: number, direction: Direction): void;
  stopped(at: number, movement: Movement | undefined): void;
}

interface Point {
  t: number;
  acceleration: number;
  smoothed: number;
  dt: number;
}

/** Beyond this gap between samples, integration is meaningless: the movement is abandoned. */
const MAX_GAP_S = 2.5;

export class InertialMotion {
  private readonly smoothing: LowPass;
  private readonly recent: TimeWindow<Point>;
  private lastT?: number;
  private aboveSince?: number;
  private moving?: {
    start: number;
    sign: number;
    velocity: number;
    displacement: number;
    braked: boolean;
    peakSpeed: number;
    quietSince?: number;
    atQuiet?: { velocity: number; displacement: number };
    /** (t, v) through the run, decimated, for the drift-corrected peak speed */
    trace: { t: number; v: number }[];
  };

  constructor(private readonly config: MotionConfig, private readonly listener: MotionListener) {
    this.smoothing = new LowPass(config.smoothing_s);
    this.recent = new TimeWindow(4);
  }

  get isMoving(): boolean {
    return this.moving !== undefined;
  }

  /** Current integrated vertical speed, m/s (0 at rest). */
  get speed(): number {
    return this.moving?.velocity ?? 0;
  }

  push(t: number, acceleration: number): void {
    const dt = this.lastT === undefined ? 0 : t - this.lastT;
    if (dt < 0) return;
    this.lastT = t;
    if (dt > MAX_GAP_S) {
      this.abandon(t - dt);
      this.smoothing.reset();
      this.recent.clear();
    }
    const smoothed = this.smoothing.update(acceleration, dt);
    const point = { t, acceleration, smoothed, dt };
    this.recent.push(point);
    if (this.moving) this.follow(point);
    else this.watch(point);
  }

  /** The trace ended: close a movement that has braked, as if it had gone quiet. */
  finish(): void {
    const run = this.moving;
    if (run?.braked && this.lastT !== undefined) this.stop(run.quietSince ?? this.lastT);
  }

  private watch(point: Point): void {
    if (Math.abs(point.smoothed) <= this.config.start_mps2) {
      this.aboveSince = undefined;
      return;
    }
    this.aboveSince ??= point.t - point.dt;
    if (point.t - this.aboveSince < this.config.start_hold_s) return;
    this.aboveSince = undefined;
    this.begin(point);
  }

  private begin(point: Point): void {
    const sign = Math.sign(point.smoothed);
    // Trace the lobe back to where it rose from the noise.
    const history = this.recent.items();
    let first = history.length - 1;
    while (first > 0 && sign * history[first - 1].smoothed > this.config.quiet_mps2) first--;
    let velocity = 0;
    let displacement = 0;
    for (let index = first; index < history.length; index++) {
      velocity += history[index].acceleration * (index === first ? 0 : history[index].dt);
      displacement += velocity * (index === first ? 0 : history[index].dt);
    }
    const start = history[first].t;
    this.moving = { start, sign, velocity, displacement, braked: false, peakSpeed: Math.abs(velocity), trace: [{ t: start, v: 0 }, { t: point.t, v: velocity }] };
    this.listener.started(start, sign > 0 ? "up" : "down");
  }

  private follow(point: Point): void {
    const run = this.moving!;
    run.velocity += point.acceleration * point.dt;
    run.displacement += run.velocity * point.dt;
    run.peakSpeed = Math.max(run.peakSpeed, Math.abs(run.velocity));
    if (point.t - run.trace[run.trace.length - 1].t >= 0.05) run.trace.push({ t: point.t, v: run.velocity });
    if (run.sign * point.smoothed < -this.config.start_mps2) run.braked = true;

    if (Math.abs(point.smoothed) >= this.config.quiet_mps2) {
      run.quietSince = undefined;
      run.atQuiet = undefined;
      return;
    }
    if (run.quietSince === undefined) {
      run.quietSince = point.t - point.dt;
      run.atQuiet = { velocity: run.velocity, displacement: run.displacement };
    }
    const quietFor = point.t - run.quietSince;
    const residualSmall = Math.abs(run.atQuiet!.velocity) <= Math.max(this.config.stop_speed_fraction * run.peakSpeed, 0.1);
    if ((run.braked && residualSmall && quietFor >= this.config.stop_quiet_s) || quietFor >= this.config.max_unbraked_quiet_s) {
      this.stop(run.quietSince);
    }
  }

  private stop(end: number): void {
    const run = this.moving!;
    this.moving = undefined;
    const duration = Math.max(end - run.start, 1e-6);
    const residual = run.atQuiet?.velocity ?? run.velocity;
    const displacement = (run.atQuiet?.displacement ?? run.displacement) - (residual * duration) / 2;
    const maxSpeed = Math.max(
      0,
      ...run.trace.filter((sample) => sample.t <= end).map((sample) => Math.abs(sample.v - (residual * (sample.t - run.start)) / duration)),
    );
    const movement =
      Math.abs(displacement) >= this.config.min_trip_m
        ? { start: run.start, end, direction: displacement >= 0 ? ("up" as const) : ("down" as const), displacement_m: displacement, max_speed_mps: maxSpeed }
        : undefined;
    this.listener.stopped(end, movement);
  }

  private abandon(lastGoodT: number): void {
    if (!this.moving) return;
    this.moving = undefined;
    this.listener.stopped(lastGoodT, undefined);
  }
}
