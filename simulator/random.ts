/**
 * A seeded random source so a scenario with a seed replays the same day every time.
 * mulberry32: tiny, fast and good enough for traffic and sensor noise (not for keys).
 */
export class SeededRandom {
  /** Starts as a number, not undefined: a field declared bare holds any value, and every uint32 written to it is boxed anew. */
  private state = 0;
  /** Box–Muller's second normal of the last pair, NaN when used (a number always, as above). */
  private spareGaussian = NaN;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Standard normal (Box–Muller). Each pair of uniforms gives two independent normals, the
   * cosine's and the sine's; both are used, which halves the logarithms and roots a noisy
   * sensor's every sample costs.
   */
  gaussian(): number {
    const spare = this.spareGaussian;
    if (!Number.isNaN(spare)) {
      this.spareGaussian = NaN;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(Math.max(this.next(), 1e-12)));
    const angle = 2 * Math.PI * this.next();
    this.spareGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * `into.length` standard normal draws, in order, as that many gaussian() calls would make
   * them: one call for a sample that needs several, so no number is boxed on its way back.
   */
  fillGaussian(into: Float64Array): Float64Array {
    for (let index = 0; index < into.length; index++) into[index] = this.gaussian();
    return into;
  }

  /** Exponential waiting time with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  integer(lowInclusive: number, highExclusive: number): number {
    return lowInclusive + Math.floor(this.next() * (highExclusive - lowInclusive));
  }
}
