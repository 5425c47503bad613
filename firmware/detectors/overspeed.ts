/**
 * Overspeed: the car's estimated speed beyond a multiple of its rated speed by more than a
 * few σ of the estimate's own uncertainty, held briefly so one noisy sample cannot raise it.
 * Once per run; the run's end re-arms it. Without a known rated speed there is no limit, and
 * nothing is judged.
 *
 * The speed is judged as the run's door-zone edges put it right (see RunScale), which they do
 * only after a few edges: the run's recent speeds are kept and judged again whenever that
 * changes, so that an overspeed seen only then, over or not, is raised and dated from when it
 * began. Kept are only the stretches that some ratio the edges may give could put beyond the
 * limit for the hold (a run at its rated speed keeps none), each after a row that parts it
 * from the one before.
 */
import type { DetectionConfig } from "../config/schema.ts";
import { ColumnRing } from "../conditioning/column-ring.ts";
import { Persistence } from "../conditioning/filters.ts";
import type { RunScale } from "../estimation/run-scale.ts";
import { round } from "../rounding.ts";

/**
 * s of the run's speeds judged again when its scale changes: longer than a run takes over the
 * three edges at one end of their vanes that two agreeing spans need (two 3.5 m storeys at
 * 0.4 m/s: 18 s), so an overspeed that began before the scale was known is dated from its start.
 */
const REJUDGED_S = 30;

export interface Overspeed {
  onset: number;
  speed_mps: number;
  limit_mps: number;
  rated_speed_mps: number;
  severe: boolean;
}

/** The run's speed as integrated, and what its doubt is made of (see InertialMotion). */
export interface RunSpeed {
  t: number;
  /** m/s, signed */
  speed: number;
  /** m/s, one σ, of the integration alone */
  uncertainty: number;
  /** (m/s)²: the random walk in it so far */
  noiseVariance: number;
  /** m/s², one σ: the run's offset */
  offsetMps2: number;
}

/** Columns of the kept speeds: RunSpeed's fields, the speed's magnitude (0 in a row that parts two stretches). */
const T = 0;
const SPEED = 1;
const UNCERTAINTY = 2;
const NOISE_VARIANCE = 3;
const OFFSET = 4;

export class OverspeedDetector {
  private readonly above = new Persistence();
  private fired = false;
  /**
   * the run was reported beyond the limit, not the severe level: the severe level is judged next,
   * and reported as the overspeed's second level once passed (a car going on to 1.5 × rated had
   * been reported at the 1.21 × of its first tenth of a second, severe: false)
   */
  private severeNext = false;
  private readonly kept = new ColumnRing(5, 64);
  /** rows of the stretch being kept (0: the newest row parts stretches, or none is kept), and when it began */
  private stretchRows = 0;
  private stretchSince = 0;
  /** the scale's revision the kept speeds were last judged on */
  private judgedOn = NaN;

  constructor(
    private readonly config: DetectionConfig,
    private readonly ratedSpeedMps: number | undefined,
    private readonly scale: RunScale,
  ) {}

  get limitMps(): number {
    return this.config.overspeed_factor * (this.ratedSpeedMps ?? Infinity);
  }

  /** m/s: the level the run's speed is judged against now (see severeNext). */
  private get judgedLimitMps(): number {
    return this.severeNext ? this.config.overspeed_severe_factor * (this.ratedSpeedMps ?? Infinity) : this.limitMps;
  }

  update(speed: Readonly<RunSpeed>): Overspeed | undefined {
    if (this.ratedSpeedMps === undefined || this.fired) return undefined;
    const possible = this.keep(speed);
    // A speed no ratio puts beyond the limit, on the scale the kept ones were judged on: nothing to judge (most of a run).
    if (!possible && this.scale.revision === this.judgedOn) return this.above.reset();
    const heldS = this.scale.revision === this.judgedOn ? this.judge(this.kept.size - 1) : this.rejudge();
    if (heldS === undefined || heldS < this.config.overspeed_hold_s) return undefined;
    const overspeed = {
      onset: this.above.since!,
      speed_mps: round(this.above.extreme, 3),
      limit_mps: round(this.judgedLimitMps, 3),
      rated_speed_mps: this.ratedSpeedMps,
      severe: this.severeNext || this.above.extreme > this.config.overspeed_severe_factor * this.ratedSpeedMps,
    };
    if (overspeed.severe) this.fired = true;
    else {
      this.severeNext = true;
      this.above.reset();
    }
    return overspeed;
  }

  /** A run ended: the next one may be reported again. */
  rearm(): void {
    this.fired = false;
    this.severeNext = false;
    this.above.reset();
    this.kept.clear();
    this.stretchRows = 0;
  }

  /** The `index`th kept row, oldest first, on the scale in force: how long the speed has been beyond the limit, or undefined. */
  private judge(index: number): number | undefined {
    const kept = this.kept;
    const slot = kept.slot(index);
    const t = kept.column(T)[slot];
    const speed = kept.column(SPEED)[slot];
    const scaled = this.scale.speedOf(t, speed);
    const sigma = this.scale.uncertaintyOf(t, speed, kept.column(UNCERTAINTY)[slot], kept.column(NOISE_VARIANCE)[slot], kept.column(OFFSET)[slot]);
    const beyond = scaled - this.config.overspeed_confidence_sigma * sigma > this.judgedLimitMps;
    return this.above.update(t, beyond, scaled, Math.max);
  }

  /** The kept rows judged again, oldest first, on a changed scale, up to the first stretch held long enough, if any. */
  private rejudge(): number | undefined {
    this.judgedOn = this.scale.revision;
    this.above.reset();
    let heldS: number | undefined;
    for (let index = 0; index < this.kept.size; index++) {
      heldS = this.judge(index);
      if (heldS !== undefined && heldS >= this.config.overspeed_hold_s) break;
    }
    return heldS;
  }

  /**
   * The speed kept, or a row parting stretches where no ratio the edges may give puts it beyond
   * the limit (false returned): a stretch that ended shorter than the hold is dropped, as no
   * scale makes it one.
   */
  private keep({ t, speed, uncertainty, noiseVariance, offsetMps2 }: Readonly<RunSpeed>): boolean {
    const kept = this.kept;
    kept.dropBefore(t - REJUDGED_S, T);
    const magnitude = Math.abs(speed);
    const possible = magnitude * this.scale.largestRatio > this.limitMps;
    if (!possible) {
      if (this.stretchRows > 0 && t - this.stretchSince < this.config.overspeed_hold_s) kept.dropNewest(this.stretchRows);
      this.stretchRows = 0;
      // Nothing kept needs no parting row; consecutive parting rows are one, its time moving on.
      const newest = kept.size - 1;
      if (newest < 0) return false;
      if (kept.column(SPEED)[kept.slot(newest)] === 0) {
        kept.column(T)[kept.slot(newest)] = t;
        return false;
      }
    } else if (this.stretchRows++ === 0) this.stretchSince = t;
    const slot = kept.append();
    kept.column(T)[slot] = t;
    kept.column(SPEED)[slot] = possible ? magnitude : 0;
    kept.column(UNCERTAINTY)[slot] = uncertainty;
    kept.column(NOISE_VARIANCE)[slot] = noiseVariance;
    kept.column(OFFSET)[slot] = offsetMps2;
    return possible;
  }
}
