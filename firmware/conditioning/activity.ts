/**
 * How agitated the box is: RMS of the specific-force magnitude between about
 * 1/(2π·highPassS) and 1/(2π·lowPassS) Hz. A box fixed to a car, or a phone held by someone
 * standing in it, reads a few tenths of m/s²; footsteps, stairs and handling read several
 * m/s². The band stops below the car's own vibration (guide rollers and ropes, 5 Hz and up):
 * a car shaking hard is not a box being handled, and taken for one it could not start a run.
 * The magnitude is used so the measure needs no axis and no gravity reference.
 */
import { LowPass } from "./filters.ts";

export class ActivityMeter {
  private readonly slow: LowPass;
  private readonly power: LowPass;
  /** |force| below the car's vibration: a first-order low-pass by backward Euler, dt/(τ + dt), which needs no exp per sample */
  private band = NaN;

  constructor(highPassS: number, averagingS: number, private readonly lowPassS = 0) {
    this.slow = new LowPass(highPassS);
    this.power = new LowPass(averagingS);
  }

  /** Takes one reading's magnitude |force| (m/s², computed once by the caller); returns the current RMS, m/s². */
  update(magnitude: number, dtS: number): number {
    const step = Math.max(dtS, 0);
    this.band = Number.isNaN(this.band) ? magnitude : this.band + (step / (this.lowPassS + step || 1)) * (magnitude - this.band);
    const fast = this.band - this.slow.update(magnitude, dtS);
    return Math.sqrt(this.power.update(fast * fast, dtS));
  }

  get rms(): number {
    return Math.sqrt(this.power.value ?? 0);
  }
}
