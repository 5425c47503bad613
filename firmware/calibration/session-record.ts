/** The record a finished calibration session hands back, unsigned (the caller signs it with signCalibration). */
import type { Config } from "../config/schema.ts";
import { round } from "../rounding.ts";
import type { UnsignedCalibration } from "./record.ts";
import type { LearntLift } from "./learning.ts";
import { STANDARD_GRAVITY, type MountResult } from "./lift-math.ts";

export function calibrationRecord(input: {
  config: Config;
  source: string;
  mount: MountResult;
  learnt: LearntLift;
  steps: UnsignedCalibration["steps"];
  inputs: UnsignedCalibration["inputs"];
}): UnsignedCalibration {
  const { config, mount, learnt } = input;
  return {
    v: 1,
    kind: "calibration",
    device_id: config.device.id,
    config_version: config.config_version,
    // When the engineer calibrated, not a simulation's fixed epoch: the record dates the calibration.
    calibrated_at: new Date().toISOString(),
    source: input.source,
    mount: {
      gravity_chip: { x: round(mount.gravity.x, 6), y: round(mount.gravity.y, 6), z: round(mount.gravity.z, 6) },
      g_mps2: round(mount.gMps2, 4),
      g_uncertainty_mps2: round(mount.gUncertaintyMps2, 5),
      scale: round(STANDARD_GRAVITY / mount.gMps2, 5),
      roll_deg: round(mount.rollDeg, 2),
      pitch_deg: round(mount.pitchDeg, 2),
      yaw_deg: null,
      noise_mps2: round(mount.noiseMps2, 4),
    },
    lift: {
      landings_m: learnt.landings.map((height) => round(height, 4)),
      landings_uncertainty_m: learnt.landingsUncertainty.map((value) => round(value, 4)),
      door_zone_half_m: round(learnt.half, 4),
      door_zone_half_uncertainty_m: round(learnt.halfUncertainty, 4),
      rated_speed_mps: round(learnt.ratedSpeed, 3),
      rated_speed_uncertainty_mps: round(Math.max(0.01, learnt.ratedSpeed * 0.01), 3),
    },
    ...(learnt.barometer ? { barometer: learnt.barometer } : {}),
    inputs: input.inputs,
    steps: input.steps.map((step) => ({ ...step })),
  };
}
