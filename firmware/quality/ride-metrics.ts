/**
 * Ride-quality metrics of one recorded trip, in the ISO 18738-1 / GB/T 24474.1 manner:
 *  - acceleration: the vertical signal through a 10 Hz low-pass; max and A95 (95th percentile)
 *    over the acceleration phase and over the deceleration phase;
 *  - jerk: that signal through a further low-pass, differentiated; the largest |jerk|;
 *  - vibration: the constant-speed region (the trip minus both phases, trimmed by a margin)
 *    weighted (Wb vertical, Wd horizontal, or band-limited only), peak-to-peak between zero
 *    crossings: the largest value and A95. Without a constant-speed region the whole trip is
 *    used and `constant_speed_region` is false.
 * The phases are where the jerk-filtered acceleration, signed along the direction of travel,
 * stays above `phase_fraction` of its peak (our reading of the standard's boundaries, unverified).
 */
import { butterworthLowPass, filterInPlace, filterSignal, type Analogue } from "./biquad.ts";
import { bandLimiting, weightingWb, weightingWd } from "./iso8041-weighting.ts";
import { peakToPeak, percentile } from "./peak-to-peak.ts";
import type { RideQualityConfig } from "./ride-quality-config.ts";
import type { Samples } from "./sample-store.ts";

export interface RideQuality {
  /** speeding up, along the direction of travel */
  max_acceleration_mps2: number;
  a95_acceleration_mps2: number;
  /** slowing down, as a positive number */
  max_deceleration_mps2: number;
  a95_deceleration_mps2: number;
  max_jerk_mps3: number;
  vertical_vibration_peak_to_peak_mps2: number;
  vertical_vibration_a95_mps2: number;
  /** the larger of the two horizontal axes */
  horizontal_vibration_peak_to_peak_mps2: number;
  horizontal_vibration_a95_mps2: number;
  /** mean rate of the samples used */
  sample_rate_hz: number;
  samples: number;
  duration_s: number;
  /** "iso": Wb / Wd weighted; "band": band-limited only */
  vibration_weighting: RideQualityConfig["vibration_weighting"];
  /** the rate is below twice the vibration band's top: vibration is computed but misses the upper band */
  vibration_band_limited: boolean;
  /** the rate is below twice the acceleration low-pass: acceleration and jerk are unfiltered */
  acceleration_band_limited: boolean;
  /** false: no constant-speed region was found and vibration covers the whole trip */
  constant_speed_region: boolean;
  /** the trip outlasted the recording buffer: metrics cover its beginning only */
  truncated: boolean;
}

/** Rates above this are not a sampled accelerometer (and would overflow the jerk). */
const MAX_PLAUSIBLE_RATE_HZ = 1e6;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const mps2 = (value: number) => round(value, 3);

interface Phase {
  from: number;
  to: number;
}

/** The contiguous run around the extreme of `along × signal` where it stays above `fraction` of it. */
function phaseAround(signal: Float64Array, along: number, fraction: number): Phase | undefined {
  let peakIndex = -1;
  let peak = 0;
  for (let i = 0; i < signal.length; i++) {
    if (along * signal[i] > peak) {
      peak = along * signal[i];
      peakIndex = i;
    }
  }
  if (peakIndex < 0) return undefined;
  let from = peakIndex;
  let to = peakIndex;
  while (from > 0 && along * signal[from - 1] >= fraction * peak) from--;
  while (to < signal.length - 1 && along * signal[to + 1] >= fraction * peak) to++;
  return { from, to };
}

/** Max and A95 of `along × signal` over a phase (0 when there is none). */
function phaseLevels(signal: Float64Array, along: number, phase: Phase | undefined): { max: number; a95: number } {
  if (!phase) return { max: 0, a95: 0 };
  const values = new Float64Array(phase.to - phase.from + 1);
  let max = 0;
  for (let i = phase.from; i <= phase.to; i++) {
    values[i - phase.from] = Math.max(0, along * signal[i]);
    max = Math.max(max, values[i - phase.from]);
  }
  return { max, a95: percentile(values, 0.95) };
}

/** +1 when the car went up, -1 down: the sign of the largest speed, drift removed so it ends at rest. */
function direction(acceleration: Float64Array, t: Float64Array): number {
  const n = acceleration.length;
  const velocity = new Float64Array(n);
  for (let i = 1; i < n; i++) velocity[i] = velocity[i - 1] + 0.5 * (acceleration[i] + acceleration[i - 1]) * (t[i] - t[i - 1]);
  const span = t[n - 1] - t[0];
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const corrected = velocity[i] - (velocity[n - 1] * (t[i] - t[0])) / span;
    if (Math.abs(corrected) > Math.abs(peak)) peak = corrected;
  }
  return peak < 0 ? -1 : 1;
}

