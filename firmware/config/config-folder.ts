/**
 * Files a configuration names by a relative path are taken from the configuration's own
 * folder, not from wherever the command was started: a box started once from another folder
 * made a second journal and evidence key under the same device id, both numbering events from 1.
 *
 * Until 6 December they were taken from the working directory, which the service sets to the
 * journal's folder: a box upgraded with a relative journal (or the default one) would have
 * started a second journal and key beside its configuration. So a file found only where the
 * working directory would have put it is refused, in one line naming both places: the
 * engineer gives the absolute path, or moves the file beside the configuration.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { InputError } from "./input-error.ts";
import type { Config } from "./schema.ts";

/** The settings that name a file, always. */
const FILE_SETTINGS = [
  ["mqtt", "ca_file"],
  ["mqtt", "cert_file"],
  ["mqtt", "key_file"],
  ["journal", "file"],
  ["journal", "evidence_key"],
  ["security", "operator_key"],
  ["calibration", "file"],
  ["commissioning", "token_file"],
] as const;

/**
 * The settings that name a built-in (board, scenario) or a file: a file where the value has a
 * folder in it or a file's extension, which no built-in name has.
 */
const NAME_OR_FILE_SETTINGS = [["board"], ["simulation", "scenario"]] as const;

const looksLikeFile = (value: string) => /[/\\]/.test(value) || /\.(ya?ml|json)$/i.test(value);

/** `config` (parsed from `configFile`) with its relative file paths made absolute from the file's folder; the same object, changed in place. */
export function filesFromConfigFolder<Settings extends Partial<Config>>(config: Settings, configFile: string): Settings {
  const folder = dirname(resolve(configFile));
  const settings = config as Record<string, unknown>;
  const place = (path: readonly string[], onlyFiles: boolean) => {
    const parent = path.length === 1 ? settings : (settings[path[0]] as Record<string, unknown> | undefined);
    const key = path[path.length - 1];
    const value = parent?.[key];
    if (typeof value !== "string" || value === "" || isAbsolute(value) || (onlyFiles && !looksLikeFile(value))) return;
    const placed = resolve(folder, value);
    const before = resolve(value);
    if (before !== placed && !existsSync(placed) && existsSync(before)) {
      throw new InputError(
        `${configFile}: ${path.join(".")}: "${value}" is taken from the configuration's folder (${placed}: none there), not the working directory, where it is (${before}): give its absolute path, or move it beside the configuration`,
      );
    }
    parent![key] = placed;
  };
  for (const path of FILE_SETTINGS) place(path, false);
  for (const path of NAME_OR_FILE_SETTINGS) place(path, true);
  return config;
}
