import { applyCalibration, loadCalibration } from "../calibration/record.ts";
import { evidenceKeyFiles } from "../evidence/keys.ts";
import { configSchema, type Config } from "./schema.ts";
import { loadYamlFile } from "./yaml-file.ts";

/**
 * Loads a device configuration file (YAML or JSON); absent file: every default. With
 * `calibration.file`, the signed record is checked against the device's public key and its
 * landings, door zone and rated speed replace lift's; a bad record is an InputError.
 */
export function loadConfig(file?: string): Config {
  const config = file === undefined ? configSchema.parse({}) : loadYamlFile(file, configSchema, "configuration");
  const calibrationFile = config.calibration.file;
  if (calibrationFile === undefined) return config;
  const record = loadCalibration(calibrationFile, config.device.id, evidenceKeyFiles(config).publicKeyFile);
  return applyCalibration(config, record);
}
