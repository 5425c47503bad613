import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configSchema, defaultConfig } from "../../firmware/config/schema.ts";
import { parseYamlText } from "../../firmware/config/yaml-file.ts";
import { settingsOf, valueAt } from "../../firmware/config/settings-list.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { crossCheckSettings } from "../../firmware/config/cross-checks.ts";
import { CheckedFile } from "../../firmware/config/file-check.ts";
import { loadConfig } from "../../firmware/config/load.ts";

const parse = (text: string) => () => parseYamlText(text, "box.yaml", configSchema);

describe("configuration", () => {
  it("gives every setting a documented default", () => {
    const config = defaultConfig();
    expect(config.detection).toMatchObject({ entrapment_between_floors_s: 30, entrapment_at_floor_s: 45, stopped_outside_door_zone_s: 60 });
    // Every leaf of the JSON Schema carries a description: the schema is the documentation.
    const schema = z.toJSONSchema(configSchema, { io: "input" });
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      if (!properties) {
        if (path && !node.description) undocumented.push(path);
        return;
      }
      for (const [key, child] of Object.entries(properties)) walk(child, path ? `${path}.${key}` : key);
    };
    walk(schema as Record<string, unknown>, "");
    expect(Object.keys(schema.properties ?? {})).toContain("detection");
    expect(undocumented).toEqual([]);
  });

  it("reads YAML and JSON, keeping defaults for what is not said", () => {
    expect(parseYamlText("device: { id: box-7 }\n", "a.yaml", configSchema).device.id).toBe("box-7");
    expect(parseYamlText('{"detection": {"entrapment_between_floors_s": 20}}', "a.json", configSchema).detection).toMatchObject({
      entrapment_between_floors_s: 20,
      stopped_outside_door_zone_s: 60,
    });
  });

  it("names file, line and key of a wrong value", () => {
    expect(parse("lift:\n  rated_speed_mps: fast\n")).toThrow(/^box\.yaml:2: lift\.rated_speed_mps: expected a number \(got "fast"\)$/);
    expect(parse("lift:\n  landings_m: [0, 3, x]\n")).toThrow(/^box\.yaml:2: lift\.landings_m\.2: expected a number \(got "x"\)$/);
  });

  // A quantity had no range: a negative entrapment delay loaded, and the box raised an
  // entrapment the moment a car stopped; a heartbeat of 0 s spun its timer for ever.
  it("refuses a negative value for every numeric setting, naming file, line, key and the least it takes", () => {
    const numeric = settingsOf(configSchema).filter(({ path }) => typeof valueAt(defaultConfig(), path) === "number");
    expect(numeric.length).toBeGreaterThan(140);
    for (const { path } of numeric) {
      const text = `${path.map((key, depth) => `${"  ".repeat(depth)}${key}:`).join("\n")} -1\n`;
      expect(parse(text), path.join(".")).toThrow(new RegExp(`^box\\.yaml:${path.length}: ${path.join("\\.")}: expected (at least [\\d.]+|more than [\\d.]+|one of [\\d, ]+) \\(got -1\\)$`));
    }
  });

  it.each([
    ["mqtt.heartbeat_s", 0.001, "expected at least 1"],
    ["journal.checkpoint_interval_s", 0, "expected at least 1"],
    ["sampling.poll_interval_ms", 0, "expected at least 1"],
    ["motion.processing_hz", 0, "expected more than 0"],
    ["usage.pulley_diameter_mm", 0, "expected more than 0"],
    ["detection.overspeed_factor", 0.9, "expected more than 1"],
    ["detection.free_fall_g", 1, "expected less than 1"],
    ["motion.stop_speed_fraction", 1.5, "expected at most 1"],
    ["barometer.median_samples", 1000, "expected at most 100"],
    ["mqtt.window", 0, "expected at least 1"],
    ["inputs.chatter_transitions", 1, "expected at least 2"],
    ["health.bad_samples", 2.5, "expected a whole number"],
    ["health.zero_samples", -1, "expected at least 0"],
    // Slips a field engineer's check let through (a percentage for a factor, ms for s, a delay of
    // nothing), each switching a detector off or raising false insured events.
    ["detection.overspeed_factor", 115, "expected at most 10"],
    ["detection.overspeed_severe_factor", 140, "expected at most 10"],
    ["detection.free_fall_g", 0, "expected more than 0"],
    ["detection.leveling_tolerance_mm", 2000, "expected at most 200"],
    ["detection.door_open_speed_mps", 30, "expected at most 1"],
    ["detection.entrapment_between_floors_s", 0, "expected at least 1"],
    ["detection.entrapment_at_floor_s", 45000, "expected at most 3600"],
    ["mqtt.heartbeat_s", 3600000, "expected at most 86400"],
    ["sampling.poll_interval_ms", 20000, "expected at most 1000"],
    ["lift.rated_speed_mps", 0.001, "expected at least 0.05"],
    // Accepted, it made each of run's steps endless: no signal stopped the box.
    ["simulation.speed", 1000000000, "expected at most 10000"],
  ])("refuses %s: %s (%s)", (key, value, expected) => {
    const [section, name] = key.split(".");
    expect(parse(`${section}:\n  ${name}: ${value}\n`)).toThrow(`box.yaml:2: ${key}: ${expected} (got ${value})`);
  });

  // A cross-check of the presence sensor's hold time against it had refused these (0a1a39b).
  it("takes an at-floor entrapment delay at or below the presence sensor's hold time", () => {
    const file = join(mkdtempSync(join(tmpdir(), "liftwatch-config-")), "box.yaml");
    writeFileSync(file, "detection:\n  entrapment_at_floor_s: 15\n");
    expect(loadConfig(file).detection.entrapment_at_floor_s).toBe(15);
  });

  it("takes 0 where it means none: no checkpoint counted by events", () => {
    expect(parse("journal:\n  checkpoint_every: 0\n")().journal.checkpoint_every).toBe(0);
  });

  it("takes every numeric setting's default within its own range", () => {
    const text = stringify(defaultConfig());
    expect(() => parseYamlText(text, "defaults.yaml", configSchema)).not.toThrow();
  });

  it("refuses an unknown key and suggests the nearest", () => {
    expect(parse("mqtt:\n  keepalive: 30\n")).toThrow(/^box\.yaml:2: mqtt\.keepalive: unknown key \(did you mean "keepalive_s"\?\)/);
    expect(parse("colour: red\n")).toThrow(/^box\.yaml:1: colour: unknown key \(expected one of: .*detection/);
  });

  it("reports broken YAML with its line", () => {
    expect(parse("lift:\n  rated_speed_mps: [1,\n")).toThrow(/^box\.yaml:\d+: not valid YAML/);
  });

  // A review helper's field-engineer slips, all accepted: a rated speed in km/h, zones typed in mm
  // or wider than the floors, one landing.
  it("refuses a lift no building has: overlapping zones, one landing, a rated speed past any lift's", () => {
    const problems = (text: string) => {
      const folder = mkdtempSync(join(tmpdir(), "liftwatch-config-"));
      const file = join(folder, "box.yaml");
      writeFileSync(file, text);
      const checked = CheckedFile.read(file, "configuration");
      crossCheckSettings(checked);
      return checked.lines().map((line) => line.slice(file.length));
    };
    expect(problems("lift:\n  landings_m: [0, 3.2, 6.4]\n  door_zone_half_m: 200\n")).toEqual([
      ":3: lift.door_zone_half_m: expected less than half the smallest distance between landings (3.2 m): the zones would overlap (got 200)",
    ]);
    expect(problems("lift:\n  landings_m: [0, 3.2, 6.4]\n  door_zone_half_m: 1.6\n")).toHaveLength(1);
    expect(problems("lift:\n  landings_m: [0, 3.2, 6.4]\n  door_zone_half_m: 0.2\n")).toEqual([]);
    expect(problems("lift:\n  landings_m: [0]\n")).toEqual([":2: lift.landings_m: expected at least 2 landings, or none while they are not known (got 1)"]);
    expect(parse("lift:\n  rated_speed_mps: 100\n")).toThrow(/^box\.yaml:2: lift\.rated_speed_mps: expected at most 25 \(got 100\)$/);
    // 150,000 landings overflowed config check's stack.
    expect(parse(`lift:\n  landings_m: [${Array.from({ length: 600 }, (_, index) => index * 3).join(", ")}]\n`)).toThrow(/^box\.yaml:2: lift\.landings_m: expected at most 500 items/);
    // Landings in mm: a 14 km shaft.
    expect(parse("lift:\n  landings_m: [0, 3500, 7000]\n")).toThrow(/^box\.yaml:2: lift\.landings_m\.1: expected at most 1000 \(got 3500\)$/);
  });
});

