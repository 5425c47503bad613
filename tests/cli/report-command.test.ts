/**
 * `liftwatch report ride-quality` and `liftwatch report maintenance`, run as a field engineer
 * would: on a trace the simulator exported, on a journal `liftwatch run` wrote, and on bad
 * input (one line, exit 2, nothing written).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { TripMessage } from "../../protocols/contract.ts";
import type { MotionSample } from "../../firmware/pipeline.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { tripProfile } from "../../firmware/quality/trip-profile.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { liftwatch } from "../support/cli.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-report-"));

let demoTraceExport: Promise<string> | undefined;
/** The demo scenario exported as a trace by `liftwatch sim --trace`, once for the file. */
function demoTrace(): Promise<string> {
  demoTraceExport ??= (async () => {
    const trace = join(folder, "demo.csv");
    const exported = await liftwatch(["sim", "demo", "--trace", trace, "--out", join(folder, "demo.jsonl")]);
    expect(exported.code).toBe(0);
    return trace;
  })();
  return demoTraceExport;
}

/** Table column → trip-record field, as the report prints them. */
const metricFields: Record<string, string> = {
  max_acc: "max_acceleration_mps2",
  A95_acc: "a95_acceleration_mps2",
  max_dec: "max_deceleration_mps2",
  A95_dec: "a95_deceleration_mps2",
  max_jerk: "max_jerk_mps3",
  "vert_vib_pk-pk": "vertical_vibration_peak_to_peak_mps2",
  vert_vib_A95: "vertical_vibration_a95_mps2",
  "horiz_vib_pk-pk": "horizontal_vibration_peak_to_peak_mps2",
  horiz_vib_A95: "horizontal_vibration_a95_mps2",
};

/** The table's trip rows as column → cell. */
function tableRows(stdout: string): Record<string, string>[] {
  const lines = stdout.split("\n");
  const headerAt = lines.findIndex((line) => line.startsWith("trip "));
  expect(headerAt).toBeGreaterThanOrEqual(0);
  const header = lines[headerAt].trim().split(/\s+/);
  return lines
    .slice(headerAt + 2)
    .filter((line) => /^\d+\s/.test(line))
    .map((line) => Object.fromEntries(line.trim().split(/\s+/).map((cell, index) => [header[index], cell])));
}

/** The points of each line mark Vega drew, by the order of the panels. */
function linePaths(svg: string): number[] {
  const marks = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*\sd="([^"]+)"/g)];
  return marks.map((mark) => mark[1].split(/[ML]/).filter((point) => point.trim() !== "").length);
}

