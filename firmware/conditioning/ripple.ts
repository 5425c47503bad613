/**
 * How much a smoothed signal shakes about its own slow trend while that trend holds still
 * (rms): a lift's acceleration at an even speed, where a worn roller's tone or a rough rail is
 * all that moves it, and what its peaks carry on top of the car's own acceleration.
 *
 * Only stretches where the trend held still count, and not their last one to two `settleS`:
 * the trend lags a change (a braking), so its departure there is the change, not ripple (an
 * emergency stop from a smooth 2.5 m/s cruise read 1-2 m/s² of "ripple" without this).
 */
import { LowPass } from "./filters.ts";

export class RippleMeter {
  private readonly trend: LowPass;
  /** (m/s²)²·s and s, counted since restart() */
  private squares = 0;
  private seconds = 0;
  /** the still stretch's last two pieces, each up to settleS long, not yet counted */
  private olderSquares = 0;
  private olderS = 0;
  private currentSquares = 0;
  private currentS = 0;

  constructor(trendS: number, private readonly settleS: number) {
    this.trend = new LowPass(trendS);
  }

  /**
   * One sample of the smoothed signal; `stillWithin`: the trend is still while within ± this;
   * `counting`: false where the sample is no part of what is measured (the trend runs on).
   */
  update(smoothed: number, dtS: number, stillWithin: number, counting: boolean): void {
    const trend = this.trend.update(smoothed, dtS);
    if (!counting || !(Math.abs(trend) < stillWithin)) {
      this.olderSquares = this.olderS = this.currentSquares = this.currentS = 0;
      return;
    }
    this.currentSquares += (smoothed - trend) ** 2 * dtS;
    this.currentS += dtS;
    if (this.currentS < this.settleS) return;
    this.squares += this.olderSquares;
    this.seconds += this.olderS;
    this.olderSquares = this.currentSquares;
    this.olderS = this.currentS;
    this.currentSquares = this.currentS = 0;
  }

  /** rms since restart(), over the still stretches counted; 0 where none was */
  get rms(): number {
    return this.seconds > 0 ? Math.sqrt(this.squares / this.seconds) : 0;
  }

  /** Measure afresh (the trend goes on). */
  restart(): void {
    this.squares = this.seconds = 0;
    this.olderSquares = this.olderS = this.currentSquares = this.currentS = 0;
  }
}
