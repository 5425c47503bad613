/** The ride report's percentile selects the value a sorted copy would hold at the nearest rank. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { percentile } from "../../../firmware/quality/peak-to-peak.ts";

function bySorting(values: number[], fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length))) - 1];
}

describe("percentile", () => {
  it("is the nearest-rank value of a sorted copy, ties, ±0, NaN and all, and leaves its input alone", () => {
    const value = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) }, fc.constantFrom(0, 1, Number.NaN));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, fraction) => {
        const input = Float64Array.from(values);
        expect(percentile(input, fraction)).toBe(bySorting(values, fraction));
        expect(Array.from(input)).toEqual(values);
      }),
      { numRuns: 500 },
    );
  });

  it("is 0 for no values", () => {
    expect(percentile([], 0.95)).toBe(0);
  });
});
