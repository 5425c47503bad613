/**
 * Small named filters for signal conditioning. Each takes the time step, so irregular
 * sample rates (phones, dropped samples) are handled without resampling.
 */

/** First-order low-pass with a time constant; the first value initialises it. */
export class LowPass {
  private state?: number;

  constructor(private readonly timeConstantS: number) {}

  update(value: number, dtS: number): number {
    if (this.state === undefined || this.timeConstantS <= 0) {
      this.state = value;
    } else {
      this.state += (1 - Math.exp(-Math.max(dtS, 0) / this.timeConstantS)) * (value - this.state);
    }
    return this.state;
  }

  get value(): number | undefined {
    return this.state;
  }

  reset(value?: number): void {
    this.state = value;
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

/** Second-order high-pass (two first-order stages): ramps and steady accelerations vanish. */
export class HighPass {
  private readonly first: LowPass;
  private readonly second: LowPass;

  constructor(cornerHz: number) {
    const timeConstantS = 1 / (2 * Math.PI * cornerHz);
    this.first = new LowPass(timeConstantS);
    this.second = new LowPass(timeConstantS);
  }

  update(value: number, dtS: number): number {
    const once = value - this.first.update(value, dtS);
    return once - this.second.update(once, dtS);
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
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
