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
 * (a short rest's is mostly noise), or as the rests scatter where more; the rate is followed as
 * one that may wander as a front arrives (see RateFilter), and before anything has shown it is
 * taken to be as fast as a front's. The longer before the latest rests a reckoning was, the
 * less the rate now says of the time after it. `drift_m_per_h` adds how far it may stray.
 * These figures are settings (WeatherSettings), rough ones for weather, not from a survey.
 * A rest's change no weather makes (the barometer silent through a run between) is not taken.
 *
 * A landing the car is surely at again (placed, see BarometricCorrection's anchors) measures the
 * weather over the runs between as well: its level then and now differ by the weather alone, so
 * what the rests between did not account for is what the runs' weather was (see revisited).
 * A lobby revisited every few minutes tells the rate far better than short rests do.
 */

import type { BarometerConfig } from "../config/schema.ts";

/** A barometric height (m, by the formula), when its readings were taken (their mean time, s), and how well it is known (m², one σ squared). */
export interface RestLevel {
  height: number;
  t: number;
  variance: number;
}

/**
 * The weather so far, at `t` (s): its height change over the rests (m, by the formula), how many
 * rests measured it, and how long it went unmeasured (s). What it did while unmeasured is
 * reckoned when two are compared, at the rate known then (see changeBetween): a rate learnt
 * late puts right the runs before it too.
 */
export interface WeatherSoFar {
  t: number;
  measuredM: number;
  rests: number;
  unmeasuredS: number;
}

/**
 * What the weather may do, in metres of barometric height (about 12 Pa a metre near sea level),
 * from the barometer's settings (weather_*, drift_m_per_h: rough figures for weather, not from a
 * survey of buildings).
 */
export interface WeatherSettings {
  /** m/s, one σ: how fast the weather may move the height before anything has shown it */
  priorMps: number;
  /** (m/s)² per s: how far the rate may wander as time goes by */
  wanderMps2PerS: number;
  /** m/s: faster than any weather: a rest's change past it was the car's (a run the barometer missed) */
  beyondMps: number;
  /** s: a rest's scatter, and a landing revisited, count for about this long */
  memoryS: number;
  /** m/s, one σ: how far the rate may stray, beyond all that, while nothing measures it */
  driftMps: number;
}

export function weatherSettings(config: Pick<BarometerConfig, "weather_prior_m_per_h" | "weather_wander_m_per_h" | "weather_beyond_m_per_h" | "weather_memory_s" | "drift_m_per_h">): WeatherSettings {
  return {
    priorMps: config.weather_prior_m_per_h / 3600,
    // As a random walk: its variance grows by the wander's square every ten minutes.
    wanderMps2PerS: (config.weather_wander_m_per_h / 3600) ** 2 / 600,
    beyondMps: config.weather_beyond_m_per_h / 3600,
    memoryS: config.weather_memory_s,
    driftMps: config.drift_m_per_h / 3600,
  };
}

/** Rests' changes, the older forgotten: how far off one rest's change may be. */
class RestSums {
  private count = 0;
  private restS = 0;
  private changeM = 0;
  private changeM2 = 0;
  private changeRestM = 0;
  private restS2 = 0;
  private levelVariance = 0;

  constructor(private readonly memoryS: number) {}

  /** A rest of `restS` whose level changed by `changeM` (its two levels' variance summed), `sinceS` after the last. */
  add(sinceS: number, restS: number, changeM: number, levelVariance: number): void {
    const kept = Math.exp(-sinceS / this.memoryS);
    this.count = kept * this.count + 1;
    this.restS = kept * this.restS + restS;
    this.changeM = kept * this.changeM + changeM;
    this.changeM2 = kept * this.changeM2 + changeM ** 2;
    this.changeRestM = kept * this.changeRestM + changeM * restS;
    this.restS2 = kept * this.restS2 + restS ** 2;
    this.levelVariance = kept * this.levelVariance + levelVariance;
  }

  /** m/s, as the rests alone tell it (0 before one) */
  get rateMps(): number {
    return this.restS > 0 ? this.changeM / this.restS : 0;
  }

  /** m², one σ squared: how far off one rest's change may be (its levels' noise, or the rests' scatter about the rate where larger) */
  get changeVariance(): number {
    if (this.count === 0) return 0;
    const rate = this.rateMps;
    const scatter = this.count > 1 ? Math.max(0, this.changeM2 - 2 * rate * this.changeRestM + rate ** 2 * this.restS2) / (this.count - 1) : 0;
    return Math.max(this.levelVariance / this.count, scatter);
  }
}

/**
 * The weather's rate, from what each rest and each revisited landing showed, each weighed by
 * how well it was measured, the rate allowed to wander as time goes by (up to the prior, or
 * ten minutes' wander where that is more): a Kalman filter of one state. What the latest
 * measurements say counts most, so a front's arrival is followed within minutes however well
 * the still air before it was known, and how far off the rate may be never falls below what
 * its wander and the measurements' noise leave.
 */
class RateFilter {
  rateMps = 0;
  /** (m/s)², one σ squared, as at `lastT`: the prior's until something is measured */
  variance: number;
  private lastT = NaN;

  constructor(private readonly settings: WeatherSettings) {
    this.variance = settings.priorMps ** 2;
  }

  /** The rate over `spanS` (s) moved the height by `changeM` (m), that known to `variance` (m², one σ squared), measured at `t`. */
  measured(t: number, spanS: number, changeM: number, variance: number): void {
    const { priorMps, wanderMps2PerS } = this.settings;
    // Never beyond what the prior or ten minutes' wander allow: a box told the weather is fair still follows a front.
    const most = Math.max(priorMps ** 2, wanderMps2PerS * 600);
    const wandered = Number.isNaN(this.lastT) ? this.variance : Math.min(most, this.variance + wanderMps2PerS * Math.max(0, t - this.lastT));
    const gain = wandered / (wandered + variance / spanS ** 2);
    this.rateMps += gain * (changeM / spanS - this.rateMps);
    this.variance = (1 - gain) * wandered;
    this.lastT = Math.max(t, Number.isNaN(this.lastT) ? t : this.lastT);
  }
}

export class BarometricWeather {
  private measuredM = 0;
  private rests = 0;
  private unmeasuredS = 0;
  /** the rests lately */
  private readonly lately: RestSums;
  /** the rate the rests and revisits tell */
  private readonly rate: RateFilter;
  /** where the car came to rest last (undefined once it may have moved unseen) */
  private arrival?: RestLevel;
  /** s: when the last rest measured ended (NaN before one) */
  private lastRestT = NaN;
  /** s: the weather is reckoned up to here */
  private reckonedT = NaN;

  constructor(private readonly settings: WeatherSettings) {
    this.lately = new RestSums(settings.memoryS);
    this.rate = new RateFilter(settings);
  }

  /** The weather so far, as at `t` (at or after the last rest measured). */
  at(t: number): WeatherSoFar {
    const unmeasuredS = Number.isNaN(this.reckonedT) ? 0 : Math.max(0, t - this.reckonedT);
    return { t, measuredM: this.measuredM, rests: this.rests, unmeasuredS: this.unmeasuredS + unmeasuredS };
  }

  /** m (by the formula): what the weather did to every height between two of its reckonings. */
  changeBetween(earlier: WeatherSoFar, later: WeatherSoFar): number {
    return later.measuredM - earlier.measuredM + this.rate.rateMps * (later.unmeasuredS - earlier.unmeasuredS);
  }

  /** How far off (m², one σ squared) that may be: each rest's noise, and the rate's error over the time unmeasured, the more the longer before the rate's latest rests it was. */
  varianceBetween(earlier: WeatherSoFar, later: WeatherSoFar): number {
    const ageS = Math.max(0, (Number.isNaN(this.lastRestT) ? later.t : Math.max(later.t, this.lastRestT)) - Math.min(earlier.t, later.t));
    return this.lately.changeVariance * Math.abs(later.rests - earlier.rests) + this.rateVarianceOver(ageS) * (later.unmeasuredS - earlier.unmeasuredS) ** 2;
  }

  /**
   * The car came to rest at `level` (measured after the stop). Each level is dated at its
   * readings' mean time, so that a rest's change spans the time it took.
   */
  arrived(level: RestLevel): void {
    this.reckonTo(level.t);
    this.arrival = Number.isFinite(level.variance) ? level : undefined;
  }

  /** The car leaves its rest, its level before it `level`: the rest's change was the weather's. */
  leaving(level: RestLevel): void {
    const arrival = this.arrival;
    this.arrival = undefined;
    if (!arrival || !Number.isFinite(level.variance) || level.t <= arrival.t) return this.reckonTo(level.t);
    const [restS, changeM] = [level.t - arrival.t, level.height - arrival.height];
    if (Math.abs(changeM) > this.settings.beyondMps * restS + 5 * Math.sqrt(arrival.variance + level.variance)) return this.reckonTo(level.t);
    // Reckoned to its arrival when it arrived: the rest's change is added as measured.
    this.measuredM += changeM;
    this.rests += 1;
    this.reckonedT = level.t;
    const sinceS = Number.isNaN(this.lastRestT) ? 0 : level.t - this.lastRestT;
    this.lastRestT = level.t;
    this.lately.add(sinceS, restS, changeM, arrival.variance + level.variance);
    // Its levels' noise, or the rests' scatter where larger (drafts the levels' spread missed).
    this.rate.measured(level.t, restS, changeM, Math.max(arrival.variance + level.variance, this.lately.changeVariance));
  }

  /**
   * The car is surely at a landing it was surely at before, at `earlier` (its level then) and
   * `later` (now): what the level did beyond the rests measured between is the weather over the
   * time unmeasured between (the runs), each rest's noise counted in: the rate's mean over that
   * span, which a wandering rate leaves off the rate now. Not taken where the rate believed so
   * far, and how far it may have wandered, leaves that change past 5 σ (a landing placed far
   * wrong: one a floor off, over a span of minutes, is within the rate's doubt and is taken,
   * though weighed as a mean it moves the rate less and leaves its doubt wider), nor from longer
   * ago than the rate remembers (another hour's weather).
   */
  revisited(earlier: RestLevel & WeatherSoFar, later: RestLevel & WeatherSoFar): void {
    const [spanS, ageS] = [later.unmeasuredS - earlier.unmeasuredS, later.t - earlier.t];
    if (!(spanS >= 1) || ageS > this.settings.memoryS || !Number.isFinite(earlier.variance) || !Number.isFinite(later.variance)) return;
    const changeM = later.height - earlier.height - (later.measuredM - earlier.measuredM);
    const variance = earlier.variance + later.variance + this.lately.changeVariance * Math.abs(later.rests - earlier.rests);
    if (Math.abs(changeM - this.rate.rateMps * spanS) > 5 * Math.sqrt(variance + this.rateVarianceOver(ageS) * spanS ** 2)) return;
    // A random walk's mean over the span is off its end by a third of the span's wander.
    this.rate.measured(later.t, spanS, changeM, variance + ((this.settings.wanderMps2PerS * ageS) / 3) * spanS ** 2);
  }

  /** The car may have moved unseen since it arrived: this rest tells nothing of the weather. */
  unmeasured(): void {
    this.arrival = undefined;
  }

  /** (m/s)², one σ squared: how far off the rate may be for a reckoning `ageS` before its latest measurements (see RateFilter), the drift allowed and how far it may have wandered since. */
  private rateVarianceOver(ageS: number): number {
    return this.settings.driftMps ** 2 + this.rate.variance + this.settings.wanderMps2PerS * ageS;
  }

  private reckonTo(t: number): void {
    if (!Number.isNaN(this.reckonedT) && t <= this.reckonedT) return;
    this.unmeasuredS = this.at(t).unmeasuredS;
    this.reckonedT = t;
  }
}
