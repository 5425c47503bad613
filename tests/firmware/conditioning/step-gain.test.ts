/**
 * The first-order step gain remembers what it computed; a dt within NEAR_STEP_S of the one it
 * remembers is moved along the slope. Whatever order dt and τ come in, every gain must be the
 * formula's within two ulps of 1 (the formula's own grain: 1 − e^(−x) takes e^(−x) rounded near
 * 1), and a dt farther off is the formula's exactly.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NEAR_STEP_S, StepGain } from "../../../firmware/conditioning/filters.ts";

const formula = (dtS: number, timeConstantS: number) => 1 - Math.exp(-dtS / timeConstantS);

describe("StepGain", () => {
  it("gives 1 − e^(−dt/τ) within two ulps of 1, for time stamps that jitter by an ulp or by 1e-11 s and τ that changes", () => {
    const dt = fc.constantFrom(0.0025, 0.0024999999999999996, 0.0025000000000000005, 0.0025 + 1e-11, 0.0025 - 7e-12, 0.01, 0.1);
    const tau = fc.constantFrom(0.01, 0.05, 0.12, 2, 30);
    fc.assert(
      fc.property(fc.array(fc.tuple(dt, tau), { minLength: 1, maxLength: 200 }), (steps) => {
        const gain = new StepGain();
        for (const [dtS, timeConstantS] of steps) {
          expect(Math.abs(gain.of(dtS, timeConstantS) - formula(dtS, timeConstantS))).toBeLessThanOrEqual(2 * Number.EPSILON);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("works a dt out afresh beyond NEAR_STEP_S of the one it remembers", () => {
    const gain = new StepGain();
    gain.of(0.0025, 0.05);
    const farther = 0.0025 + 2 * NEAR_STEP_S;
    expect(gain.of(farther, 0.05)).toBe(formula(farther, 0.05));
    expect(gain.of(0.0025, 0.05)).toBe(formula(0.0025, 0.05));
  });
});
