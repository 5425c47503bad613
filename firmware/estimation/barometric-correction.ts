/**
 * Puts the accelerometer's integrated displacement right with the barometer during a run,
 * for a box with no door-zone sensor (whose edges would otherwise do it). Integration drifts
 * and scales with the chip's sensitivity error (a few per cent: a floor out over a tall
 * building); the barometer cannot drift over a run but is noisy and late. So the two are
 * compared at the same moment (the barometer's median is dated at its middle reading, and
 * the displacement looked up then), and the slowly filtered difference is the correction.
 *
 * The barometric formula assumes air at 15 °C; in a warm shaft pressure falls more slowly
 * with height (7 % at 35 °C). So the barometer's scale is learnt from trips between two
 * landings that the accelerometer alone agrees with, and until it is learnt the barometer
 * has little say: each source is weighted by how far off its scale may be.
 */
import type { BarometerConfig } from "../config/schema.ts";
import { LowPass, TimeWindow } from "../conditioning/filters.ts";
import { RunningMedian } from "../conditioning/median.ts";
import { heightAbove } from "./barometric-motion.ts";

/** Resting height is taken over this long before a run's onset, s. */
const REST_AVERAGE_S = 1.5;
/** A trip at least this long (m) between known landings teaches the barometer's scale. */
const LEARN_MIN_M = 2;
/** What is left unknown of the scale however long it is learnt (ventilation, the car's piston effect). */
const SCALE_UNCERTAINTY_FLOOR = 0.005;
/** Once a few trips have taught it, each new one moves the scale by this share. */
const LEARN_WEIGHT = 0.2;
/** The scale is believed only within this factor of the formula (air from about -20 to +60 °C). */
const SCALE_LIMIT = 1.15;
/** Longer than the quiet after which a run is seen to have ended, s. */
const DISPLACEMENT_HISTORY_S = 10;

export class BarometricCorrection {
  private reference?: number;
  private readonly median: RunningMedian;
  /** barometric heights dated at their median's middle, m */
  private readonly heights = new TimeWindow<{ t: number; height: number }>(2 * REST_AVERAGE_S + 2);
  /**
   * the accelerometer's displacement in this run, for looking up the barometer's moment and
   * the run's end (a run is seen to end only after a few quiet seconds)
   */
  private readonly displacements = new TimeWindow<{ t: number; displacement: number }>(DISPLACEMENT_HISTORY_S);
  private readonly difference: LowPass;
  private run?: { onset: number; restHeight?: number; lastT?: number };
  /** true metres per metre of the barometric formula */
  private scale = 1;
  /** how many trips have taught the scale */
  private lessons = 0;
  /** the last run's height change by the formula alone, and as integrated, m: for learning the scale */
  private lastRun?: { heightM: number; integratedM: number };

  /** `accelerometerScaleUncertainty`: how far off the accelerometer's sensitivity may be (fraction, one σ). */
  constructor(private readonly config: BarometerConfig, private readonly accelerometerScaleUncertainty: number) {
    this.median = new RunningMedian(config.median_samples);
    this.difference = new LowPass(config.correction_s);
  }

  /** m to add to the integrated displacement of the current run (0 until the barometer has spoken). */
  get correctionM(): number {
    const [accelerometer, barometer] = [this.accelerometerScaleUncertainty ** 2, this.scaleUncertainty ** 2];
    return ((this.difference.value ?? 0) * accelerometer) / (accelerometer + barometer);
  }

  /** How far off the barometer's scale may be (fraction, one σ): wide until trips have taught it. */
  private get scaleUncertainty(): number {
    return Math.max(SCALE_UNCERTAINTY_FLOOR, (SCALE_LIMIT - 1) / (1 + 4 * this.lessons));
  }

  /**
   * The run's displacement at its end `at`, put right: what was integrated up to then plus the
   * correction (which already holds any drift the integration left, so no other removal).
   */
  displacementAtEnd(at: number): number | undefined {
    const integrated = this.displacementAt(at);
    return integrated === undefined ? undefined : integrated + this.correctionM;
  }

  runStarted(onset: number): void {
    this.run = { onset, restHeight: this.restHeightBefore(onset) };
    this.displacements.clear();
    this.difference.reset();
  }

  /** How far off (m, one σ) a corrected displacement of `displacementM` may be, from the two scales. */
  uncertaintyM(displacementM: number): number {
    const [accelerometer, barometer] = [this.accelerometerScaleUncertainty ** 2, this.scaleUncertainty ** 2];
    return Math.sqrt((accelerometer * barometer) / (accelerometer + barometer)) * Math.abs(displacementM);
  }

  /** `end`: when the car came to rest. */
  runEnded(end: number): void {
    const rest = this.run?.restHeight;
    const arrived = this.heights.items().filter((point) => point.t >= end);
    const integrated = this.displacementAt(end);
    this.lastRun = rest === undefined || arrived.length === 0 || integrated === undefined ? undefined : { heightM: mean(arrived.map((point) => point.height)) - rest, integratedM: integrated };
    this.run = undefined;
  }

  /**
   * The last run went between two landings `distanceM` apart (+ up): learn the barometer's
   * scale, but only when the accelerometer on its own agrees with those landings within
   * `toleranceM` (a trip the barometer alone placed could teach it its own error).
   */
  landed(distanceM: number, toleranceM: number): void {
    const run = this.lastRun;
    this.lastRun = undefined;
    if (!run || Math.abs(distanceM) < LEARN_MIN_M || Math.abs(run.integratedM - distanceM) > toleranceM) return;
    const ratio = distanceM / run.heightM;
    if (ratio > SCALE_LIMIT || ratio < 1 / SCALE_LIMIT) return;
    // A running mean at first, then a slow follower (the shaft warms and cools over a day).
    this.lessons += 1;
    this.scale += Math.max(LEARN_WEIGHT, 1 / this.lessons) * (ratio - this.scale);
  }

  /** The run's integrated displacement (m, + up) at t. */
  displacement(t: number, displacementM: number): void {
    if (this.run) this.displacements.push({ t, displacement: displacementM });
  }

  pressure(t: number, pascal: number): void {
    this.reference ??= pascal;
    const height = this.median.update(heightAbove(pascal, this.reference), t);
    const at = this.median.centreT;
    this.heights.push({ t: at, height });
    const run = this.run;
    if (!run || at < run.onset) return;
    run.restHeight ??= this.restHeightBefore(run.onset);
    const inertial = this.displacementAt(at);
    if (run.restHeight === undefined || inertial === undefined) return;
    this.difference.update(this.scale * (height - run.restHeight) - inertial, run.lastT === undefined ? 0 : at - run.lastT);
    run.lastT = at;
  }

  /** Mean barometric height over the rest before `onset`, or undefined without readings there. */
  private restHeightBefore(onset: number): number | undefined {
    const resting = this.heights.items().filter((point) => point.t <= onset && point.t >= onset - REST_AVERAGE_S);
    return resting.length === 0 ? undefined : mean(resting.map((point) => point.height));
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

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
