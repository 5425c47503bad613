import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configSchema, defaultConfig } from "../../firmware/config/schema.ts";
import { parseYamlText } from "../../firmware/config/yaml-file.ts";

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

  it("refuses an unknown key and suggests the nearest", () => {
    expect(parse("mqtt:\n  keepalive: 30\n")).toThrow(/^box\.yaml:2: mqtt\.keepalive: unknown key \(did you mean "keepalive_s"\?\)/);
    expect(parse("colour: red\n")).toThrow(/^box\.yaml:1: colour: unknown key \(expected one of: .*detection/);
  });

  it("reports broken YAML with its line", () => {
    expect(parse("lift:\n  rated_speed_mps: [1,\n")).toThrow(/^box\.yaml:\d+: not valid YAML/);
  });
});
