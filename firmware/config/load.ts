import { applyLearntSettings } from "../calibration/learnt-settings.ts";
import { applyCalibration, loadCalibration } from "../calibration/record.ts";
import { evidenceKeyFiles } from "../evidence/keys.ts";
import { crossCheckSettings } from "./cross-checks.ts";
import { filesFromConfigFolder } from "./config-folder.ts";
import { CheckedFile } from "./file-check.ts";
import { InputError } from "./input-error.ts";
import { describeExpectation } from "./issue-words.ts";
import { valueAt } from "./settings-list.ts";
import { configSchema, type Config } from "./schema.ts";
import { loadYamlFile } from "./yaml-file.ts";

/**
 * Loads a device configuration file (YAML or JSON); absent file: every default. The files it
 * names by relative paths are taken from its folder (see config-folder.ts). With
 * `calibration.file`, the signed record is checked against the device's public key and its
 * landings, door zone and rated speed replace lift's, and the mount's gravity and the
 * barometer's scale fill `calibration`'s settings; a bad record is an InputError.
 * `calibration: false` leaves the record alone (a new calibration must not need the old one).
 */
export function loadConfig(file?: string, options: { calibration?: boolean } = {}): Config {
  if (file === undefined) return configSchema.parse({});
  const config = calibrated(filesFromConfigFolder(loadYamlFile(file, configSchema, "configuration"), file), options);
  refuseCrossFieldProblems(CheckedFile.read(file, "configuration"), config, `liftwatch config check ${file}`);
  return config;
}

/** The settings the box runs with: a calibration record's (checked) in place of lift's, where the configuration names one and it is wanted. */
export function calibrated(config: Config, options: { calibration?: boolean } = {}): Config {
  const calibrationFile = config.calibration.file;
  if (calibrationFile === undefined || options.calibration === false) return config;
  const record = loadCalibration(calibrationFile, config.device.id, evidenceKeyFiles(config).publicKeyFile);
  const effective = applyLearntSettings(applyCalibration(config, record), record);
  // The record's values are held to the settings' own bounds: signed is not sensible (a rated
  // speed of 100 m/s reached the simulator as a raw validation dump, and a box ran blind).
  const checked = configSchema.safeParse(effective);
  if (checked.success) return effective;
  const issue = checked.error.issues[0];
  const path = issue.path.map(String);
  throw new InputError(`${calibrationFile}: ${path.join(".")} (from the calibration record): ${describeExpectation(issue, valueAt(effective, path), undefined)}`);
}

/**
 * Settings the box would run with that do not hold together (see cross-checks.ts), placed at
 * `checked`'s lines: the first in one line, how many more, and (`seeAll`) where to see them all.
 */
export function refuseCrossFieldProblems(checked: CheckedFile, effective: Config, seeAll?: string): void {
  crossCheckSettings(checked, effective);
  const [first, ...more] = checked.lines();
  if (first === undefined) return;
  throw new InputError(more.length === 0 ? first : `${first} (and ${more.length} more${seeAll ? `: ${seeAll}` : ""})`);
}
