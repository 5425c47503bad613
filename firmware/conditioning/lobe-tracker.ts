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
  /**
   * m/s, ∫ a dt before `start`, from where the smoothed value last crossed zero (or the last
   * lobe closed): the rise the smoothing hid inside the quiet band. A lift's jerk-limited start
   * gains 0.01 m/s there on a clean sensor, more where noise widens the band.
   */
  hiddenArea: number;
  /** m, ∫∫ a dt² over the same stretch, from rest where it began */
  hiddenDisplacement: number;
}

/** m/s: the lobe's whole speed change, its hidden rise with it. */
export function speedChange(lobe: Lobe): number {
  return lobe.hiddenArea + lobe.area;
}

/**
 * The speed change and displacement from rest where the lobe's hidden rise began, up to its
 * end; `lobeDuration`: its duration (see duration()).
 */
export function fromRest(lobe: Lobe, lobeDuration: number): { speed: number; displacement: number } {
  return { speed: speedChange(lobe), displacement: lobe.hiddenDisplacement + lobe.hiddenArea * lobeDuration + lobe.displacement };
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
  /**
   * `hiddenMaxS`: the longest a lobe's smoothed value may take from zero to the quiet band. A
   * longer stretch inside the band on one side is an offset (a gravity reference a little off),
   * not the rise of a lobe, and none of it is counted (see Lobe.hiddenArea).
   */
  constructor(private readonly hiddenMaxS: number) {}

  private open?: Lobe;
  private openFirstDt = 0;
  /** the hidden rise so far (see Lobe.hiddenArea) and which side of zero the smoothed value has kept through it */
  private hiddenArea = 0;
  private hiddenDisplacement = 0;
  private hiddenSide = 0;
  /** s, where the hidden rise so far began */
  private hiddenSince = NaN;
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
      this.forgetHidden(sign, t - dt);
    }
    if (sign === 0) return this.hide(t, raw, dt, smoothed);
    if (!this.open) {
      // Inside the quiet band on the other side, or not at all: nothing was hidden.
      const hidden = this.hiddenSide === sign && t - this.hiddenSince <= this.hiddenMaxS;
      this.open = {
        sign,
        start: t,
        end: t,
        area: 0,
        displacement: 0,
        peak: 0,
        peakT: t,
        moment: 0,
        samples: 0,
        hiddenArea: hidden ? this.hiddenArea : 0,
        hiddenDisplacement: hidden ? this.hiddenDisplacement : 0,
      };
      this.openFirstDt = dt;
      this.forgetHidden(0, t);
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

  reset(): void {
    this.open = undefined;
    this.forgetHidden(0, NaN);
  }

  /** A sample inside the quiet band: part of the next lobe's hidden rise, if it keeps to one side of zero. */
  private hide(t: number, raw: number, dt: number, smoothed: number): void {
    const side = smoothed > 0 ? 1 : smoothed < 0 ? -1 : 0;
    if (side !== this.hiddenSide) this.forgetHidden(side, t - dt);
    const dv = raw * dt;
    this.hiddenDisplacement += (this.hiddenArea + dv / 2) * dt;
    this.hiddenArea += dv;
  }

  private forgetHidden(side: number, since: number): void {
    this.hiddenArea = 0;
    this.hiddenDisplacement = 0;
    this.hiddenSide = side;
    this.hiddenSince = since;
  }
}
