/**
 * Whole-body vibration frequency weightings Wb (vertical) and Wd (horizontal) as ISO 8041 /
 * ISO 2631 define them: band limiting (2-pole Butterworth high-pass f1 and low-pass f2),
 * an acceleration–velocity transition H_t = (1 + s/ω3) / (1 + s/(Q4 ω4) + s²/ω4²) and, for
 * Wb, an upward step H_s = K (s² + ω5 s/Q5 + ω5²) / (s² + ω6 s/Q6 + ω6²).
 *
 * Parameters: Wb from BS 6841 as a public implementation carries them (f3 = f4 = 16 Hz,
 * Q4 = 0.55, f5 = 2.5 Hz, Q5 = 0.9, f6 = 4 Hz, Q6 = 0.95); K = 1.024 in this form gives the
 * same 0 Hz gain (0.4) as BS 6841's K = 0.4 in its own form, which cross-checks it. Wd:
 * f3 = f4 = 2 Hz, Q4 = 0.63 (same source; Wd(5 Hz) ≈ 0.41 agrees with ISO 2631-1's table as we
 * remember it). Band limits f1 = 0.4 Hz, f2 = 100 Hz. We could not read ISO 8041 itself:
 * (unverified). That ISO 18738-1 weights lift vibration with Wb and Wd is also (unverified).
 */
import { butterworthHighPass, butterworthLowPass, type Analogue } from "./biquad.ts";

const BAND_LOW_HZ = 0.4;
const BAND_HIGH_HZ = 100;

const omega = (hz: number) => 2 * Math.PI * hz;

function transition(f3: number, f4: number, q4: number): Analogue {
  const w3 = omega(f3);
  const w4 = omega(f4);
  return { b: [w4 * w4, (w4 * w4) / w3, 0], a: [w4 * w4, w4 / q4, 1], warpHz: f4 };
}

function upwardStep(f5: number, q5: number, f6: number, q6: number, gain: number): Analogue {
  const w5 = omega(f5);
  const w6 = omega(f6);
  return { b: [gain * w5 * w5, (gain * w5) / q5, gain], a: [w6 * w6, w6 / q6, 1], warpHz: Math.sqrt(f5 * f6) };
}

/** The 0.4–100 Hz band limiting alone (unweighted vibration). */
export function bandLimiting(): Analogue[] {
  return [butterworthHighPass(BAND_LOW_HZ), butterworthLowPass(BAND_HIGH_HZ)];
}

/** Wb: vertical vibration. */
export function weightingWb(): Analogue[] {
  return [...bandLimiting(), transition(16, 16, 0.55), upwardStep(2.5, 0.9, 4, 0.95, 1.024)];
}

/** Wd: horizontal vibration. */
export function weightingWd(): Analogue[] {
  return [...bandLimiting(), transition(2, 2, 0.63)];
}

/** |H(j2πf)| of an analogue cascade: for tests and for documenting gains. */
export function analogueGain(sections: readonly Analogue[], hz: number): number {
  const w = omega(hz);
  let gain = 1;
  for (const { b, a } of sections) {
    const numerator = Math.hypot(b[0] - b[2] * w * w, b[1] * w);
    const denominator = Math.hypot(a[0] - a[2] * w * w, a[1] * w);
    gain *= numerator / denominator;
  }
  return gain;
}
