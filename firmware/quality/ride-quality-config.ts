/**
 * Settings of the per-trip ride-quality measurement (ISO 18738-1 / GB/T 24474.1 manner),
 * built like `firmware/config/schema.ts`: every key has a default, a unit and a one-line
 * description. The lead mounts it in the main schema under `ride_quality`.
 * Values we could not check against the standard's text are marked "(unverified)".
 */
import { z } from "zod";
import { count, positive, quantity } from "../config/setting.ts";

export const rideQualitySettings = z
  .strictObject({
    pre_roll_s: quantity(3, "s", "samples kept before a trip is recognised, so the measurement starts at the trip's onset"),
    max_trip_s: quantity(120, "s", "longest trip recorded; beyond it recording stops and the result is marked truncated", positive),
    max_rate_hz: quantity(1000, "Hz", "highest sample rate the buffers are sized for (memory = max_trip_s × this)", positive),
    min_samples: quantity(16, "samples", "a trip with fewer samples gives no ride-quality result", count(0)),
    acceleration_low_pass_hz: quantity(10, "Hz", "2-pole Butterworth low-pass for max and A95 acceleration (ISO 18738-1: 10 Hz; filter order unverified)", positive),
    jerk_low_pass_hz: quantity(1.5, "Hz", "further 2-pole low-pass before differentiating to jerk (unverified: the standard's jerk filter could not be read)", positive),
    phase_fraction: quantity(0.1, "1", "an acceleration or deceleration phase spans where the jerk-filtered acceleration is above this fraction of its peak (unverified)", { above: 0, max: 1 }),
    vibration_weighting: z
      .enum(["iso", "band"])
      .default("iso")
      .meta({ description: "iso: ISO 8041 Wb (vertical) and Wd (horizontal) with 0.4–100 Hz band limiting; band: the band limiting only, unweighted" }),
    vibration_band_top_hz: quantity(80, "Hz", "highest frequency ride vibration covers; below twice this rate vibration is reported band-limited (unverified)", positive),
    vibration_margin_s: quantity(0.5, "s", "trimmed from each end of the constant-speed region so the end of the acceleration phases and filter settling stay out"),
    min_constant_speed_s: quantity(1, "s", "a constant-speed region shorter than this (after trimming) is no region: vibration is taken over the whole trip"),
  })
  .prefault({});

export type RideQualityConfig = z.output<typeof rideQualitySettings>;
