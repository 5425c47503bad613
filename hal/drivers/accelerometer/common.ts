/**
 * What the three FIFO accelerometer drivers share: the configure options, their checks,
 * and the timestamp estimator that turns "n entries were in the FIFO when I read it" into
 * evenly spaced sample times on the box clock.
 */
import { HalError } from "../../io/hal-error.ts";

/** m/s² per g (CGPM standard gravity); datasheets give sensitivity in g. */
export const STANDARD_GRAVITY = 9.80665;

/** The options every FIFO accelerometer driver's configure() takes. */
export interface AccelerometerConfiguration {
  /** Full scale, ± g; one of the chip's ranges (each driver documents its list and default). */
  range_g: number;
  /** Output data rate, Hz; one of the chip's rates (each driver documents its list and default). */
  rate_hz: number;
  /** FIFO watermark, samples (1 to the FIFO depth); default 16. */
  watermark: number;
}

/** Throws invalid_configuration naming the allowed values when `value` is not one of them. */
export function requireOneOf(part: string, option: string, value: number, allowed: readonly number[], unit: string): void {
  if (!allowed.includes(value)) {
    throw new HalError("invalid_configuration", part, `${option} ${value} ${unit} is not supported; expected one of ${allowed.join(", ")} ${unit}`);
  }
}

export function requireInteger(part: string, option: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HalError("invalid_configuration", part, `${option} ${value} is not supported; expected an integer from ${min} to ${max}`);
  }
}

/**
 * `current` with the defined values of `partial` over it. Rejects keys the driver does not
 * know, so a typo fails instead of being ignored; an undefined value keeps the current one.
 */
export function mergeConfiguration(part: string, current: AccelerometerConfiguration, partial: Partial<AccelerometerConfiguration>): AccelerometerConfiguration {
  requireKnownKeys(part, partial, Object.keys(current));
  const next = { ...current };
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) next[key as keyof AccelerometerConfiguration] = value;
  return next;
}

/** Rejects keys a driver does not know, so a typo fails instead of being ignored. */
export function requireKnownKeys(part: string, partial: object, known: readonly string[]): void {
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) throw new HalError("invalid_configuration", part, `unknown option "${key}"; expected ${known.join(", ")}`);
  }
}

/** How hard each read pulls the timestamps towards the read time (fraction of the error per read). */
const PHASE_GAIN = 0.1;
/** Time needed before counted entries replace the nominal rate, s (error ≈ 2 periods / span). */
const RATE_ESTIMATE_MIN_SPAN_S = 1;
/** The estimate may differ from nominal by this fraction at most (a crystal is not 10 % off). */
const RATE_ESTIMATE_LIMIT = 0.1;
/** Periods beyond the expected gap that mean entries were really dropped. */
const LOSS_THRESHOLD_PERIODS = 0.75;
/** A prediction this many periods away from the read time means samples were lost or the chip restarted. */
const REANCHOR_PERIODS = 6;

/**
 * Sample times for FIFO drains. A FIFO carries no timestamps, only a count, so:
 *
 * - The period is estimated by counting entries over time: from the first read after a
 *   (re)start, period = elapsed read time / entries read since. Both ends are uncertain by
 *   one period, so after 1 s at 400 Hz the estimate is within 0.5 %, and it keeps
 *   improving; until then the nominal rate is used. An overflow restarts the count (the
 *   chip dropped entries we cannot count).
 * - The newest entry was taken within one period before the read, on average half a
 *   period before. Each batch continues evenly from the previous one, with its spacing
 *   nudged by PHASE_GAIN of the gap between where the batch would end and read time −
 *   period/2, so timestamps stay evenly spaced, monotonic across calls, and follow the
 *   chip's own clock rather than the reader's jitter.
 * - After an overflow or a far-off prediction, the batch is re-anchored to end at read
 *   time − period/2: the jump covers the samples the chip dropped.
 * - Dropped entries are told from the time gap, because chips only flag a full FIFO.
 */
