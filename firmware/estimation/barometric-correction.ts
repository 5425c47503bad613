/**
 * Puts the accelerometer's integrated displacement right with the barometer during a run,
 * for a box with no door-zone sensor (whose edges would otherwise do it). Integration drifts
 * and scales with the chip's sensitivity error (a few per cent: a floor out over a tall
 * building); the barometer cannot drift over a run but is noisy and late. So the two are
 * compared at the same moment (the barometer's median is dated at its middle reading, and
 * the displacement looked up then), and the slowly filtered difference is the correction.
 *
 * The barometric formula assumes air at 15 °C; in a warm shaft pressure falls more slowly
 * with height (7 % at 35 °C). So the barometer's scale is learnt from trips between landings
 * whose length the accelerometer alone can tell (only one distance between two landings is
 * within its reach), and until it is learnt the barometer has little say: each source is
 * weighted by how far off its scale may be. Each lesson counts by how well it was measured
 * (the resting levels' noise over the trip's length), so the uncertainty it leaves is honest.
 *
 * At rest the barometer also says where the car is: a landing the car was surely at (an
 * anchor: the barometric level measured there) plus the barometric height change since, less
 * what the weather did meanwhile (measured at rest, see barometric-weather.ts), with the learnt
 * scale, reckoned from whichever anchor is surest (nearest in height, the weather since best
 * known). Integration chains each trip's error onto the next; this does not, so a position a
 * trip left uncertain (or a floor out) is put right at the next stop once the scale is known.
 *
 * A calibration's learning run measured the scale over every landing: it starts from that,
 * with the uncertainty the shaft's temperature since leaves, and trips refine it as before.
 * The calibration's per-landing pressures are not anchors: the weather moves them all by more
 * than a floor within hours; anchors are only ever measured with the car surely there.
 */
import type { BarometerConfig, Config } from "../config/schema.ts";
import { LowPass, TimeWindow } from "../conditioning/filters.ts";
import { RunningMedian } from "../conditioning/median.ts";
import { heightAbove } from "./barometric-motion.ts";
import { BarometricWeather, weatherSettings, type RestLevel, type WeatherSoFar } from "./barometric-weather.ts";

/** Resting height is taken over this long before a run's onset, s. */
const REST_AVERAGE_S = 1.5;
/** A trip at least this long (m) between known landings teaches the barometer's scale. */
const LEARN_MIN_M = 2;
/**
 * What is left unknown of the scale however long it is learnt (ventilation, the car's piston
 * effect); it also keeps every new lesson worth something as the shaft warms and cools.
 */
const SCALE_UNCERTAINTY_FLOOR = 0.005;
/** A resting level is never known better than this, m (drafts, the car swaying on its ropes). */
const REST_HEIGHT_FLOOR_M = 0.03;
/** The scale is believed only within this factor of the formula (air from about -20 to +60 °C). */
const SCALE_LIMIT = 1.15;
/** s: the level a run arrived at, for its length, is of the readings this long before its stop is seen, or since the stop where less (the settled level, after config.settle_s, is the weather's: see settled) */
const ARRIVAL_SPAN_S = 2 * REST_AVERAGE_S + 2;
/** Longer than the quiet after which a run is seen to have ended, s. */
const DISPLACEMENT_HISTORY_S = 10;