describe("liftwatch report ride-quality on a trace exported from a scenario", () => {
  const out = join(folder, "demo-plots");
  let stdout = "";
  let simulatedTrips: TripMessage[] = [];

  beforeAll(async () => {
    const trace = await demoTrace();
    // What the simulated box itself published for the same scenario and seed.
    simulatedTrips = runScenario(loadScenario("demo")).trips;
    const result = await liftwatch(["report", "ride-quality", trace, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    stdout = result.stdout;
  }, 60_000);

  it("lists the scenario's trips with the ISO 18738 metrics of the trip records", () => {
    const rows = tableRows(stdout);
    expect(simulatedTrips.length).toBeGreaterThan(1);
    expect(rows).toHaveLength(simulatedTrips.length);
    expect(stdout).toMatch(/\(m\/s²\).*\(m\/s³\)/);
    rows.forEach((row, index) => {
      const trip = simulatedTrips[index];
      expect(row.dir).toBe(trip.direction);
      expect(Number(row.distance)).toBeCloseTo(trip.distance_m, 1);
      expect(Math.abs(Number(row.peak_speed) - trip.max_speed_mps)).toBeLessThan(0.03);
      const quality = trip.ride_quality as Record<string, number>;
      expect(quality).toBeDefined();
      for (const [column, field] of Object.entries(metricFields)) {
        // The trace rounds the samples to 0.1 mm/s²; the box computed from the unrounded ones.
        const tolerance = 0.03 + 0.05 * Math.abs(quality[field]);
        expect(Math.abs(Number(row[column]) - quality[field]), `trip ${index + 1} ${column}`).toBeLessThan(tolerance);
      }
    });
  });

  it("writes a plot per trip with its acceleration, speed and position, and one of the metrics across trips", () => {
    const rows = tableRows(stdout);
    rows.forEach((row, index) => {
      const file = join(out, `trip-${String(index + 1).padStart(3, "0")}.svg`);
      expect(existsSync(file), file).toBe(true);
      const svg = readFileSync(file, "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      // Above the lowest landing when the trip left a known landing, else from where it began.
      const position = row.landings.startsWith("?") ? "position from the trip's start (m)" : "position above the lowest landing (m)";
      for (const title of ["vertical acceleration (m/s²)", "speed (m/s)", position]) expect(svg).toContain(title);
      const paths = linePaths(svg);
      expect(paths).toHaveLength(3);
      // Each line is labelled with the series it draws.
      for (const series of ["vertical acceleration (m/s²): ", "speed (m/s): ", `${position}: `]) expect(svg).toContain(series);
      // The demo's accelerometer runs at 100 Hz: at least half its samples over the trip are drawn.
      const duration = simulatedTrips[index].ride_quality!.duration_s as number;
      for (const points of paths.slice(0, 2)) expect(points).toBeGreaterThan(duration * 100 * 0.5);
      expect(stdout).toContain(file);
    });
    const metrics = readFileSync(join(out, "metrics-over-trips.svg"), "utf8");
    expect(metrics).toContain("max jerk (m/s³)");
    expect(linePaths(metrics).length).toBeGreaterThanOrEqual(Object.keys(metricFields).length);
  });
});

describe("a trip's profile: speed and position integrated from the vertical acceleration", () => {
  it("gives the speed and travel of a known acceleration profile, with an accelerometer offset taken out", () => {
    // 1 s at +1 m/s², 2 s at constant 1 m/s, 1 s at -1 m/s²: 3 m up; every sample read 0.02 m/s² high.
    const samples = Array.from({ length: 601 }, (_, index) => {
      const t = index / 100 - 1;
      const acceleration = t > 0 && t <= 1 ? 1 : t > 3 && t <= 4 ? -1 : 0;
      return { t, vertical_mps2: acceleration + 0.02 };
    });
    const profile = tripProfile(samples, 0, 4, 1, 3.5);
    expect(profile[0]).toMatchObject({ time_s: -1, speed_mps: 0, position_m: 3.5 });
    expect(Math.max(...profile.map((point) => point.speed_mps))).toBeCloseTo(1, 1);
    expect(profile.at(-1)!.speed_mps).toBe(0);
    expect(profile.at(-1)!.position_m - 3.5).toBeCloseTo(3, 1);
  });

  it("travels the trip record's distance on the replayed demo trace", async () => {
    const file = await demoTrace();
    const trace = parseTrace(readFileSync(file, "utf8"), file);
    const samples: MotionSample[] = [];
    const trips = replayTrace(trace, configFromMetadata(trace, file), (sample) => samples.push(sample)).filter((record) => record.type === "trip");
    expect(trips.length).toBeGreaterThan(1);
    for (const trip of trips) {
      const profile = tripProfile(samples, trip.start as number, trip.end as number, 0);
      const travel = Math.abs(profile.at(-1)!.position_m - profile[0].position_m);
      expect(travel).toBeGreaterThan((trip.integrated_distance_m as number) * 0.95);
      expect(travel).toBeLessThan((trip.integrated_distance_m as number) * 1.05);
      expect(Math.max(...profile.map((point) => Math.abs(point.speed_mps)))).toBeCloseTo(trip.max_speed_mps as number, 1);
    }
  });
});

describe("liftwatch report on a journal written by liftwatch run", () => {
  const journal = join(folder, "run-journal.db");
  let maintenance = "";

  beforeAll(async () => {
    // An alarm press, a visit on the inspection switch, then a door that will not close and
    // an accelerometer that stops answering for 3 s.
    const scenario = join(folder, "visit.yaml");
    writeFileSync(
      scenario,
      [
        "name: report-visit",
        'description: "alarm, maintenance visit, then a door fault and a sensor fault"',
        "duration_s: 200",
        "seed: 7",
        "building:",
        "  landings_m: [0, 3.5, 7.0, 10.5, 14.0]",
        "box:",
        "  mount: { roll_deg: 0, pitch_deg: 5, yaw_deg: 0 }",
        "  accelerometer_hz: 100",
        "  noise_mps2: 0.03",
        "passengers:",
        "  - { at: 2, from: 0, to: 3 }",
        "  - { at: 70, from: 3, to: 1 }",
        "faults:",
        "  - { at: 16, kind: alarm_press, hold_s: 2 }",
        "  - { at: 27, kind: inspection, duration_s: 10 }",
        "  - { at: 60, kind: door_fault, door: fails_to_close, attempts: 6 }",
        "  - { at: 100, kind: bus_fault, device: accelerometer, fault: nack, duration_s: 3 }",
        "",
      ].join("\n"),
    );
    const config = join(folder, "box.yaml");
    writeFileSync(config, `simulation:\n  scenario: ${scenario}\n  speed: 50\nmqtt:\n  reconnect_s: 0.2\n  heartbeat_s: 20\njournal:\n  file: ${journal}\n`);
    // Runs until the second trip (about 120 s of lift time) is journaled, then stops as an operator would.
    const run = await liftwatch(["run", "--config", config, "--broker", "mqtt://127.0.0.1:1"], { stopAfterMs: 12_000 });
    expect(run.stdout).toMatch(/event sensor_fault/);
    const result = await liftwatch(["report", "maintenance", journal]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    maintenance = result.stdout;
  }, 60_000);

  it("shows the usage counters the box last journaled", () => {
    const counters = /usage counters \(as of (\S+), boot 1\): trips (\d+), door cycles (\d+), run hours ([\d.]+) h, distance ([\d.]+) m, rope bends ([\d.]+)/.exec(maintenance);
    expect(counters, maintenance).not.toBeNull();
    const [, , trips, doorCycles, runHours, distance, bends] = counters!.map(Number);
    expect(trips).toBeGreaterThanOrEqual(1);
    expect(doorCycles).toBeGreaterThanOrEqual(1);
    expect(runHours).toBeGreaterThan(0);
    // The first trip alone goes from landing 0 to landing 3.
    expect(distance).toBeGreaterThanOrEqual(10.5 - 0.05);
    expect(bends).toBeGreaterThan(0);
  });

  it("finds the visit and lists the faults since it, not what came before", () => {
    expect(maintenance).toMatch(/last maintenance visit: \S+ \(event \d+, left \S+ after 10 s\)/);
    expect(maintenance).toMatch(/usage since the visit: trips \d+, door cycles [1-9]\d*/);
    // Counted from a status journaled as the visit began: not from the heartbeat before it (at
    // 20 s), which came before the first trip was counted (at about 25 s; the visit at 27 s).
    const counted = Number(/usage since the visit: trips (\d+)/.exec(maintenance)![1]);
    expect(counted).toBe(Number(/trips since the visit \(trip records kept\): (\d+)/.exec(maintenance)![1]));
    expect(maintenance).toMatch(/faults and insured events since the visit: 2\n/);
    expect(maintenance).toMatch(/#\d+\s+door_fault\s+kind=fails_to_close/);
    expect(maintenance).toMatch(/#\d+\s+sensor_fault\s+.*sensor=accelerometer.*recovered \S+/);
    expect(maintenance).not.toMatch(/alarm_button/);
  });

  it("takes --since a date instead of the visit", async () => {
    const sensorFaultAt = /(\S+)\s+#\d+\s+sensor_fault/.exec(maintenance)![1];
    const result = await liftwatch(["report", "maintenance", journal, "--since", sensorFaultAt]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/faults and insured events since \S+: 1\n/);
    expect(result.stdout).not.toMatch(/door_fault/);
  });

  it("reports the trips' ride quality from the journal, with the metrics across trips", async () => {
    const out = join(folder, "journal-plots");
    const result = await liftwatch(["report", "ride-quality", journal, "--out", out]);
    expect(result.code).toBe(0);
    const rows = tableRows(result.stdout);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ dir: "up", landings: "0→3" });
    expect(Number(rows[0].max_acc)).toBeGreaterThan(0.3);
    expect(readFileSync(join(out, "metrics-over-trips.svg"), "utf8")).toContain("max jerk (m/s³)");
  });

  /** A box on the same journal, running two rides and nothing else, with a heartbeat every `heartbeatS`. */
  const ridesConfig = (heartbeatS: number) => {
    const scenario = join(folder, "rides.yaml");
    writeFileSync(
      scenario,
      ["name: report-rides", 'description: "two rides, nothing else"', "duration_s: 200", "seed: 8", "building:", "  landings_m: [0, 3.5, 7.0, 10.5, 14.0]", "box:", "  accelerometer_hz: 100", "passengers:", "  - { at: 2, from: 0, to: 3 }", "  - { at: 40, from: 3, to: 1 }", ""].join("\n"),
    );
    const config = join(folder, `rides-${heartbeatS}.yaml`);
    writeFileSync(config, `simulation:\n  scenario: ${scenario}\n  speed: 50\nmqtt:\n  reconnect_s: 0.2\n  heartbeat_s: ${heartbeatS}\njournal:\n  file: ${journal}\n`);
    return config;
  };

  // Last in this block, these two boot the box again on the journal the others read.
  it("after a reboot the counters carry on from the last boot's, and usage since the visit spans the boots", async () => {
    const trips = (text: string, line: RegExp) => Number(line.exec(text)?.[1]);
    const firstTrips = trips(maintenance, /usage counters \(as of \S+, boot 1\): trips (\d+)/);
    const baselineTrips = firstTrips - trips(maintenance, /usage since the visit: trips (\d+)/);
    // Boot 2 runs passengers only: the last visit stays the one in boot 1.
    const run = await liftwatch(["run", "--config", ridesConfig(5), "--broker", "mqtt://127.0.0.1:1"], { stopAfterMs: 12_000 });
    // Saved at the clean stop too: at least what boot 1's last heartbeat said.
    const carried = trips(run.stdout, /usage counters carried on from the journal \(counted since boot 1\): trips (\d+)/);
    expect(carried, run.stdout).toBeGreaterThanOrEqual(firstTrips);
    const result = await liftwatch(["report", "maintenance", journal]);
    expect(result.code).toBe(0);
    const latest = trips(result.stdout, /usage counters \(as of \S+, boot 2\): trips (\d+)/);
    // Boot 2's first ride is counted on top.
    expect(latest, result.stdout).toBeGreaterThan(carried);
    expect(trips(result.stdout, /usage since the visit: trips (\d+)/), result.stdout).toBe(latest - baselineTrips);
  }, 60_000);

  it("with no heartbeat in a run, what it counted is saved with each trip and at its clean stop", async () => {
    const run = await liftwatch(["run", "--config", ridesConfig(3600), "--broker", "mqtt://127.0.0.1:1"], { stopAfterMs: 12_000 });
    const carried = /usage counters carried on from the journal \(counted since boot \d\): trips (\d+), door cycles (\d+)/.exec(run.stdout);
    expect(carried, run.stdout).not.toBeNull();
    const ridden = run.stdout.match(/^ {2}trip /gm)?.length ?? 0;
    expect(ridden).toBe(2);
    const database = new Database(journal, { readonly: true });
    const saved = JSON.parse(database.prepare("SELECT value FROM meta WHERE key = 'usage_counters'").pluck().get() as string);
    database.close();
    expect(saved.trips).toBe(Number(carried![1]) + ridden);
    // Each ride's door opens to let its passenger in and out; the last closes after the last trip is saved.
    expect(saved.door_cycles).toBe(Number(carried![2]) + 2 * ridden);
  }, 60_000);
});

describe("liftwatch report: bad input is one line and exit 2, with nothing written", () => {
  const expectOneLine = (result: { code: number | null; stderr: string; stdout: string }, message: RegExp) => {
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  };

  it("a missing file", async () => {
    const missing = join(folder, "nowhere.csv");
    expectOneLine(await liftwatch(["report", "ride-quality", missing, "--out", join(folder, "never")]), /nowhere\.csv: cannot read the trace \(no such file\)/);
    expectOneLine(await liftwatch(["report", "maintenance", join(folder, "nowhere.db")]), /nowhere\.db: cannot read the journal \(no such file\)/);
    expect(existsSync(join(folder, "never"))).toBe(false);
  });

  it("a file that is not a trace", async () => {
    const notATrace = join(folder, "notes.txt");
    writeFileSync(notATrace, "lift 3 sounded odd on Tuesday\n");
    expectOneLine(await liftwatch(["report", "ride-quality", notATrace, "--out", join(folder, "never")]), /notes\.txt:1: unknown column "lift 3 sounded odd on Tuesday"/);
    expect(existsSync(join(folder, "never"))).toBe(false);
  });

  it("a journal that cannot be read: damaged, another database, or not SQLite", async () => {
    const damaged = join(folder, "damaged.db");
    writeFileSync(damaged, Buffer.concat([Buffer.from("SQLite format 3\u0000"), Buffer.alloc(4096, 0x5a)]));
    expectOneLine(await liftwatch(["report", "maintenance", damaged]), /damaged\.db: not a readable journal/);
    expectOneLine(await liftwatch(["report", "ride-quality", damaged, "--out", join(folder, "never")]), /damaged\.db: not a readable journal/);

    const other = join(folder, "other.db");
    const database = new Database(other);
    database.exec("CREATE TABLE recipes (name TEXT)");
    database.close();
    expectOneLine(await liftwatch(["report", "maintenance", other]), /other\.db: not a liftwatch journal \(no events, event_bodies, telemetry, meta table\)/);

    const csv = join(folder, "trace-not-journal.csv");
    writeFileSync(csv, "t,az\n0,9.81\n");
    expectOneLine(await liftwatch(["report", "maintenance", csv]), /trace-not-journal\.csv: not a readable journal \(file is not a database\)/);
    expect(existsSync(join(folder, "never"))).toBe(false);
  });

  it("a --since that is not a date, or a format it does not know", async () => {
    const csv = join(folder, "trace-not-journal.csv");
    expectOneLine(await liftwatch(["report", "maintenance", csv, "--since", "last tuesday"]), /--since: "last tuesday" is not an ISO 8601 date/);
    expectOneLine(await liftwatch(["report", "ride-quality", csv, "--format", "gif"]), /--format: "gif" \(expected svg or png\)/);
  });
});