export class FifoTimestamps {
  /** s, time of the first entry of the last batch placed */
  firstT = 0;
  /** s, spacing of the last batch placed */
  spacingS = 0;
  /** Samples judged lost at the last place() (the gap re-anchoring jumped over). */
  lostAtLastPlace = 0;
  // Numbers from the start (not undefined), so each new estimate is written in place, not boxed.
  private periodS = NaN;
  private nominalPeriodS = NaN;
  private newestT = NaN;
  /** s, no timestamp may be at or before this (the newest handed out before a discard) */
  private floorT = -Infinity;
  private anchorT = NaN;
  private countSinceAnchor = 0;

  constructor(nominalRateHz: number) {
    this.nominalPeriodS = this.periodS = 1 / nominalRateHz;
  }

  /** Forget phase and rate estimate (new rate, chip reset). */
  restart(nominalRateHz: number): void {
    this.nominalPeriodS = this.periodS = 1 / nominalRateHz;
    if (!Number.isNaN(this.newestT)) this.floorT = this.newestT; // stay monotonic across restarts
    this.newestT = NaN;
    this.anchorT = NaN;
    this.countSinceAnchor = 0;
  }

  /** The rate the chip is estimated to run at, Hz. */
  get estimatedRateHz(): number {
    return 1 / this.periodS;
  }

  /**
   * The FIFO was emptied unread at `readT` (s) (reset after an overflow): returns how many
   * samples were taken since the last one placed, and forgets the phase (the next batch
   * re-anchors) and the rate count, keeping the rate estimate.
   */
  discard(readT: number): number {
    const lost = Number.isNaN(this.newestT) ? 0 : Math.max(0, Math.round((readT - this.periodS / 2 - this.newestT) / this.periodS));
    this.anchorT = NaN;
    this.countSinceAnchor = 0;
    // Keep monotonic: the next batch may not start before what was already handed out.
    this.floorT = Number.isNaN(this.newestT) ? this.floorT : this.newestT;
    this.newestT = NaN;
    return lost;
  }

  /**
   * Places `count` entries read at `readT` (s). `mayHaveDropped`: the chip says its FIFO
   * filled (it cannot say by how much); entries count as lost only if the time since the
   * last entry placed holds more than `count` periods (by over ¾ of one, beyond the
   * estimator's own ±½-period wobble). Loss is in `lostAtLastPlace`.
   */
  place(count: number, readT: number, mayHaveDropped: boolean): void {
    const period = this.periodS;
    const target = readT - period / 2;
    const excess = (target - (this.newestT + count * period)) / period;
    this.lostAtLastPlace = mayHaveDropped && excess > LOSS_THRESHOLD_PERIODS ? Math.max(1, Math.round(excess)) : 0;
    const dropped = this.lostAtLastPlace > 0;
    if (Number.isNaN(this.anchorT) || dropped) {
      this.anchorT = readT;
      this.countSinceAnchor = 0;
    } else {
      this.countSinceAnchor += count;
      const span = readT - this.anchorT;
      if (span >= RATE_ESTIMATE_MIN_SPAN_S && this.countSinceAnchor > 0) {
        const limit = this.nominalPeriodS * RATE_ESTIMATE_LIMIT;
        this.periodS = Math.min(this.nominalPeriodS + limit, Math.max(this.nominalPeriodS - limit, span / this.countSinceAnchor));
      }
    }
    if (count === 0) return;
    if (Number.isNaN(this.newestT) || dropped || Math.abs(excess) > REANCHOR_PERIODS) {
      this.spacingS = period;
      this.firstT = target - (count - 1) * period;
      // Monotonic even if the reader's clock stepped back relative to our estimate.
      const floor = Number.isNaN(this.newestT) ? this.floorT : this.newestT;
      if (this.firstT <= floor) this.firstT = floor + period / 2;
    } else {
      const spacing = period + (PHASE_GAIN * excess * period) / count;
      this.spacingS = Math.min(1.5 * period, Math.max(0.5 * period, spacing));
      this.firstT = this.newestT + this.spacingS;
    }
    this.newestT = this.firstT + (count - 1) * this.spacingS;
  }
}
