/**
 * A second-order section designed from an analogue prototype
 * H(s) = (b2 s² + b1 s + b0) / (a2 s² + a1 s + a0) by the bilinear transform, pre-warped
 * at `warpHz` so the section is exact there. Used for the ride-quality low-passes and the
 * ISO 8041 weightings, which are specified as analogue transfer functions.
 */

export interface Analogue {
  /** numerator coefficients of s⁰, s¹, s² */
  b: readonly [number, number, number];
  /** denominator coefficients of s⁰, s¹, s² */
  a: readonly [number, number, number];
  /** frequency (Hz) at which the digital response matches the analogue one */
  warpHz: number;
}

export class Biquad {
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private z1 = 0;
  private z2 = 0;

  constructor(section: Analogue, rateHz: number) {
    const w = 2 * Math.PI * section.warpHz;
    const c = w / Math.tan(w / (2 * rateHz));
    const [nb0, nb1, nb2] = section.b;
    const [na0, na1, na2] = section.a;
    const c2 = c * c;
    const a0 = na2 * c2 + na1 * c + na0;
    this.b0 = (nb2 * c2 + nb1 * c + nb0) / a0;
    this.b1 = (2 * (nb0 - nb2 * c2)) / a0;
    this.b2 = (nb2 * c2 - nb1 * c + nb0) / a0;
    this.a1 = (2 * (na0 - na2 * c2)) / a0;
    this.a2 = (na2 * c2 - na1 * c + na0) / a0;
  }

  /** Gain at 0 Hz. */
  get dcGain(): number {
    return (this.b0 + this.b1 + this.b2) / (1 + this.a1 + this.a2);
  }

  /** Sets the state as if `input` had been applied for ever (no start-up transient). */
  settle(input: number): void {
    const output = this.dcGain * input;
    this.z2 = this.b2 * input - this.a2 * output;
    this.z1 = this.b1 * input - this.a1 * output + this.z2;
  }

  /**
   * Filters `signal` in place, from the state it is in. A whole signal at a time, with the
   * state in locals: a call per sample per section, each returning a number, cost more than
   * the arithmetic (the same arithmetic, in the same order, so the same bits).
   */
  filter(signal: Float64Array): void {
    const { b0, b1, b2, a1, a2 } = this;
    let z1 = this.z1;
    let z2 = this.z2;
    for (let i = 0; i < signal.length; i++) {
      const input = signal[i];
      const output = b0 * input + z1;
      z1 = b1 * input - a1 * output + z2;
      z2 = b2 * input - a2 * output;
      signal[i] = output;
    }
    this.z1 = z1;
    this.z2 = z2;
  }

  /**
   * As filter(), then `next` over what it gives, in one pass. Each section's output waits on its
   * own last one, a chain of four dependent operations a sample that leaves the processor idle;
   * two sections in one loop run their chains side by side. Each section does the same
   * arithmetic in the same order as in filter(): the same bits.
   */
  filterThen(next: Biquad, signal: Float64Array): void {
    const { b0, b1, b2, a1, a2 } = this;
    const { b0: nextB0, b1: nextB1, b2: nextB2, a1: nextA1, a2: nextA2 } = next;
    let z1 = this.z1;
    let z2 = this.z2;
    let nextZ1 = next.z1;
    let nextZ2 = next.z2;
    for (let i = 0; i < signal.length; i++) {
      const input = signal[i];
      const between = b0 * input + z1;
      z1 = b1 * input - a1 * between + z2;
      z2 = b2 * input - a2 * between;
      const output = nextB0 * between + nextZ1;
      nextZ1 = nextB1 * between - nextA1 * output + nextZ2;
      nextZ2 = nextB2 * between - nextA2 * output;
      signal[i] = output;
    }
    this.z1 = z1;
    this.z2 = z2;
    next.z1 = nextZ1;
    next.z2 = nextZ2;
  }
}

/** Runs `sections` in cascade over a copy of `input`, settled on its first value; sections at or above Nyquist are skipped. */
export function filterSignal(input: ArrayLike<number>, sections: readonly Analogue[], rateHz: number): Float64Array {
  return filterInPlace(new Float64Array(input), sections, rateHz);
}

/** As filterSignal, over `output` itself (a copy made already need not be made again). */
export function filterInPlace(output: Float64Array, sections: readonly Analogue[], rateHz: number): Float64Array {
  const usable = sections.filter((section) => section.warpHz < 0.5 * rateHz);
  const chain = usable.map((section) => new Biquad(section, rateHz));
  if (output.length === 0) return output;
  let level = output[0];
  for (const stage of chain) {
    stage.settle(level);
    level *= stage.dcGain;
  }
  // Two sections at a time over the whole signal: each section's output depends only on its own input.
  let stage = 0;
  for (; stage + 1 < chain.length; stage += 2) chain[stage].filterThen(chain[stage + 1], output);
  if (stage < chain.length) chain[stage].filter(output);
  return output;
}

/** 2-pole Butterworth low-pass (Q = 1/√2). */
export function butterworthLowPass(cornerHz: number): Analogue {
  const w = 2 * Math.PI * cornerHz;
  return { b: [w * w, 0, 0], a: [w * w, Math.SQRT2 * w, 1], warpHz: cornerHz };
}

/** 2-pole Butterworth high-pass (Q = 1/√2). */
export function butterworthHighPass(cornerHz: number): Analogue {
  const w = 2 * Math.PI * cornerHz;
  return { b: [0, 0, 1], a: [w * w, Math.SQRT2 * w, 1], warpHz: cornerHz };
}
