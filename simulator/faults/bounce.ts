/**
 * A car bouncing on its ropes when passengers jump: the car-rope system is a lightly damped
 * spring at 1.5–3 Hz; rhythmic jumping pumps it up over a few cycles, then it rings down.
 * Each burst is a displacement x(τ) = D·g(τ)·sin(ωτ) with the envelope
 * g(s) = s²·e^{2(1−s)}, s = τ/τp (peak 1 at τp), differentiated in closed form so position,
 * velocity and acceleration agree exactly and all start at zero.
 */
import type { Kinematics } from "../motion-profile.ts";
import type { SeededRandom } from "../random.ts";

export interface BounceBurst {
  /** s, absolute */
  start: number;
  /** s, time from start to the envelope's peak */
  peakAfter: number;
  /** rad/s */
  omega: number;
  /** m, displacement amplitude at the peak */
  amplitude: number;
}

/** The envelope has decayed below 0.2 % of its peak this many τp after the start. */
const BURST_LENGTH_PEAKS = 6;

export function burstEnd(burst: BounceBurst): number {
  return burst.start + BURST_LENGTH_PEAKS * burst.peakAfter;
}

/** Displacement, velocity and acceleration the burst adds at `time` (zero outside it). */
export function bounceAt(burst: BounceBurst, time: number): Kinematics {
  const tau = time - burst.start;
  if (tau <= 0 || time >= burstEnd(burst)) return { position: 0, velocity: 0, acceleration: 0 };
  const { peakAfter: p, omega: w, amplitude: d } = burst;
  const s = tau / p;
  const e = Math.exp(2 * (1 - s));
  const g = s * s * e;
  const g1 = (2 / p) * s * (1 - s) * e;
  const g2 = (2 / (p * p)) * (1 - 4 * s + 2 * s * s) * e;
  const sin = Math.sin(w * tau);
  const cos = Math.cos(w * tau);
  return {
    position: d * g * sin,
    velocity: d * (g1 * sin + g * w * cos),
    acceleration: d * (g2 * sin + 2 * g1 * w * cos - g * w * w * sin),
  };
}

/**
 * Bursts from `from` to `until`: each at a frequency in 1.5–3 Hz, pumped up over one to two
 * seconds to a peak acceleration between half and all of `peakAcceleration`, with a pause
 * of 1–4 s between bursts. Only whole bursts that end by `until` are made.
 */
export function jumpingBursts(from: number, until: number, peakAcceleration: number, random: SeededRandom): BounceBurst[] {
  const bursts: BounceBurst[] = [];
  let start = from;
  for (;;) {
    const omega = 2 * Math.PI * (1.5 + 1.5 * random.next());
    const peakAfter = 1 + random.next();
    // The envelope peak of D·ω² is slightly exceeded by the envelope's own derivatives: keep margin.
    const acceleration = peakAcceleration * (0.5 + 0.45 * random.next());
    const burst = { start, peakAfter, omega, amplitude: acceleration / (omega * omega) };
    if (burstEnd(burst) > until) return bursts;
    bursts.push(burst);
    start = burstEnd(burst) + 1 + 3 * random.next();
  }
}
