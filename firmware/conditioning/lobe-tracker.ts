/**
 * Cuts a signed signal (vertical acceleration) into lobes: stretches where the smoothed
 * value stays on one side of zero beyond a quiet band. Each lobe carries what a lift's
 * acceleration phase is judged by: its speed change (area), duration, peak and centroid.
 * O(1) per sample; the caller supplies the quiet band (it may adapt to the noise floor).
 */

export interface Lobe {
  sign: 1 | -1;
  /** s, first sample beyond the quiet band */
  start: number;
  /** s, last sample beyond the quiet band */
  end: number;
  /** m/s, speed change: ∫ a dt over the lobe (raw acceleration) */
  area: number;
  /** m, displacement gained inside the lobe from rest at its start: ∫∫ a dt² */
  displacement: number;
  /** m/s², largest |smoothed| value */
  peak: number;
  /** s, when the peak was reached */
  peakT: number;
  /** s·m/s: ∫ t·a dt, for the centroid */
  moment: number;
  /** samples inside the lobe */
  samples: number;
  /** s, since when |smoothed| has stayed beyond the start threshold (undefined: not yet) */
  aboveSince?: number;
}

/** Time at the centre of mass of a lobe's acceleration. */
export function centroid(lobe: Lobe): number {
  return lobe.area === 0 ? (lobe.start + lobe.end) / 2 : lobe.moment / lobe.area;
}

/** Duration covered by a lobe's samples, s (each sample stands for its own interval). */
export function duration(lobe: Lobe, firstInterval: number): number {
  return lobe.end - lobe.start + firstInterval;
}

export class LobeTracker {
  private open?: Lobe;
  private openFirstDt = 0;
  /** the lobe the last update closed, if any, and its duration (s): fields, not a result object per sample */
  closed?: Lobe;
  closedDuration = 0;

  /** The lobe in progress, if any. */
  get current(): Lobe | undefined {
    return this.open;
  }

  /** Duration of the lobe in progress so far, s. */
  get currentDuration(): number {
    return this.open ? duration(this.open, this.openFirstDt) : 0;
  }

  /**
   * Takes one sample; sets `closed` to the lobe that this sample closed, if any (a sign change
   * closes one lobe and opens the next in the same call).
   */
  update(t: number, dt: number, raw: number, smoothed: number, quiet: number, startThreshold: number): void {
    const sign = smoothed > quiet ? 1 : smoothed < -quiet ? -1 : 0;
    this.closed = undefined;
    this.closedDuration = 0;
    if (this.open && this.open.sign !== sign) {
      this.closed = this.open;
      this.closedDuration = duration(this.open, this.openFirstDt);
      this.open = undefined;
    }
    if (sign !== 0) {
      if (!this.open) {
        this.open = { sign, start: t, end: t, area: 0, displacement: 0, peak: 0, peakT: t, moment: 0, samples: 0 };
        this.openFirstDt = dt;
      }
      const lobe = this.open;
      const dv = raw * dt;
      lobe.displacement += (lobe.area + dv / 2) * dt;
      lobe.area += dv;
      lobe.moment += t * dv;
      lobe.end = t;
      lobe.samples++;
      if (Math.abs(smoothed) > lobe.peak) {
        lobe.peak = Math.abs(smoothed);
        lobe.peakT = t;
      }
      if (sign * smoothed > startThreshold) lobe.aboveSince ??= t - dt;
      else lobe.aboveSince = undefined;
    }
  }

  reset(): void {
    this.open = undefined;
  }
}
