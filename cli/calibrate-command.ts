/**
 * `liftwatch calibrate`: the calibration steps on the simulated box of a scenario, then a
 * signed calibration record, written atomically (an interrupted calibration leaves the
 * previous record in force).
 */
import { dirname, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import { calibrationSchema, signCalibration } from "../firmware/calibration/record.ts";
import { InputError } from "../firmware/config/input-error.ts";
import type { Config } from "../firmware/config/schema.ts";
import { evidenceKeyFiles, loadDeviceKeys, loadOrCreateDeviceKeys } from "../firmware/evidence/keys.ts";
import { CalibrationError, calibrateSimulated } from "../simulator/calibration-run.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { writeFileAtomically } from "./output.ts";

export interface CalibrateOptions {
  scenario: string;
  out: string;
  key?: string;
  seed?: string;
}

export function calibrateCommand(config: Config, options: CalibrateOptions): number {
  const scenario = loadScenario(options.scenario);
  // The key first: a calibration that cannot be signed is not worth running.
  const keyFiles = options.key
    ? { privateKeyFile: options.key, publicKeyFile: options.key.replace(/evidence-key\.pem$/, "evidence-pub.pem") }
    : evidenceKeyFiles(config);
  if (options.key && keyFiles.publicKeyFile === keyFiles.privateKeyFile) {
    throw new InputError(`${options.key}: --key must name an evidence-key.pem with its evidence-pub.pem beside it (as liftwatch provision writes them)`);
  }
  const keys = options.key || config.journal.evidence_key ? loadDeviceKeys(keyFiles) : loadOrCreateDeviceKeys(keyFiles);
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new InputError(`--seed: "${options.seed}" is not a whole number`);
  let unsigned;
  try {
    unsigned = calibrateSimulated(scenario, {
      config: { ...config, calibration: {} },
      seed,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof CalibrationError) {
      process.stderr.write(`liftwatch: calibration failed, ${options.out} unchanged: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const record = signCalibration(unsigned, keys.privateKey);
  calibrationSchema.parse(record);
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  writeFileAtomically(options.out, `${JSON.stringify(record, null, 2)}\n`);
  const { lift, inputs } = record;
  process.stderr.write(`calibration written to ${options.out} (signed with ${keyFiles.privateKeyFile})\n`);
  process.stdout.write(
    `landings_m ${JSON.stringify(lift.landings_m)} door_zone_half_m ${lift.door_zone_half_m} rated_speed_mps ${lift.rated_speed_mps} door_contact ${inputs.door_contact.polarity}\n`,
  );
  return record.steps.some((step) => step.result === "failed") ? 1 : 0;
}
