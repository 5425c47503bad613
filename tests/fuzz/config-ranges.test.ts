/**
 * Every numeric setting at the edges of its range: the box runs a scenario on it without a
 * throw and says nothing that is not a finite number. A range is only as good as what the
 * firmware does at its ends (a poll interval of 0 ms, which the schema took until December,
 * spun the virtual clock for ever).
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../firmware/config/input-error.ts";
import { jsonSchemaOf } from "../../firmware/config/json-schema.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

interface NumberSchema {
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  type?: string;
}

/**
 * Sections a simulated box's run does not read (no link, journal, page or pacing: runScenario):
 * their edges are the MQTT, journal and CLI tests' to try, not this one's.
 */
const notRunHere = new Set(["device", "mqtt", "journal", "security", "commissioning", "simulation"]);

/** Each numeric setting with a default, and the values at the ends of its range (an open end: a tenth of the way in from it towards the default). */
function edgesOfEveryNumber(): [string, number][] {
  const cases: [string, number][] = [];
  const walk = (node: { properties?: Record<string, NumberSchema & { properties?: unknown }> }, path: string[]) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (path.length === 0 && notRunHere.has(key)) continue;
      if (child.properties) walk(child as typeof node, [...path, key]);
      else if (typeof child.default === "number") for (const value of edgesOf(child, child.default)) cases.push([[...path, key].join("."), value]);
    }
  };
  walk(jsonSchemaOf("configuration") as typeof walk extends (node: infer Node, path: string[]) => void ? Node : never, []);
  return cases;
}

function edgesOf(range: NumberSchema, defaultValue: number): number[] {
  const whole = range.type === "integer";
  const inward = (edge: number) => (whole ? Math.round(edge + (defaultValue - edge) / 10) : edge + (defaultValue - edge) / 10);
  const low = range.minimum ?? (range.exclusiveMinimum === undefined ? undefined : inward(range.exclusiveMinimum));
  // The largest safe integer is no range of ours, only zod's bound on an integer.
  const high = range.maximum !== undefined && range.maximum <= 1e6 ? range.maximum : range.exclusiveMaximum === undefined ? undefined : inward(range.exclusiveMaximum);
  return [low, high].filter((value): value is number => value !== undefined && value !== defaultValue);
}

/** The delays an insured event's evidence history must outlast (cross-checks.ts). */
const delaysInTheHistory = new Set(["detection.entrapment_between_floors_s", "detection.entrapment_at_floor_s", "detection.stopped_outside_door_zone_s"]);

/** A delay with the evidence history a box needs beside it: the delay is what is tried, not the history. */
function roomFor(key: string, value: number): Record<string, unknown> {
  return delaysInTheHistory.has(key) ? { journal: { evidence_history_s: value + 70 } } : {};
}

function settingAt(key: string, value: number): Record<string, unknown> {
  const [section, ...rest] = key.split(".");
  return rest.length === 0 ? { [section]: value } : { [section]: settingAt(rest.join("."), value) };
}

/** Every number in a value, with where it is: the first that is not finite. */
function firstNonFinite(value: unknown, where = ""): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${where} = ${value}`;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = firstNonFinite(inner, `${where}.${key}`);
    if (found) return found;
  }
  return undefined;
}

const edges = edgesOfEveryNumber();

describe("every numeric setting at the edges of its range", () => {
  it("has ends to try: every quantity is bounded below", () => {
    expect(new Set(edges.map(([key]) => key)).size).toBeGreaterThan(110);
  });

  // A trip with an insured overspeed on a box with every sensor but the barometer, and a
  // barometer-only day: between them every estimator and detector runs.
  // A setting another must agree with (cross-checks.ts: an overspeed factor of 10 past the
  // severe level's 1.4) is refused in one line naming it, as a box refuses to start on it.
  it.each(edges)("%s = %s: the box runs and says only finite numbers, or refuses it by name", (key, value) => {
    for (const [name, seconds] of [["overspeed", 120], ["tower-barometer-day", 240]] as const) {
      const scenario = loadScenario(name);
      scenario.duration_s = seconds;
      const config = { ...settingAt(key, value), ...roomFor(key, value) };
      let run: ReturnType<typeof runScenario>;
      try {
        run = runScenario(scenario, { config });
      } catch (error) {
        expect(error, `${name}`).toBeInstanceOf(InputError);
        expect((error as Error).message).toMatch(new RegExp(`^scenario ${name}: [^\\n]*${key.replaceAll(".", "\\.")}`));
        continue;
      }
      expect(firstNonFinite({ envelopes: run.envelopes, trips: run.trips, records: run.records }), `${name}`).toBeUndefined();
    }
  });
});
