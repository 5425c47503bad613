/**
 * The accelerometer's sensitivity along the vertical, learnt from the building. MEMS parts
 * are specified to a few per cent (up to ±10 % on some), and their offset along gravity adds
 * to the error: through integration, 5 % is 0.9 m over an 18 m run, 5 % of every speed, and
 * a centimetre of a leveling approach, enough to hide a 45 mm leveling fault.
 *
 * A run between two landings that the door-zone sensor placed has gone their known distance;
 * what integration made of it is the sensitivity. The median of the last few such runs
 * (a crawl, a rope slip or an edge read late is one of them, not the median) is taken out of
 * every reading, once enough runs agree on it and it is further from 1 than a few runs can
 * tell. Agree: a median of one good run and two cut short (a crawl taken for drift) is theirs.
 */
import { RunningMedian } from "../conditioning/median.ts";

/** m, + up: between two door-zone edges a run passed, as integrated (drift taken out), the drift taken out, and known. */
export interface EdgeSpan {
  integratedM: number;
  driftM: number;
  knownM: number;
}

export interface ScaleSettings {
  /** runs shorter than this (m) are left out: a centimetre of edge or leveling is too much of them */
  scale_min_run_m: number;
  /** runs that must agree on the sensitivity before it is used */
  scale_min_runs: number;
  /** runs agree when within this (a fraction) of their median */
  scale_agreement: number;
  /** the last this many runs are kept; their median is the sensitivity */
  scale_runs: number;
  /** a run whose ratio is further from 1 than this (a fraction) is no sensitivity error: left out */
  scale_max_error: number;
  /** a run whose drift taken out is more than this fraction of the span is left out */
  scale_max_drift: number;
  /** a sensitivity within this of 1 (a fraction) is left alone */
  scale_deadband: number;
}

export class AccelerometerScale {
  /** integrated / known distance of the last runs, as the chip read them (before any correction) */
  private readonly ratios: RunningMedian;
  /** what each reading is multiplied by: 1 / the sensitivity in use */
  private correction = 1;
  private agreed = false;

  constructor(private readonly settings: ScaleSettings) {
    this.ratios = new RunningMedian(settings.scale_runs);
  }

  /** Multiply each vertical reading by this. */
  get factor(): number {
    return this.correction;
  }

  /** Enough runs agreed on the sensitivity: what is in use (1 within the deadband) is the chip's, not an assumption. */
  get learnt(): boolean {
    return this.agreed;
  }

  /** The chip's sensitivity in use (reading / true acceleration), or undefined before it is learnt. */
  get sensitivity(): number | undefined {
    return this.correction === 1 ? undefined : 1 / this.correction;
  }

  /** A run's span between two edges, integrated with the factor in force during the run. */
  observe({ integratedM, driftM, knownM }: EdgeSpan): void {
    const { scale_min_run_m, scale_min_runs, scale_agreement, scale_max_error, scale_max_drift, scale_deadband } = this.settings;
    if (Math.abs(knownM) < scale_min_run_m || Math.abs(driftM) > scale_max_drift * Math.abs(knownM)) return;
    const ratio = integratedM / this.correction / knownM;
    if (!(Math.abs(ratio - 1) <= scale_max_error)) return;
    const sensitivity = this.ratios.update(ratio);
    if (this.ratios.countWithin(sensitivity, scale_agreement) < scale_min_runs) return;
    this.agreed = true;
    this.correction = Math.abs(sensitivity - 1) < scale_deadband ? 1 : 1 / sensitivity;
  }
}