export class BarometricCorrection {
  private reference?: number;
  private readonly median: RunningMedian;
  /** barometric heights dated at their median's middle, m */
  private readonly heights: TimeWindow<{ t: number; height: number }>;
  /**
   * the accelerometer's displacement in this run, for looking up the barometer's moment and
   * the run's end (a run is seen to end only after a few quiet seconds)
   */
  private readonly displacements = new TimeWindow<{ t: number; displacement: number }>(DISPLACEMENT_HISTORY_S);
  private readonly difference: LowPass;
  /** s, when the run's displacement was last given (the run's now) */
  private lastDisplacementT = NaN;
  /** how the last run's displacement was put right: the barometer's share, and its resting levels' variance (m², 0 where not used) */
  private lastWeighing = { share: 0, barometricVariance: 0 };
  /** the run under way: its onset, the resting level it left from and the weather by then (see leave), and its latest comparison */
  private run?: { onset: number; restHeight?: RestLevel & WeatherSoFar; lastT?: number };
  /** true metres per metre of the barometric formula */
  private scale = 1;
  /** how far off the scale may be, squared (one σ): the formula's whole range until trips teach it */
  private scaleVariance = (SCALE_LIMIT - 1) ** 2;
  /**
   * the last run's height change by the formula alone (m) and how well it is known (m², one
   * σ squared), and as integrated: for learning the scale
   */
  private lastRun?: { heightM: number; heightVariance: number; integratedM: number; from: RestLevel & WeatherSoFar };
  /** the last run's lesson for the scale (see landed), waiting for the level it arrived at to settle */
  private lesson?: { distancesM: number[]; toleranceM: number; confidenceSigma: number; placedM?: number; placedByEdges: boolean };
  /** the barometric level where the car last came to rest, and the weather by then */
  private lastRest?: RestLevel & WeatherSoFar;
  /** heights the car was surely at (m, a landing each): the barometric level last measured there, and the weather by then */
  private readonly anchors = new Map<number, RestLevel & WeatherSoFar>();
  /** what the weather did to the barometric heights meanwhile, measured at rest */
  private readonly weather: BarometricWeather;
  /** s: where the last stop's settled level, the weather's arrival, begins (undefined once measured, or the car left first) */
  private settledFrom?: number;
  /** the settled level measured while the stop's crawl end was still watched for, and the weather by then: its lesson waits for the watch (see settled) */
  private unconfirmed?: RestLevel & WeatherSoFar;
  /** the height the car rests at for sure now, whose level the next run's resting level gives */
  private pendingAnchorM?: number;

  /**
   * `accelerometerScaleUncertainty`: how far off the accelerometer's sensitivity may be
   * (fraction, one σ). `calibrated`: the scale a calibration measured (see calibratedScale).
   */
  constructor(
    private readonly config: BarometerConfig,
    private readonly accelerometerScaleUncertainty: number,
    private calibrated?: CalibratedScale,
  ) {
    this.median = new RunningMedian(config.median_samples);
    this.heights = new TimeWindow(DISPLACEMENT_HISTORY_S + config.settle_s + REST_AVERAGE_S);
    this.difference = new LowPass(config.correction_s);
    this.weather = new BarometricWeather(weatherSettings(config));
  }

  /**
   * The calibrated m/Pa as a ratio to the formula's slope at the calibration's pressure (the
   * first reading's when it was not recorded): both fall as 1/pressure, so the ratio is the
   * shaft's air temperature against the formula's, whatever the weather. Out of the formula's
   * believable range it is ignored (a wrong record), and trips teach the scale as without it.
   */
  private seedScale(pascal: number): void {
    const calibrated = this.calibrated!;
    this.calibrated = undefined;
    const ratio = calibrated.metresPerPascal / formulaMetresPerPascal(calibrated.pressurePa ?? pascal);
    if (!(ratio <= SCALE_LIMIT && ratio >= 1 / SCALE_LIMIT)) return;
    this.scale = ratio;
    this.scaleVariance = Math.max(SCALE_UNCERTAINTY_FLOOR, calibrated.uncertainty) ** 2;
  }

  /** m to add to the integrated displacement of the current run (0 until the barometer has spoken). */
  get correctionM(): number {
    return (this.difference.value ?? 0) * this.barometerShare;
  }

  /**
   * The share of the barometer's word in a displacement: each source weighed by how far off its
   * scale may be (near 1 once trips have taught the barometer its scale, small before).
   */
  private get barometerShare(): number {
    const [accelerometer, barometer] = [this.accelerometerScaleUncertainty ** 2, this.scaleUncertainty ** 2];
    return accelerometer / (accelerometer + barometer);
  }

  /** How far off the barometer's scale may be (fraction, one σ): wide until trips have taught it. */
  private get scaleUncertainty(): number {
    return Math.sqrt(this.scaleVariance);
  }

  runStarted(onset: number): void {
    const rest = this.restHeightBefore(onset);
    this.run = { onset, restHeight: rest && this.leave(rest) };
    // A rest too short to settle in teaches nothing.
    [this.settledFrom, this.unconfirmed, this.lesson, this.lastRun] = [undefined, undefined, undefined, undefined];
    // No level before it (the barometer silent): this rest is not measured, nor is the run's height the weather's.
    if (!rest) this.weather.unmeasured();
    this.displacements.clear();
    // At its onset the car is at its resting level, and nothing is integrated yet: no difference.
    this.difference.reset(0);
    this.measureAnchor();
  }

