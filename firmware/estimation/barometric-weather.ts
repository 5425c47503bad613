/**
 * The weather's share of the barometric height. Outdoor pressure moves every height in the
 * building alike, tens of Pa an hour in fair weather and a few hundred as a front passes
 * (12 Pa is about a metre): a car at rest for an hour at a landing can read several floors
 * away from where it was. A car at rest does not move (a relevel is millimetres), so what its
 * resting level did between arriving and leaving is the weather's: added up over the rests, it
 * is taken out of every barometric height compared across time (anchors, see
 * BarometricCorrection). While the car moves, or where it may have moved unseen, the weather is
 * not measured: it goes on at the rate the rests showed.
 *
 * How far off that may be is measured too: each rest's change is as noisy as its two levels
 * (a short rest's is mostly noise), and the rate is known from the rests' scatter, or, before
 * any, not at all beyond what a front does. `drift_m_per_h` adds how far the rate may move
 * from what the rests showed.
 */

/** A barometric height (m, by the formula), when its readings were taken (their mean time, s), and how well it is known (m², one σ squared). */
export interface RestLevel {
  height: number;
  t: number;
  variance: number;
}

/**
 * The weather so far: its height change over the rests (m, by the formula), how many rests
 * measured it, and how long it went unmeasured (s). What it did while unmeasured is reckoned
 * when two are compared, at the rate known then (see changeBetween): a rate learnt late puts
 * right the runs before it too.
 */
export interface WeatherSoFar {
  measuredM: number;
  rests: number;
  unmeasuredS: number;
}

/** The rate is the rests' change over their length, the older forgotten over about this much rest, s: a front's rate holds for hours. */
const RATE_MEMORY_S = 1200;
/** m/s, one σ: how fast the weather may move the height before any rest has shown it (300 Pa/h, a front: a box restarts after a power cut, and storms cut power; fair weather is far slower, and costs only the first minutes' placing). */
const RATE_PRIOR_MPS = 0.007;

export class BarometricWeather {
  private measuredM = 0;
  private rests = 0;
  private unmeasuredS = 0;
  /** the rests lately, the older forgotten (see RATE_MEMORY_S): how many, their length (s), change (m), and for their scatter */
  private readonly sums = { count: 0, restS: 0, changeM: 0, changeM2: 0, changeRestM: 0, restS2: 0, levelVariance: 0 };
  /** where the car came to rest last (undefined once it may have moved unseen) */
  private arrival?: RestLevel;
  /** s: the weather is reckoned up to here */
  private reckonedT = NaN;

  /** @param driftMps how far (m/s, one σ) the weather's rate may move from what the rests showed */
  constructor(private readonly driftMps: number) {}

  /** The weather so far, as at `t` (at or after the last rest measured). */
  at(t: number): WeatherSoFar {
    const unmeasuredS = Number.isNaN(this.reckonedT) ? 0 : Math.max(0, t - this.reckonedT);
    return { measuredM: this.measuredM, rests: this.rests, unmeasuredS: this.unmeasuredS + unmeasuredS };
  }

  /** m (by the formula): what the weather did to every height between two of its reckonings. */
  changeBetween(earlier: WeatherSoFar, later: WeatherSoFar): number {
    return later.measuredM - earlier.measuredM + this.rateMps * (later.unmeasuredS - earlier.unmeasuredS);
  }

  /** How far off (m², one σ squared) that may be: each rest's noise, and the rate's error over the time unmeasured. */
  varianceBetween(earlier: WeatherSoFar, later: WeatherSoFar): number {
    return this.changeVariance * Math.abs(later.rests - earlier.rests) + this.rateVariance * (later.unmeasuredS - earlier.unmeasuredS) ** 2;
  }

  /**
   * The car came to rest at `level` (measured after the stop; undefined where it was not). Each
   * level is dated at its readings' mean time, so that a rest's change spans the time it took.
   */
  arrived(level: RestLevel | undefined): void {
    if (!level) return;
    this.reckonTo(level.t);
    this.arrival = Number.isFinite(level.variance) ? level : undefined;
  }

  /** The car leaves its rest, its level before it `level`: the rest's change was the weather's. */
  leaving(level: RestLevel): void {
    const arrival = this.arrival;
    this.arrival = undefined;
    if (!arrival || !Number.isFinite(level.variance) || level.t <= arrival.t) return this.reckonTo(level.t);
    // Reckoned to its arrival when it arrived: the rest's change is added as measured.
    const [restS, changeM] = [level.t - arrival.t, level.height - arrival.height];
    this.measuredM += changeM;
    this.rests += 1;
    this.reckonedT = level.t;
    const kept = Math.exp(-restS / RATE_MEMORY_S);
    const sums = this.sums;
    sums.count = kept * sums.count + 1;
    sums.restS = kept * sums.restS + restS;
    sums.changeM = kept * sums.changeM + changeM;
    sums.changeM2 = kept * sums.changeM2 + changeM ** 2;
    sums.changeRestM = kept * sums.changeRestM + changeM * restS;
    sums.restS2 = kept * sums.restS2 + restS ** 2;
    sums.levelVariance = kept * sums.levelVariance + arrival.variance + level.variance;
  }

  /** The car may have moved unseen since it arrived: this rest tells nothing of the weather. */
  unmeasured(): void {
    this.arrival = undefined;
  }

  /** m/s: the rests' rate, drawn towards none while few have shown it (weighed against RATE_PRIOR_MPS) */
  private get rateMps(): number {
    const { restS, changeM } = this.sums;
    return restS > 0 ? (changeM / restS) * this.dataShare : 0;
  }

  /** m², one σ squared: how far off one rest's change may be (its levels' noise, or the rests' scatter about the rate where larger) */
  private get changeVariance(): number {
    const { count, restS, changeM, changeM2, changeRestM, restS2, levelVariance } = this.sums;
    if (count === 0) return 0;
    const rate = changeM / restS;
    const scatter = count > 1 ? Math.max(0, changeM2 - 2 * rate * changeRestM + rate ** 2 * restS2) / (count - 1) : 0;
    return Math.max(levelVariance / count, scatter);
  }

  /** The rests' share of what is believed of the rate (the rest, RATE_PRIOR_MPS's none). */
  private get dataShare(): number {
    const { count, restS } = this.sums;
    if (count === 0) return 0;
    const dataVariance = (count * this.changeVariance) / restS ** 2;
    return RATE_PRIOR_MPS ** 2 / (RATE_PRIOR_MPS ** 2 + dataVariance);
  }

  /** (m/s)², one σ squared: how far off the rate may be (the rests' or the prior's, and the drift allowed) */
  private get rateVariance(): number {
    return this.driftMps ** 2 + (1 - this.dataShare) * RATE_PRIOR_MPS ** 2;
  }

  private reckonTo(t: number): void {
    if (!Number.isNaN(this.reckonedT) && t <= this.reckonedT) return;
    this.unmeasuredS = this.at(t).unmeasuredS;
    this.reckonedT = t;
  }
}
