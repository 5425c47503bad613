/**
 * How agitated the box is: RMS of the fast part (above about 1/(2π·highPassS) Hz) of the
 * specific-force magnitude. A box fixed to a car, or a phone held by someone standing in it,
 * reads a few tenths of m/s²; footsteps, stairs and handling read several m/s². The
 * magnitude is used so the measure needs no axis and no gravity reference.
 */
import { LowPass } from "./filters.ts";

export class ActivityMeter {
  private readonly slow: LowPass;
  private readonly power: LowPass;

  constructor(highPassS: number, averagingS: number) {
    this.slow = new LowPass(highPassS);
    this.power = new LowPass(averagingS);
  }

  /** Takes one reading's magnitude |force| (m/s², computed once by the caller); returns the current RMS, m/s². */
  update(magnitude: number, dtS: number): number {
    const fast = magnitude - this.slow.update(magnitude, dtS);
    return Math.sqrt(this.power.update(fast * fast, dtS));
  }

  get rms(): number {
    return Math.sqrt(this.power.value ?? 0);
  }
}
