/**
 * `liftwatch replay` as outside tools use it (../shared/spec/trace-format.md): good traces
 * give JSON lines, bad ones one line on stderr, a non-zero exit and no output file.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";
import { liftwatch, liftwatchBin } from "../support/cli.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-replay-"));

function traceFile(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

const goodRows = "t,az,door_closed\n0,9.81,1\n0.01,9.81,\n0.02,9.80,1\n";

describe("liftwatch replay: bad traces", () => {
  const cases: [string, string, RegExp][] = [
    ["unknown column", "t,az,humidity\n0,9.8,40\n", /bad\.csv:1: unknown column "humidity"/],
    ["non-numeric cell", "t,az\n0,9.8\n0.01,nine\n", /bad\.csv:3: column "az": "nine" is not a number/],
    ["t going backwards", "# rated_speed_mps: 1\nt,az\n0,9.8\n0.02,9.8\n0.01,9.8\n", /bad\.csv:5: t goes backwards/],
    ["a short row", "t,ax,ay,az\n0,0,0,9.8\n0.01,0,9.8\n", /bad\.csv:3: 3 cells, expected 4/],
    ["a door contact that is not 0 or 1", "t,door_closed\n0,1\n1,2\n", /bad\.csv:3: column "door_closed": 2 \(expected 0 or 1\)/],
    ["no t column", "ax,ay,az\n0,0,9.8\n", /bad\.csv:1: no "t" column/],
    ["bad metadata", "# landings_m: 0,three,6\nt,az\n0,9.8\n", /bad\.csv:1: metadata landings_m/],
    ["landings out of order", "# site: test\n# landings_m: 0,3.2,3.0\nt,az\n0,9.8\n", /^liftwatch: \S*bad\.csv:2: metadata landings_m: expected heights rising from the bottom landing, each above the one before \(got 3 after 3\.2\)\n$/],
    ["a door zone of no height", "# landings_m: 0,3\n# door_zone_half_m: 0\nt,az\n0,9.8\n", /^liftwatch: \S*bad\.csv:2: metadata door_zone_half_m: expected more than 0 \(got 0\)\n$/],
    ["a start landing that is no index", "# landings_m: 0,3\n# start_landing: 0.5\nt,az\n0,9.8\n", /^liftwatch: \S*bad\.csv:2: metadata start_landing: expected a whole number \(got 0\.5\)\n$/],
    // A field engineer's: zones that overlap (a half height in mm) read every stop metres off its landing; landings in mm a 14 km shaft.
    ["a door zone wider than the floors", "# landings_m: 0,3.5,7\n# door_zone_half_m: 5\nt,az\n0,9.8\n", /^liftwatch: \S*bad\.csv:2: metadata door_zone_half_m: expected less than half the smallest distance between landings \(3\.5 m\): the zones would overlap \(got 5\)\n$/],
    ["landings too close for the default zone", "# landings_m: 0,0.1,0.2\nt,az\n0,9.8\n", /^liftwatch: \S*bad\.csv:1: metadata door_zone_half_m: expected less than half the smallest distance between landings \(0\.1 m\): the zones would overlap \(got 0\.2\) \(the default, as the metadata gives none\)\n$/],
    // A field engineer's: it had read as a row of 1 cell.
    ["a metadata line after the header", "t,az\n0,9.8\n# site: x\n0.01,9.8\n", /^liftwatch: \S*bad\.csv:3: a metadata line after the header row \(expected every "# key: value" line before it\)\n$/],
    // A field engineer's trace in g lost every trip, silently.
    ["accelerations in g", "t,ax,ay,az\n0,0.01,0,1\n0.01,0,0.01,0.99\n0.02,0,0,1.01\n", /^liftwatch: \S*bad\.csv:1: the accelerometer's readings are about 1 at rest: in g, where a trace's are in m\/s² \(gravity included, about 9\.81\)\n$/],
    ["landings in mm", "# landings_m: 0,3500,7000\nt,az\n0,9.8\n", /^liftwatch: \S*bad\.csv:1: metadata landings_m\.1: expected at most 1000 \(got 3500\)\n$/],
    ["no rows", "t,az\n", /bad\.csv:1: no sample rows/],
    // Written raw, a CR sent the terminal's cursor back over the file's name, and a NUL ended the line for some readers.
    ["a carriage return or a NUL in a cell", "t,az\n0,9.\r8\u0000\n", /^liftwatch: \S*bad\.csv:2: column "az": "9\.\\r8\\u0000" is not a number\n$/],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what} with one line naming the place, and writes no output`, async () => {
      const out = join(folder, `out-${what.replace(/\W+/g, "-")}.jsonl`);
      const result = await liftwatch(["replay", traceFile("bad.csv", text), "--out", out]);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  // A review helper's: a drop test whose slowed fall at 0.1 g (0.98 m/s²) fills most of the trace is in m/s², its rest near 9.81.
  it("takes a trace in m/s² whose readings are mostly near 1, where some are near gravity", async () => {
    const rows = [...Array.from({ length: 10 }, (_, index) => `${index * 0.01},0,0,9.81`), ...Array.from({ length: 50 }, (_, index) => `${0.1 + index * 0.01},0,0,0.98`)];
    const result = await liftwatch(["replay", traceFile("drop.csv", `t,ax,ay,az\n${rows.join("\n")}\n`)]);
    expect(result.code, result.stderr).toBe(0);
  });

  it("rejects a missing file and an unknown option", async () => {
    const missing = await liftwatch(["replay", join(folder, "nope.csv")]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope\.csv: cannot read the trace \(no such file\)/);
    const option = await liftwatch(["replay", traceFile("good.csv", goodRows), "--frobnicate"]);
    expect(option.code).not.toBe(0);
    expect(option.stderr.trim()).toMatch(/unknown option '--frobnicate'/);
  });

  it("rejects a bad --config naming the file, line and key, with a suggestion", async () => {
    const config = join(folder, "box.yaml");
    writeFileSync(config, "detection:\n  entrapment_between_flors_s: 20\n");
    const result = await liftwatch(["replay", traceFile("good.csv", goodRows), "--config", config]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/box\.yaml:2: detection\.entrapment_between_flors_s: unknown key \(did you mean "entrapment_between_floors_s"\?\)/);
  });
});

describe("liftwatch replay: a simulated trapping, recorded as a trace", () => {
  it("raises the same entrapment the simulated box raised, at the configured delay", async () => {
    const file = traceFile("between-floors.csv", scenarioTrace(loadScenario("between-floors")));
    const out = join(folder, "events.jsonl");
    const result = await liftwatch(["replay", file, "--out", out]);
    expect(result.code).toBe(0);
    const records = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    for (const record of records) {
      expect(typeof record.type).toBe("string");
      expect(typeof record.t).toBe("number");
      expect(typeof record.onset).toBe("number");
    }
    const entrapments = records.filter((record) => record.type === "entrapment");
    expect(entrapments).toHaveLength(1);
    expect(entrapments[0].kind).toBe("between_floors");
    expect(entrapments[0].t - entrapments[0].onset).toBeCloseTo(30, 1);
    expect(records.filter((record) => record.type === "stopped_outside_door_zone")).toHaveLength(1);
    const trips = records.filter((record) => record.type === "trip");
    expect(trips.length).toBeGreaterThanOrEqual(3);
    expect(trips[0]).toMatchObject({ direction: "up" });
    expect(trips).toContainEqual(expect.objectContaining({ direction: "up", from_landing: 2, to_landing: 6 }));
  });
});

describe("liftwatch replay: an entrapment the box could not place in a zone", () => {
  // Without a door-zone sensor the stall above the top landing cannot be placed: the firmware's
  // kind is `unknown`, which the contract does not have (it had been written as it was).
  it("is written between floors, the zone said unknown, as the contract's kinds allow", async () => {
    const scenario = loadScenario("overtravel");
    scenario.box.door_zone_sensor = false;
    const file = traceFile("overtravel-zoneless.csv", scenarioTrace(scenario));
    const result = await liftwatch(["replay", file]);
    expect(result.code).toBe(0);
    const records = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const entrapments = records.filter((record) => record.type === "entrapment");
    expect(entrapments).toHaveLength(1);
    expect(entrapments[0]).toMatchObject({ kind: "between_floors", zone: "unknown" });
  });
});

// A review helper piped replay into `head -1`: the records written after head had gone ended in
// an unhandled EPIPE's stack trace and exit 1.
describe("liftwatch replay: a reader that stops reading", () => {
  it("ends quietly, exit 0, when its output is closed early", async () => {
    const rows = ["t,az,alarm"];
    for (let second = 0; second < 20_000; second++) rows.push(`${second},9.81,${second % 2}`, `${second + 0.5},9.81,`);
    const file = traceFile("many-alarms.csv", `${rows.join("\n")}\n`);
    const child = spawn(process.execPath, [liftwatchBin, "replay", file], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });
});
