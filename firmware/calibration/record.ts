/**
 * The calibration record: what `liftwatch calibrate` learnt about one box in one lift, versioned,
 * dated and signed with the device's Ed25519 evidence key (the canonical bytes of the record
 * without `sig`, as events are sealed). The firmware loads it through `calibration.file`; anyone
 * with the device's public key can check it (the box publishes it to the platform at every connect).
 */
import { readFileSync } from "node:fs";
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { InputError } from "../config/input-error.ts";
import type { Config } from "../config/schema.ts";
import { loadPublicKey } from "../evidence/keys.ts";
import { signatureValid, signRecord } from "../evidence/seal.ts";

const metres = (description: string) => z.number().finite().meta({ unit: "m", description });
const uncertainty = (unit: string, description: string) => z.number().finite().min(0).meta({ unit, description: `${description} (one σ)` });

const step = z.strictObject({
  name: z.enum(["mount", "learning_run", "inputs"]),
  result: z.enum(["ok", "failed", "skipped"]),
  detail: z.string(),
});

/** A two-state input checked against what the engineer did (or the lift was doing). */
const polarityCheck = z.strictObject({
  polarity: z.enum(["normal", "inverted", "unchecked"]),
  agreeing_reads: z.number().int().min(0),
  disagreeing_reads: z.number().int().min(0),
});

export const calibrationSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal("calibration"),
  device_id: z.string().min(1),
  config_version: z.string(),
  calibrated_at: z.iso.datetime().meta({ description: "when the calibration ended (ISO 8601, UTC)" }),
  source: z.string().meta({ description: "what was calibrated: `simulator:<scenario>` or `hardware`" }),
  mount: z.strictObject({
    gravity_chip: z
      .strictObject({ x: z.number(), y: z.number(), z: z.number() })
      .meta({ unit: "1", description: "unit vector of the specific force at rest (up) in the chip's frame" }),
    g_mps2: z.number().positive().meta({ unit: "m/s²", description: "magnitude of the specific force at rest" }),
    g_uncertainty_mps2: uncertainty("m/s²", "of g_mps2"),
    scale: z.number().positive().meta({ unit: "1", description: "9.80665 / g_mps2: a check of the accelerometer (within 5 %), not applied: from one orientation an offset and a sensitivity error look alike" }),
    roll_deg: z.number().meta({ unit: "°", description: "rotation of the chip about its x axis from level" }),
    pitch_deg: z.number().meta({ unit: "°", description: "rotation of the chip about its y axis from level" }),
    yaw_deg: z.null().meta({ description: "unknowable from gravity alone: always null" }),
    noise_mps2: z.number().min(0).meta({ unit: "m/s²", description: "largest per-axis standard deviation at rest" }),
  }),
  lift: z.strictObject({
    landings_m: z.array(metres("landing height above the bottom landing")).min(2),
    landings_uncertainty_m: z.array(uncertainty("m", "of each landing height")),
    door_zone_half_m: z.number().positive().meta({ unit: "m", description: "half height of the door zone (mean over the landings)" }),
    door_zone_half_uncertainty_m: uncertainty("m", "of door_zone_half_m"),
    rated_speed_mps: z.number().positive().meta({ unit: "m/s", description: "cruise speed of the longest run" }),
    rated_speed_uncertainty_mps: uncertainty("m/s", "of rated_speed_mps"),
  }),
  barometer: z
    .strictObject({
      pressures_pa: z.array(z.number().positive()).meta({ unit: "Pa", description: "pressure at each landing, bottom first, when the car stood there" }),
      scale_m_per_pa: z.number().meta({ unit: "m/Pa", description: "height per pressure change (negative: pressure falls going up), least squares over the landings" }),
    })
    .optional(),
  inputs: z.strictObject({
    door_contact: polarityCheck.meta({ description: "normal: the contact reads closed when the door is closed" }),
    door_zone: polarityCheck.optional().meta({ description: "normal: the sensor reads true at each stop and false mid-run (absent in records made before it was checked)" }),
    alarm: polarityCheck.optional().meta({ description: "normal: the input reads true while the engineer holds the alarm button (unchecked: skipped or it did not change)" }),
    presence: z
      .strictObject({ result: z.enum(["seen", "not_seen", "skipped"]) })
      .optional()
      .meta({ description: "whether the presence sensor saw the engineer move in the car when asked" }),
  }),
  steps: z.array(step),
  sig: z.string(),
});

export type CalibrationRecord = z.infer<typeof calibrationSchema>;
export type UnsignedCalibration = Omit<CalibrationRecord, "sig">;

export function signCalibration(record: UnsignedCalibration, privateKey: KeyObject): CalibrationRecord {
  return signRecord(record, privateKey);
}

/**
 * Reads, checks and verifies a calibration record for this device. Every problem is one
 * InputError naming the file and what was expected; nothing is applied then.
 */
export function loadCalibration(file: string, deviceId: string, publicKey: KeyObject | string): CalibrationRecord {
  return checkCalibration(readCalibration(file), file, deviceId, publicKey);
}

/** The text of a calibration record file; a file that cannot be read is one InputError. */
export function readCalibration(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot read the calibration record (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Checks and verifies the text of a calibration record for this device (see loadCalibration). */
export function checkCalibration(text: string, file: string, deviceId: string, publicKey: KeyObject | string): CalibrationRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // An editor's byte-order mark: the record is published byte for byte, and a platform's JSON reader refuses it too.
    const mark = text.startsWith("\uFEFF") ? "; it begins with a byte-order mark an editor added: save it without one" : "";
    throw new InputError(`${file}: not a calibration record (expected JSON from liftwatch calibrate${mark})`);
  }
  const result = calibrationSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue.path.join(".") || "(record)";
    throw new InputError(`${file}: ${key}: ${issue.message} (expected a v1 calibration record from liftwatch calibrate)`);
  }
  const record = result.data;
  if (record.device_id !== deviceId) throw new InputError(`${file}: device_id: the calibration of "${record.device_id}", expected this box's "${deviceId}"`);
  const key = typeof publicKey === "string" ? loadPublicKey(publicKey) : publicKey;
  const label = typeof publicKey === "string" ? publicKey : "the device's key";
  if (!signatureValid(parsed as { sig?: unknown }, key)) throw new InputError(`${file}: sig: not signed by ${label} (altered, or another box's record)`);
  if (record.lift.landings_m.some((height, index, all) => index > 0 && height <= all[index - 1])) {
    throw new InputError(`${file}: lift.landings_m: landings must rise, bottom first`);
  }
  return record;
}

/** The configuration with what the calibration learnt in place of lift's settings. */
export function applyCalibration(config: Config, record: CalibrationRecord): Config {
  const { landings_m, door_zone_half_m, rated_speed_mps } = record.lift;
  // A start landing the record's lift has not is one of the cross-checks (placed at its line).
  return { ...config, lift: { ...config.lift, landings_m, door_zone_half_m, rated_speed_mps } };
}
