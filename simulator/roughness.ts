/**
 * The car's broadband roughness (its ride vibration, and a worn roller's), as the
 * acceleration of a vibration velocity that stays small: the car shakes about its path and
 * goes where the lift takes it. Drawn as fresh white noise each sample, roughness holds some
 * of its power at 0 Hz, and the speed a box integrates from it random-walks away from the
 * car's own (a 50 Hz box shaken at 0.4 m/s² rms: 0.26 m/s one σ after 24 s, a 0.4 m/s lift read
 * at twice its speed); no car does that, its vibration velocity being the derivative of
 * millimetres. Here each axis's vibration velocity is white noise low-passed at CORNER_HZ (a
 * first-order autoregression) and the acceleration is its change per sample, scaled to the rms
 * asked for, from one standard normal draw per axis as white noise would take: nothing is left
 * at 0 Hz. A car that stops stops shaking: its vibration velocity returns to zero.
 */
import type { Vector3 } from "../hal/sensors.ts";

/** Hz: above it the roughness is about flat; below, it falls away to nothing at 0 Hz (capped at a quarter of the sample rate). */
const CORNER_HZ = 20;
/** s: a longer gap between samples starts a vibration afresh */
const MAX_STEP_S = 0.1;

/**
 * Three axes' vibration velocities, m/s, and their change from one sample to the next as the
 * acceleration a chip reads: what the car's roughness and a worn roller's tone (see
 * faults/vibration.ts) share.
 */
export class VibrationVelocity {
  private readonly velocity = new Float64Array(3);
  private lastT = NaN;
  /** s since the last sample; NaN after a gap (the first sample, or one over MAX_STEP_S) */
  dt = NaN;

  /** The next sample is at `t` (one call per sample, in time order): false after a gap, where changes read 0. */
  advance(t: number): boolean {
    const dt = t - this.lastT;
    this.lastT = t;
    this.dt = dt > 0 && dt <= MAX_STEP_S ? dt : NaN;
    return !Number.isNaN(this.dt);
  }

  at(axis: number): number {
    return this.velocity[axis];
  }

  get still(): boolean {
    return this.velocity[0] === 0 && this.velocity[1] === 0 && this.velocity[2] === 0;
  }

  /** Sets an axis's velocity; returns its change over the sample as acceleration, m/s² (0 after a gap). */
  set(axis: number, velocity: number): number {
    const before = this.velocity[axis];
    this.velocity[axis] = velocity;
    return Number.isNaN(this.dt) ? 0 : (velocity - before) / this.dt;
  }
}

export class CarRoughness {
  private readonly velocity = new VibrationVelocity();
  /** the last step's dt and rms, and what they gave (an exp and two roots a sample otherwise) */
  private cachedDt = NaN;
  private cachedRms = NaN;
  private persistence = 0;
  private innovation = 0;

  /**
   * The roughness at `t` (one call per sample, in time order), `rms` m/s² per axis, from three
   * standard normal draws, written into `into`.
   */
  next(t: number, rms: number, draws: ArrayLike<number>, into: Vector3): Vector3 {
    const velocity = this.velocity;
    if (!velocity.advance(t)) {
      into.x = velocity.set(0, 0);
      into.y = velocity.set(1, 0);
      into.z = velocity.set(2, 0);
      return into;
    }
    const dt = velocity.dt;
    if (rms !== this.cachedRms || Math.abs(dt - this.cachedDt) > 1e-9) this.scale(dt, rms);
    const { persistence, innovation } = this;
    into.x = velocity.set(0, persistence * velocity.at(0) + innovation * draws[0]);
    into.y = velocity.set(1, persistence * velocity.at(1) + innovation * draws[1]);
    into.z = velocity.set(2, persistence * velocity.at(2) + innovation * draws[2]);
    return into;
  }

  private scale(dt: number, rms: number): void {
    this.cachedDt = dt;
    this.cachedRms = rms;
    this.persistence = this.innovation = 0;
    if (rms === 0) return;
    this.persistence = Math.exp(-2 * Math.PI * Math.min(CORNER_HZ, 0.25 / dt) * dt);
    // The velocity's stationary σ for a change per sample of `rms`·dt: Var(Δu) = 2(1 − ρ)σ².
    const velocitySigma = (rms * dt) / Math.sqrt(2 * (1 - this.persistence));
    this.innovation = velocitySigma * Math.sqrt(1 - this.persistence * this.persistence);
  }
}
