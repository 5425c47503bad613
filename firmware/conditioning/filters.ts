/**
 * Small named filters for signal conditioning. Each takes the time step, so irregular
 * sample rates (phones, dropped samples) are handled without resampling.
 */
import { ColumnRing } from "./column-ring.ts";

/** s: how far a dt may be from the one a StepGain remembers to take its gain from that one's */
export const NEAR_STEP_S = 1e-9;

/**
 * The gain of a first-order step, 1 − e^(−dt/τ), remembered for the last dt at one τ. Math.exp
 * was a first-order filter's largest cost. Samples at a steady rate repeat their dt but for its
 * last bits: a time stamp's rounding, or a block's mean time (block-average.ts), moves it by
 * 1e-16 to 1e-11 s, and exact caching missed a sixth to a third of the steps. So a dt within
 * NEAR_STEP_S of the remembered one takes the remembered gain moved along its slope,
 * (1 − gain)·δ/τ. That is off the true gain by (1 − gain)·(δ/τ)²/2: under 1e-18 for the jitter
 * seen, finer than the formula's own grain (it takes e^(−x) rounded near 1: 1e-16); at the
 * limit, 1 ns on the shortest τ any filter here has (10 ms), 5e-15. A real change of step (a
 * slow chip's time stamps, written to 10 µs, step by 2.49 then 2.50 ms) still costs a Math.exp:
 * remembering two steps, or more, measured slower.
 */
export class StepGain {
  private timeConstantS = NaN;
  private dtS = NaN;
  private gain = 0;

  of(dtS: number, timeConstantS: number): number {
    if (timeConstantS === this.timeConstantS) {
      const nearBy = dtS - this.dtS;
      if (nearBy === 0) return this.gain;
      if (Math.abs(nearBy) <= NEAR_STEP_S) return this.gain + ((1 - this.gain) * nearBy) / timeConstantS;
    } else {
      this.timeConstantS = timeConstantS;
    }
    this.dtS = dtS;
    this.gain = 1 - Math.exp(-dtS / timeConstantS);
    return this.gain;
  }
}

/** First-order low-pass with a time constant; the first value initialises it. */
export class LowPass {
  // A number from the start, with a flag for "no value yet": a field that is sometimes
  // undefined makes every write of a double allocate, and this runs for every sample.
  private state = 0;
  private primed = false;
  private readonly step = new StepGain();

  constructor(private readonly timeConstantS: number) {}

  update(value: number, dtS: number): number {
    if (!this.primed || this.timeConstantS <= 0) {
      this.state = value;
      this.primed = true;
    } else {
      this.state += this.step.of(Math.max(dtS, 0), this.timeConstantS) * (value - this.state);
    }
    return this.state;
  }

  get value(): number | undefined {
    return this.primed ? this.state : undefined;
  }

  reset(value?: number): void {
    this.primed = value !== undefined;
    this.state = value ?? 0;
  }
}

/** Keeps the samples of the last `spanS` seconds, for looking back at an onset or a window. */
export class TimeWindow<Sample extends { t: number }> {
  private samples: Sample[] = [];
  /** index of the oldest sample still in the window: old ones are dropped in bulk, not one by one */
  private start = 0;

  constructor(private readonly spanS: number) {}

  push(sample: Sample): void {
    this.samples.push(sample);
    const oldest = sample.t - this.spanS;
    while (this.start < this.samples.length - 1 && this.samples[this.start].t < oldest) this.start++;
    // Compacting once half the array is dead keeps each push O(1) on average, whatever the span.
    if (this.start > 64 && this.start * 2 > this.samples.length) {
      this.samples = this.samples.slice(this.start);
      this.start = 0;
    }
  }

  /** Samples within the span, oldest first. */
  items(): Sample[] {
    const oldest = (this.samples[this.samples.length - 1]?.t ?? 0) - this.spanS;
    let first = this.start;
    while (first < this.samples.length && this.samples[first].t < oldest) first++;
    return this.samples.slice(first);
  }

  clear(): void {
    this.samples = [];
    this.start = 0;
  }
}

/**
 * The last `spanS` seconds of one number per sample, in a ring of typed arrays: the
 * TimeWindow for a value read every sample, which must make no object per sample.
 */
export class ValueWindow {
  /** columns: t, value */
  private readonly ring = new ColumnRing(2, 64);

  constructor(private readonly spanS: number) {}

  push(t: number, value: number): void {
    this.ring.dropBefore(t - this.spanS);
    const slot = this.ring.append();
    this.ring.column(0)[slot] = t;
    this.ring.column(1)[slot] = value;
  }

  /** The largest value of a sample at or after `from` (within the span), or -Infinity. */
  maxSince(from: number): number {
    const times = this.ring.column(0);
    const values = this.ring.column(1);
    let max = -Infinity;
    for (let index = 0; index < this.ring.size; index++) {
      const slot = this.ring.slot(index);
      if (times[slot] >= from && values[slot] > max) max = values[slot];
    }
    return max;
  }
}

/** Holds while a condition lasts: when it began, how many samples, and the extreme seen. */
export class Persistence {
  since?: number;
  samples = 0;
  extreme = 0;

  reset(): undefined {
    this.since = undefined;
    this.samples = 0;
    return undefined;
  }

  /** Feeds one sample; returns how long (s) the condition has held, or undefined when it does not. */
  update(t: number, holds: boolean, value: number, keep: (a: number, b: number) => number): number | undefined {
    if (!holds) return this.reset();
    if (this.since === undefined) {
      this.since = t;
      this.extreme = value;
    }
    this.samples++;
    this.extreme = keep(this.extreme, value);
    return t - this.since;
  }
}
