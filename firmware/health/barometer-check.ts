/**
 * A barometer that reads the same value, bit for bit, through a run the accelerometer measured:
 * it is stuck. A live one's readings move by a few pascals of noise at rest and by about 12 Pa a
 * metre in a run; a BMP280 left asleep (or in forced mode without a new trigger) repeats its last
 * conversion for ever. Weighed against the accelerometer, such a barometer pulled every run of a
 * box without a door-zone sensor back to 0 m: a field engineer's stuck trace raised 63 false
 * insured overtravels in an hour (none with no barometer at all).
 */

/** m: a run at least this long with not one reading changed is no live barometer's (3 m is about 36 Pa). */
export const STUCK_RUN_M = 3;
/** s: the readings must still be coming (a barometer that stopped answering is a read fault, not this). */
const READINGS_WITHIN_S = 1;

export class BarometerCheck {
  private last = NaN;
  /** s, when the reading last changed */
  private changedT = NaN;
  private lastT = NaN;

  reading(t: number, pascal: number): void {
    if (pascal !== this.last) this.changedT = t;
    this.last = pascal;
    this.lastT = t;
  }

  /**
   * Judged while a run goes on, begun at `runStartT` (s) and `displacementM` (m) long so far:
   * true where the barometer has read one value since before the run began.
   */
  stuckThrough(t: number, runStartT: number, displacementM: number): boolean {
    return Math.abs(displacementM) >= STUCK_RUN_M && this.changedT < runStartT && t - this.lastT <= READINGS_WITHIN_S;
  }

  /** The value it is stuck at, Pa. */
  get value(): number {
    return this.last;
  }
}