  /**
   * The car is at rest at `positionM` for sure (a landing the trip was placed at, or the one it
   * booted at): barometric heights are reckoned from here on. Its barometric level is the
   * resting level before the next run (measured over the whole rest, and right before the car
   * leaves it).
   */
  anchorAt(positionM: number): void {
    this.pendingAnchorM = positionM;
  }

  /**
   * The car may have moved unseen (the accelerometer was blind): the level measured before its
   * next run is not the level of the landing it was last surely at.
   */
  forgetPendingAnchor(): void {
    this.pendingAnchorM = undefined;
    this.weather.unmeasured();
  }

  /**
   * The landings the car was taken to be at were not where it was (a landing carried over a
   * restart, ruled out by the trips since): no level measured at them is that landing's.
   */
  forgetAnchors(): void {
    this.anchors.clear();
    this.forgetPendingAnchor();
  }

  /**
   * Where the car came to rest at the end of the last run by the barometer alone (m) and how
   * far off that may be (m, one σ: the scale over the height since the anchor, both levels'
   * noise, and how well the weather since is known, which is taken out); undefined without an
   * anchor or readings after the stop.
   */
  restPosition(): { positionM: number; uncertaintyM: number } | undefined {
    const rest = this.lastRest;
    if (!rest) return undefined;
    let best: { positionM: number; uncertaintyM: number } | undefined;
    for (const [positionM, anchor] of this.anchors) {
      const change = rest.height - anchor.height - this.weather.changeBetween(anchor, rest);
      const weatherVariance = this.weather.varianceBetween(anchor, rest);
      const uncertaintyM = Math.sqrt((this.scaleUncertainty * change) ** 2 + this.scale ** 2 * (rest.variance + anchor.variance + weatherVariance));
      if (!best || uncertaintyM < best.uncertaintyM) best = { positionM: positionM + this.scale * change, uncertaintyM };
    }
    return best;
  }

  /**
   * How far off (m, one σ) the current run's corrected displacement `displacementM` may be: the
   * two scales weighed against each other; the share of the integration's own error
   * (`integrationM`, one σ: its noise and offset) the correction does not take; and what that
   * error grew (`speedUncertaintyMps`, the integrated speed's one σ) while the correction caught
   * up, over the filter's time constant and since its newest comparison: a slow run's offset of
   * a few mm/s² puts it a metre off in 20 s, and a tenth of that is still to be taken out; and
   * the share of the barometer's own noise. Before it has spoken in the run, nothing is put right yet.
   */
  runUncertaintyM(displacementM: number, integrationM: number, speedUncertaintyMps: number): number {
    const run = this.run;
    const accelerometerM = this.accelerometerScaleUncertainty * displacementM;
    if (run?.lastT === undefined) return Math.sqrt(accelerometerM ** 2 + integrationM ** 2);
    const share = this.barometerShare;
    const behindM = share * speedUncertaintyMps * (this.config.correction_s + Math.max(0, this.lastDisplacementT - run.lastT));
    // The level it left from, and the filtered level now, each about as noisy as a resting one; and the weather since.
    const restVariance = Math.min(run.restHeight?.variance ?? Infinity, REST_HEIGHT_FLOOR_M ** 2 * this.config.median_samples);
    const weatherVariance = run.restHeight ? this.weather.varianceBetween(run.restHeight, this.weather.at(run.lastT)) : 0;
    const barometerM2 = (share * this.scale) ** 2 * (2 * restVariance + weatherVariance);
    return Math.sqrt((1 - share) * accelerometerM ** 2 + ((1 - share) * integrationM) ** 2 + behindM ** 2 + barometerM2);
  }

  /**
   * How far off (m, one σ) the last run's displacement `displacementM` (as runEnded put it
   * right) may be: the two scales weighed, and the shares of the accelerometer's noise
   * (`noiseM`, one σ, its drift taken out at the stop) and of the barometer's resting levels.
   */
  endedUncertaintyM(displacementM: number, noiseM: number): number {
    const { share, barometricVariance } = this.lastWeighing;
    return Math.sqrt((1 - share) * (this.accelerometerScaleUncertainty * displacementM) ** 2 + ((1 - share) * noiseM) ** 2 + share ** 2 * barometricVariance);
  }

