/** The simulator's seeded random source: the same day from the same seed, and noise with the statistics it claims. */
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../simulator/random.ts";

describe("SeededRandom", () => {
  it("gives the same draws from the same seed, and others from another", () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, (_, index) => (index % 3 === 0 ? random.next() : random.gaussian()));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
  });

  it("draws standard normals: mean 0, variance 1, and each independent of the one before (both halves of a pair)", () => {
    const random = new SeededRandom(42);
    const count = 200_000;
    const draws = random.fillGaussian(new Float64Array(count));
    const mean = draws.reduce((sum, value) => sum + value, 0) / count;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / count;
    // Standard errors: 1/√n for the mean, √(2/n) for the variance and the correlations.
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(count));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / count));
    for (const offset of [0, 1]) {
      // Draws 2k and 2k+1 come from one pair of uniforms, 2k+1 and 2k+2 from two.
      let product = 0;
      let pairs = 0;
      for (let index = offset; index + 1 < count; index += 2, pairs++) product += draws[index] * draws[index + 1];
      expect(Math.abs(product / pairs)).toBeLessThan(5 / Math.sqrt(pairs));
    }
    // Tails as a normal's: |z| > 3 about 0.27 % of the time.
    const beyondThree = draws.filter((value) => Math.abs(value) > 3).length / count;
    expect(beyondThree).toBeGreaterThan(0.002);
    expect(beyondThree).toBeLessThan(0.0035);
  });
});
