/**
 * The barometer's word on a landing carried over a restart (see CarriedLanding). The journal
 * keeps the pressure where the car rests with the landing (after each run and each minute of a
 * rest, so the weather has moved it little); the first readings of the next start, the car at
 * rest, tell whether it is still at that height. Further off than half the shortest storey, it
 * is at another landing, or the weather moved that far while the box was down (the longer the
 * downtime, the likelier): either way the trips place it again, as for a box that knew nothing.
 * Nearer says little: the weather over a downtime the box cannot measure (a Pi keeps no clock
 * across a power cut) may have made up a storey, so it never confirms.
 */
import { formulaMetresPerPascal } from "./barometric-correction.ts";

/** s: the kept pressure is refreshed this often at rest (a front's 300 Pa/h moves it 5 Pa a minute, a storey is some 40) */
const KEEP_EVERY_S = 60;

export class CarriedLevel {
  /** the first readings at rest after the start, until the check is done (undefined: done, or nothing to check) */
  private readings?: number[];
  private keptT = NaN;

  /**
   * `carriedPa`: the pressure kept with the carried landing; `toleranceM`: half the shortest
   * storey; `samples`: readings to take the median of; `keep`: where the pressure is kept.
   */
  constructor(
    private readonly carriedPa: number | undefined,
    private readonly toleranceM: number,
    private readonly samples: number,
    private readonly keep?: (pascal: number) => void,
  ) {
    if (carriedPa !== undefined && toleranceM > 0) this.readings = [];
  }

  /**
   * A barometer reading at `t`; `resting`: the car at rest; `placed`: it rests at a placed
   * landing (asked only when the pressure is to be kept). True once, where the first readings
   * at rest put the car at another height than the carried landing's.
   */
  reading(t: number, pascal: number, resting: boolean, placed: () => boolean): boolean {
    const readings = this.readings;
    // Nothing is kept while the check waits: a box that stops again before it ends still has the pair it started with.
    if (readings) {
      if (!resting) return false;
      readings.push(pascal);
      if (readings.length < this.samples) return false;
      this.readings = undefined;
      const level = readings.sort((a, b) => a - b)[readings.length >> 1];
      if (Math.abs((level - this.carriedPa!) * formulaMetresPerPascal(level)) > this.toleranceM) return true;
    }
    if (resting && this.keep && !(t - this.keptT < KEEP_EVERY_S) && placed()) {
      this.keptT = t;
      this.keep(pascal);
    }
    return false;
  }

  /** The car left: its level is no longer the carried landing's to compare. */
  runStarted(): void {
    this.readings = undefined;
  }

  /** A run ended: the pressure where it rests is kept at the next reading (with the landing it was placed at, if any). */
  stopped(): void {
    this.keptT = NaN;
  }
}
