/**
 * What the calibration learnt that the firmware uses beyond the lift's landings, door zone
 * and rated speed (record.ts applies those): the mount's gravity and the barometer's scale,
 * written into the configuration's `calibration` settings, so the effective configuration
 * shows the values the box runs on and a hand-written file can set them too.
 *
 * The per-landing pressures are copied as evidence, not used as anchors: a landing's absolute
 * pressure moves with the weather by far more than a floor within hours (10 Pa ≈ 1 m), so only
 * their differences (the scale) outlast the calibration; the barometer anchors on a landing
 * the car is surely at, measured then.
 */
import type { Config, ConfigInput } from "../config/schema.ts";
import type { CalibrationRecord } from "./record.ts";

export function applyLearntSettings(config: Config, record: CalibrationRecord): Config {
  const { gravity_chip: up, g_mps2 } = record.mount;
  return {
    ...config,
    calibration: {
      ...config.calibration,
      gravity_chip: [up.x, up.y, up.z],
      gravity_mps2: g_mps2,
      ...(record.barometer ? { barometer_m_per_pa: record.barometer.scale_m_per_pa, barometer_pressures_pa: record.barometer.pressures_pa } : {}),
    },
  };
}

/**
 * The configuration a calibration runs with: nothing of an earlier calibration (a broken or
 * another box's record is exactly when one recalibrates), the lift not told its landings,
 * door zone or rated speed; settings that are not learnt (the scale's uncertainty) kept.
 */
export function uncalibrated<Settings extends ConfigInput>(config: Settings): Settings {
  return {
    ...config,
    calibration: { barometer_scale_uncertainty: config.calibration?.barometer_scale_uncertainty },
    lift: { ...config.lift, landings_m: [], rated_speed_mps: undefined },
  };
}
