import { configSchema, type Config } from "./schema.ts";
import { loadYamlFile } from "./yaml-file.ts";

/** Loads a device configuration file (YAML or JSON); absent file: every default. */
export function loadConfig(file?: string): Config {
  return file === undefined ? configSchema.parse({}) : loadYamlFile(file, configSchema, "configuration");
}
