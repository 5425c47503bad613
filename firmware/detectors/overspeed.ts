/**
 * Overspeed: the car's estimated speed beyond a multiple of its rated speed by more than a
 * few σ of the estimate's own uncertainty, held briefly so one noisy sample cannot raise it.
 * Once per run; the run's end re-arms it. Without a known rated speed there is no limit, and
 * nothing is judged.
 *
 * The speed is judged as the run's door-zone edges put it right (see RunScale), which they do
 * from its second edge on: the run's recent speeds are kept and judged again whenever that
 * changes, so that an overspeed seen only then is dated from when it began. Only those of the
 * current stretch that could be beyond the limit on some scale the edges may give are kept.
 */
import type { DetectionConfig } from "../config/schema.ts";
import { ColumnRing } from "../conditioning/column-ring.ts";
import { Persistence } from "../conditioning/filters.ts";
import type { RunScale } from "../estimation/run-scale.ts";
import { round } from "../rounding.ts";

/**
 * s of the run's speeds judged again when its scale changes: longer than a run takes between
 * two edges (a 6 m lobby storey at 0.4 m/s is 15 s), so an overspeed that began before the
 * scale was known is dated from its start.
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

/** Columns of the recent speeds: RunSpeed's fields, the speed's magnitude. */
const [T, SPEED, UNCERTAINTY, NOISE_VARIANCE, OFFSET] = [0, 1, 2, 3, 4];

export class OverspeedDetector {
  private readonly above = new Persistence();
  private fired = false;
  private readonly recent = new ColumnRing(5, 64);
  /** the scale's revision the speeds were last judged on */
  private judgedOn = NaN;

  constructor(
    private readonly config: DetectionConfig,
    private readonly ratedSpeedMps: number | undefined,
    private readonly scale: RunScale,
  ) {}

  get limitMps(): number {
    return this.config.overspeed_factor * (this.ratedSpeedMps ?? Infinity);
  }

  update(speed: Readonly<RunSpeed>): Overspeed | undefined {
    if (this.ratedSpeedMps === undefined || this.fired) return undefined;
    if (Math.abs(speed.speed) * this.scale.largestRatio <= this.limitMps) {
      // Within the limit on any scale the edges may yet give: no stretch beyond it runs through
      // this speed, so none before it need be kept (a run at its rated speed keeps none).
      this.above.reset();
      this.recent.clear();
      return undefined;
    }
    this.remember(speed);
    const heldS = this.scale.revision === this.judgedOn ? this.judge(this.recent.size - 1) : this.rejudge();
    if (heldS === undefined || heldS < this.config.overspeed_hold_s) return undefined;
    this.fired = true;
    return {
      onset: this.above.since!,
      speed_mps: round(this.above.extreme, 3),
      limit_mps: round(this.limitMps, 3),
      rated_speed_mps: this.ratedSpeedMps,
      severe: this.above.extreme > this.config.overspeed_severe_factor * this.ratedSpeedMps,
    };
  }

  /** A run ended: the next one may be reported again. */
  rearm(): void {
    this.fired = false;
    this.above.reset();
    this.recent.clear();
  }

  /** The `index`th remembered speed, oldest first, on the scale in force: how long the speed has been beyond the limit, or undefined. */
  private judge(index: number): number | undefined {
    const recent = this.recent;
    const slot = recent.slot(index);
    const t = recent.column(T)[slot];
    const speed = recent.column(SPEED)[slot];
    const scaled = this.scale.speedOf(speed);
    const sigma = this.scale.uncertaintyOf(t, speed, recent.column(UNCERTAINTY)[slot], recent.column(NOISE_VARIANCE)[slot], recent.column(OFFSET)[slot]);
    const beyond = scaled - this.config.overspeed_confidence_sigma * sigma > this.limitMps;
    return this.above.update(t, beyond, scaled, Math.max);
  }

  /** The remembered speeds judged again, oldest first, on a changed scale. */
  private rejudge(): number | undefined {
    this.judgedOn = this.scale.revision;
    this.above.reset();
    let heldS: number | undefined;
    for (let index = 0; index < this.recent.size; index++) heldS = this.judge(index);
    return heldS;
  }

  private remember({ t, speed, uncertainty, noiseVariance, offsetMps2 }: Readonly<RunSpeed>): void {
    const recent = this.recent;
    while (recent.size > 0 && recent.column(T)[recent.slot(0)] < t - REJUDGED_S) recent.dropOldest();
    const slot = recent.append();
    recent.column(T)[slot] = t;
    recent.column(SPEED)[slot] = Math.abs(speed);
    recent.column(UNCERTAINTY)[slot] = uncertainty;
    recent.column(NOISE_VARIANCE)[slot] = noiseVariance;
    recent.column(OFFSET)[slot] = offsetMps2;
  }
}