  /**
   * `end`: when the car came to rest; `inertialM`: the run's displacement by the accelerometer
   * alone, with the drift its stop showed taken out (see InertialMotion). Returns the
   * displacement put right (m, + up): the two weighed, the barometer's from its resting levels
   * before and after the run (once stopped, the integration only drifts on, and a correction
   * still comparing against it would take that drift for the car's); where those are not both
   * measured, from the correction as the run left it, its share of the drift taken out and the
   * rest as the accelerometer alone takes it out. Undefined where the barometer measured nothing of the run.
   */
  runEnded(end: number, inertialM: number): number | undefined {
    const rest = this.run?.restHeight;
    const compared = this.run?.lastT !== undefined;
    // The readings since the stop, of the last few seconds (a stop is seen to end seconds after it, and the settled level comes later).
    const heights = this.heights.items();
    const latestT = heights.at(-1)?.t ?? end;
    const arrived = this.level(heights.filter((point) => point.t >= end && point.t >= latestT - ARRIVAL_SPAN_S));
    const integrated = this.displacementAt(end);
    // The weather went on through the run, at the rate the rests showed, from one level's readings to the other's.
    const [before, after] = [rest ?? this.weather.at(this.run?.onset ?? end), this.weather.at(arrived?.t ?? end)];
    const runWeatherM = this.weather.changeBetween(before, after);
    this.lastRest = arrived && { ...arrived, ...after };
    // The weather's own arrival level waits for the chip to settle (see settled).
    this.weather.unmeasured();
    this.settledFrom = end + this.config.settle_s;
    this.lastRun =
      rest === undefined || arrived === undefined || integrated === undefined
        ? undefined
        : { heightM: arrived.height - rest.height - runWeatherM, heightVariance: arrived.variance + rest.variance + this.weather.varianceBetween(before, after), integratedM: integrated, from: rest };
    this.run = undefined;
    // An anchor the run never measured (no readings before it left) is not where it ended.
    this.pendingAnchorM = undefined;
    const share = this.barometerShare;
    const measured = this.lastRun && Number.isFinite(this.lastRun.heightVariance) ? this.lastRun : undefined;
    if (measured) {
      this.lastWeighing = { share, barometricVariance: this.scale ** 2 * measured.heightVariance };
      return inertialM + share * (this.scale * measured.heightM - inertialM);
    }
    if (!compared || integrated === undefined) {
      this.lastWeighing = { share: 0, barometricVariance: 0 };
      return undefined;
    }
    this.lastWeighing = { share, barometricVariance: 0 };
    // The correction holds its share of the drift (integrated - inertialM); the rest goes as the accelerometer takes it out.
    return integrated + this.correctionM - (1 - share) * (integrated - inertialM);
  }

  /**
   * The last run went between two landings: learn the barometer's scale from it, if its length
   * is plain to the accelerometer on its own (a trip the barometer alone placed could teach it
   * its own error). `distancesM`: the lengths (+ up) the trip may have, every distance between
   * two landings; exactly one of them must lie within what the accelerometer may be off
   * (`toleranceM` and `confidenceSigma` of its scale's uncertainty), so a trip a floor out is
   * never taken for agreement. `placedM`: the length from the landings the trip was placed at,
   * which must be that one; unless `placedByEdges`, where door-zone edges placed both ends, not
   * the barometer, and the length is that. Once learnt, the barometer must agree too, within its
   * own uncertainty.
   */
  landed(distancesM: number[], toleranceM: number, confidenceSigma: number, placedM?: number, placedByEdges = false): void {
    // Learnt once the level it arrived at has settled (see settled): the chip's filter still lags it now.
    this.lesson = this.lastRun && { distancesM, toleranceM, confidenceSigma, placedM, placedByEdges };
    if (!this.lesson) this.lastRun = undefined;
  }

