/**
 * The calibration record in force on a box, for the platform: the file `calibration.file`
 * names, verified as loadConfig verifies it, and returned byte for byte as the file holds it
 * (the wire contract's words). Not the parsed record: a schema that later fills a default
 * would add a field the signature does not cover, and the platform would refuse the record.
 */
import type { Config } from "../config/schema.ts";
import { checkCalibration, readCalibration } from "./record.ts";

/** Undefined without `calibration.file`; a bad record is an InputError (as at load). */
export function calibrationInForce(config: Config, publicKeyFile: string): string | undefined {
  const file = config.calibration.file;
  if (file === undefined) return undefined;
  // Read once: the bytes published are the bytes verified.
  const text = readCalibration(file);
  checkCalibration(text, file, config.device.id, publicKeyFile);
  return text;
}
