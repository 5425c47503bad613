/**
 * How agitated the box is: RMS of the fast part (above about 1/(2π·highPassS) Hz) of the
 * specific-force magnitude. A box fixed to a car, or a phone held by someone standing in it,
 * reads a few tenths of m/s²; footsteps, stairs and handling read several m/s². The
 * magnitude is used so the measure needs no axis and no gravity reference.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import { LowPass } from "./filters.ts";
import { vectorLength } from "./vector-length.ts";

export class ActivityMeter {
  private readonly slow: LowPass;
  private readonly power: LowPass;

  constructor(highPassS: number, averagingS: number) {
    this.slow = new LowPass(highPassS);
    this.power = new LowPass(averagingS);
  }

  /** Takes one reading; returns the current RMS, m/s². */
  update(force: Vector3, dtS: number): number {
    const magnitude = vectorLength(force.x, force.y, force.z);
    const fast = magnitude - this.slow.update(magnitude, dtS);
    return Math.sqrt(this.power.update(fast * fast, dtS));
  }

  get rms(): number {
    return Math.sqrt(this.power.value ?? 0);
  }
}