  /**
   * The last run's lesson (see landed), its height from the settled level it arrived at and the
   * weather by then (reckoned before the level was given to the weather, which reckons on from it).
   */
  private learn(arrived: RestLevel & WeatherSoFar): void {
    const [run, lesson] = [this.lastRun, this.lesson];
    [this.lastRun, this.lesson] = [undefined, undefined];
    if (!run || !lesson) return;
    const { distancesM, toleranceM, confidenceSigma, placedM, placedByEdges } = lesson;
    run.heightM = arrived.height - run.from.height - this.weather.changeBetween(run.from, arrived);
    run.heightVariance = arrived.variance + run.from.variance + this.weather.varianceBetween(run.from, arrived);
    const distanceM = placedByEdges ? placedM : this.plainLength(run.integratedM, distancesM, toleranceM, confidenceSigma);
    if (distanceM === undefined || Math.abs(distanceM) < LEARN_MIN_M || (placedM !== undefined && Math.abs(placedM - distanceM) > 1e-3)) return;
    const barometerUncertaintyM = Math.sqrt((this.scaleUncertainty * distanceM) ** 2 + this.scale ** 2 * run.heightVariance);
    if (Math.abs(this.scale * run.heightM - distanceM) > confidenceSigma * barometerUncertaintyM) return;
    const ratio = distanceM / run.heightM;
    if (ratio > SCALE_LIMIT || ratio < 1 / SCALE_LIMIT) return;
    // Each lesson weighs by how well it was measured; the floor keeps the scale following the
    // shaft as it warms and cools over a day.
    const lessonVariance = (ratio ** 2 * run.heightVariance) / run.heightM ** 2;
    const gain = this.scaleVariance / (this.scaleVariance + lessonVariance);
    this.scale += gain * (ratio - this.scale);
    this.scaleVariance = Math.max(SCALE_UNCERTAINTY_FLOOR ** 2, (1 - gain) * this.scaleVariance);
  }

  /** The one distance between landings within what the accelerometer may be off of `integratedM`, if only one is (see landed). */
  private plainLength(integratedM: number, distancesM: number[], toleranceM: number, confidenceSigma: number): number | undefined {
    const reachM = toleranceM + confidenceSigma * this.accelerometerScaleUncertainty * Math.abs(integratedM);
    const fits = new Set(distancesM.filter((distance) => Math.abs(distance - integratedM) <= reachM).map((distance) => Math.round(distance * 1000) / 1000));
    return fits.size === 1 ? [...fits][0] : undefined;
  }

  /** The run's integrated displacement (m, + up) at t. */
  displacement(t: number, displacementM: number): void {
    if (!this.run) return;
    this.displacements.push({ t, displacement: displacementM });
    this.lastDisplacementT = t;
  }

  /**
   * `watchingCrawlEnd`: the last stop may yet turn out a levelling crawl's start (see
   * InertialMotion.watchingCrawlEnd), so a level measured since is not yet the car's rest.
   */
  pressure(t: number, pascal: number, watchingCrawlEnd = false): void {
    this.reference ??= pascal;
    if (this.calibrated) this.seedScale(pascal);
    const height = this.median.update(heightAbove(pascal, this.reference), t);
    const at = this.median.centreT;
    this.heights.push({ t: at, height });
    const run = this.run;
    if (!run) return this.settled(at, watchingCrawlEnd);
    if (at < run.onset) return;
    if (run.restHeight === undefined) {
      const rest = this.restHeightBefore(run.onset);
      if (rest) run.restHeight = this.leave(rest);
      this.measureAnchor();
    }
    const inertial = this.displacementAt(at);
    if (run.restHeight === undefined || inertial === undefined) return;
    // The weather went on since the level it left from, at the rate the rests showed.
    const weatherM = this.weather.changeBetween(run.restHeight, this.weather.at(at));
    this.difference.update(this.scale * (height - run.restHeight.height - weatherM) - inertial, at - (run.lastT ?? run.onset));
    run.lastT = at;
  }

  /**
   * The last trip's stop was where a levelling crawl too slow to see began, and the car came to
   * rest only at `end`: the level measured since the stop was the crawl's, so the weather's
   * arrival and the trip's lesson wait for the level settled after `end`.
   */
  crawlEnded(end: number): void {
    if (this.run || (this.settledFrom === undefined && this.unconfirmed === undefined)) return;
    [this.settledFrom, this.unconfirmed] = [end + this.config.settle_s, undefined];
    this.weather.unmeasured();
  }