/** Weighted peak-to-peak of `signal[from, to]`, mean removed, evaluated where c0 ≤ t ≤ c1. */
function vibration(signal: Float32Array, t: Float64Array, from: number, to: number, window: [number, number], sections: Analogue[], rate: number) {
  const segment = new Float64Array(signal.subarray(from, to + 1));
  let mean = 0;
  for (let i = 0; i < segment.length; i++) mean += segment[i] / segment.length;
  for (let i = 0; i < segment.length; i++) segment[i] -= mean;
  const weighted = filterInPlace(segment, sections, rate);
  let first = 0;
  while (first < weighted.length && t[from + first] < window[0]) first++;
  let last = first;
  while (last < weighted.length && t[from + last] <= window[1]) last++;
  return peakToPeak(weighted, first, last);
}

/** The metrics of `samples` (one trip, time order), or undefined when there are too few. */
export function rideQualityOf(samples: Samples, config: RideQualityConfig, truncated = false): RideQuality | undefined {
  const { t } = samples;
  const n = t.length;
  if (n < Math.max(3, config.min_samples)) return undefined;
  const span = t[n - 1] - t[0];
  const rate = (n - 1) / span;
  if (!(span > 0) || !(rate <= MAX_PLAUSIBLE_RATE_HZ)) return undefined;

  const acceleration = filterSignal(samples.vertical, [butterworthLowPass(config.acceleration_low_pass_hz)], rate);
  const smooth = filterSignal(acceleration, [butterworthLowPass(config.jerk_low_pass_hz)], rate);
  let maxJerk = 0;
  for (let i = 1; i < n - 1; i++) maxJerk = Math.max(maxJerk, (Math.abs(smooth[i + 1] - smooth[i - 1]) * rate) / 2);

  const along = direction(acceleration, t);
  const speedingUp = phaseAround(smooth, along, config.phase_fraction);
  const slowingDown = phaseAround(smooth, -along, config.phase_fraction);
  const up = phaseLevels(acceleration, along, speedingUp);
  const down = phaseLevels(acceleration, -along, slowingDown);

  // Constant speed: between the end of speeding up and the start of slowing down, trimmed.
  let from = 0;
  let to = n - 1;
  let window: [number, number] = [t[0], t[n - 1]];
  let constant = false;
  if (speedingUp && slowingDown && speedingUp.to < slowingDown.from) {
    const start = t[speedingUp.to] + config.vibration_margin_s;
    const end = t[slowingDown.from] - config.vibration_margin_s;
    if (end - start >= config.min_constant_speed_s) {
      [from, to, window, constant] = [speedingUp.to, slowingDown.from, [start, end], true];
    }
  }
  const iso = config.vibration_weighting === "iso";
  const vertical = vibration(samples.vertical, t, from, to, window, iso ? weightingWb() : bandLimiting(), rate);
  const horizontalSections = iso ? weightingWd() : bandLimiting();
  const x = vibration(samples.x, t, from, to, window, horizontalSections, rate);
  const y = vibration(samples.y, t, from, to, window, horizontalSections, rate);

  return {
    max_acceleration_mps2: mps2(up.max),
    a95_acceleration_mps2: mps2(up.a95),
    max_deceleration_mps2: mps2(down.max),
    a95_deceleration_mps2: mps2(down.a95),
    max_jerk_mps3: mps2(maxJerk),
    vertical_vibration_peak_to_peak_mps2: mps2(vertical.max),
    vertical_vibration_a95_mps2: mps2(vertical.a95),
    horizontal_vibration_peak_to_peak_mps2: mps2(Math.max(x.max, y.max)),
    horizontal_vibration_a95_mps2: mps2(Math.max(x.a95, y.a95)),
    sample_rate_hz: round(rate, 1),
    samples: n,
    duration_s: round(span, 3),
    vibration_weighting: config.vibration_weighting,
    vibration_band_limited: rate < 2 * config.vibration_band_top_hz,
    acceleration_band_limited: rate < 2 * config.acceleration_low_pass_hz,
    constant_speed_region: constant,
    truncated,
  };
}
