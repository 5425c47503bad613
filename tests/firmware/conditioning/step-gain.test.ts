/**
 * The first-order step gain remembers what it computed, and must give the very bits the
 * formula gives for every dt and τ, whatever order they come in.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { StepGain } from "../../../firmware/conditioning/filters.ts";

describe("StepGain", () => {
  it("gives 1 − e^(−dt/τ) exactly, for time stamps that jitter by an ulp and τ that changes", () => {
    const dt = fc.constantFrom(0.0025, 0.0024999999999999996, 0.0025000000000000005, 0.01, 0.1);
    const tau = fc.constantFrom(0.05, 0.12, 2, 30);
    fc.assert(
      fc.property(fc.array(fc.tuple(dt, tau), { minLength: 1, maxLength: 200 }), (steps) => {
        const gain = new StepGain();
        for (const [dtS, timeConstantS] of steps) expect(gain.of(dtS, timeConstantS)).toBe(1 - Math.exp(-dtS / timeConstantS));
      }),
      { numRuns: 200 },
    );
  });
});
