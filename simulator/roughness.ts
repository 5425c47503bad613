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
/** s: a longer gap between samples starts the vibration afresh */
const MAX_STEP_S = 0.1;

export class CarRoughness {
  /** m/s: each axis's vibration velocity */
  private readonly velocity = new Float64Array(3);
  private lastT = NaN;
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
    const dt = t - this.lastT;
    this.lastT = t;
    const velocity = this.velocity;
    if (!(dt > 0 && dt <= MAX_STEP_S)) {
      velocity.fill(0);
      into.x = into.y = into.z = 0;
      return into;
    }
    if (rms !== this.cachedRms || Math.abs(dt - this.cachedDt) > 1e-9) this.scale(dt, rms);
    const { persistence, innovation } = this;
    into.x = this.step(0, persistence, innovation * draws[0], dt);
    into.y = this.step(1, persistence, innovation * draws[1], dt);
    into.z = this.step(2, persistence, innovation * draws[2], dt);
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

  private step(axis: number, persistence: number, innovation: number, dt: number): number {
    const before = this.velocity[axis];
    const after = persistence * before + innovation;
    this.velocity[axis] = after;
    return (after - before) / dt;
  }
}