  /**
   * At rest, once readings cover it: the settled level after the stop is where the weather's
   * rest begins, and what the trip's lesson is learnt from, once no crawl's end is watched for.
   */
  private settled(at: number, watchingCrawlEnd: boolean): void {
    if (this.unconfirmed && !watchingCrawlEnd) {
      this.learn(this.unconfirmed);
      this.unconfirmed = undefined;
    }
    const from = this.settledFrom;
    if (from === undefined || at < from + REST_AVERAGE_S) return;
    this.settledFrom = undefined;
    const level = this.level(this.heights.items().filter((point) => point.t >= from && point.t <= from + REST_AVERAGE_S));
    if (!level) return;
    const arrival = { ...level, ...this.weather.at(level.t) };
    this.weather.arrived(level);
    if (!Number.isFinite(level.variance)) return;
    if (watchingCrawlEnd) this.unconfirmed = arrival;
    else this.learn(arrival);
  }

  /** Mean barometric height over the rest before `onset`, or undefined without readings there. */
  private restHeightBefore(onset: number): RestLevel | undefined {
    return this.level(this.heights.items().filter((point) => point.t <= onset && point.t >= onset - REST_AVERAGE_S));
  }

  /**
   * The car leaves the rest whose level before it was `rest`: the weather takes the rest's change,
   * and the run keeps the level with the weather by then (the weather changes no more until the
   * car rests again, so this is what every comparison during the run starts from).
   */
  private leave(rest: RestLevel): RestLevel & WeatherSoFar {
    this.weather.leaving(rest);
    return { ...rest, ...this.weather.at(rest.t) };
  }

  /** A pending anchor takes the current run's resting level as its own. */
  private measureAnchor(): void {
    const [positionM, run] = [this.pendingAnchorM, this.run];
    if (positionM === undefined || !run?.restHeight) return;
    const before = this.anchors.get(positionM);
    if (before) this.weather.revisited(before, run.restHeight);
    this.anchors.set(positionM, run.restHeight);
    this.pendingAnchorM = undefined;
  }

  /**
   * Mean of resting heights, dated at their mean time, and its variance (m²): the readings'
   * spread over how many independent ones there are (a running median's neighbours share
   * readings); infinite when too few readings tell no spread (the level still serves the run's
   * correction, but teaches and places nothing).
   */
  private level(points: { t: number; height: number }[]): RestLevel | undefined {
    if (points.length === 0) return undefined;
    const [height, t] = [mean(points.map((point) => point.height)), mean(points.map((point) => point.t))];
    if (points.length < Math.max(2, this.config.median_samples)) return { height, t, variance: Infinity };
    const spread = points.reduce((sum, point) => sum + (point.height - height) ** 2, 0) / (points.length - 1);
    return { height, t, variance: Math.max(REST_HEIGHT_FLOOR_M ** 2, (spread * this.config.median_samples) / points.length) };
  }

  /** Integrated displacement at t, interpolated between the samples either side. */
  private displacementAt(t: number): number | undefined {
    const points = this.displacements.items();
    if (points.length === 0) return undefined;
    for (let index = points.length - 1; index > 0; index--) {
      const [before, after] = [points[index - 1], points[index]];
      if (before.t <= t) {
        const share = after.t > before.t ? Math.min(1, (t - before.t) / (after.t - before.t)) : 1;
        return before.displacement + share * (after.displacement - before.displacement);
      }
    }
    return points[0].displacement;
  }
}

/** The barometer's scale from a calibration: m/Pa, the mean pressure it was measured at (Pa), and its uncertainty now (fraction, one σ). */
export interface CalibratedScale {
  metresPerPascal: number;
  pressurePa?: number;
  uncertainty: number;
}

/** The calibration settings' scale, where they hold one. */
export function calibratedScale(settings: Config["calibration"]): CalibratedScale | undefined {
  const { barometer_m_per_pa: metresPerPascal, barometer_pressures_pa: pressures, barometer_scale_uncertainty: uncertainty } = settings;
  if (metresPerPascal === undefined) return undefined;
  return { metresPerPascal, pressurePa: pressures && pressures.length > 0 ? mean(pressures) : undefined, uncertainty };
}

/** Height (m) per Pa of the barometric formula at `pressurePa` (negative: up is less pressure). */
export function formulaMetresPerPascal(pressurePa: number): number {
  return heightAbove(pressurePa + 0.5, pressurePa) - heightAbove(pressurePa - 0.5, pressurePa);
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
