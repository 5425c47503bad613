/**
 * The full default configuration as YAML, every key under a comment with its unit and meaning,
 * for an engineer to copy and edit. Settings with no default (the broker, key files, the rated
 * speed) are written commented out, so the file stays valid and shows where they go.
 */
import { stringify } from "yaml";
import { configSchema } from "./schema.ts";
import { sectionsOf, settingsOf, valueAt } from "./settings-list.ts";

export function defaultsYaml(): string {
  const defaults = configSchema.parse({});
  const sections = sectionsOf(configSchema);
  const lines = [
    "# liftwatch configuration: every setting at its default.",
    "# Keep only what you change; check the file with `liftwatch config check <file>`.",
  ];
  const settings = settingsOf(configSchema);
  // A section whose settings all lack a default is written commented out too (an empty key is null, not a section).
  const written = (section: string[]) =>
    settings.some((setting) => section.every((key, index) => setting.path[index] === key) && valueAt(defaults, setting.path) !== undefined);
  let openSections: string[] = [];
  for (const setting of settings) {
    const parents = setting.path.slice(0, -1);
    // Open the sections this setting is in that the previous one was not.
    let shared = 0;
    while (shared < openSections.length && shared < parents.length && openSections[shared] === parents[shared]) shared++;
    for (let depth = shared; depth < parents.length; depth++) {
      const indent = "  ".repeat(depth);
      const heading = sections.get(parents.slice(0, depth + 1).join("."));
      lines.push("");
      if (heading) lines.push(`${indent}# ${heading}`);
      lines.push(`${indent}${written(parents.slice(0, depth + 1)) ? "" : "# "}${parents[depth]}:`);
    }
    openSections = parents;

    const indent = "  ".repeat(parents.length);
    const unit = setting.unit ? `[${setting.unit}] ` : "";
    if (setting.description || unit) lines.push(`${indent}# ${unit}${setting.description ?? ""}`.trimEnd());
    const key = setting.path.at(-1)!;
    const value = valueAt(defaults, setting.path);
    lines.push(value === undefined ? `${indent}# ${key}:` : `${indent}${key}: ${stringify(value, { collectionStyle: "flow" }).trimEnd()}`);
  }
  return `${lines.join("\n")}\n`;
}
