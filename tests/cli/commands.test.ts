/**
 * The commands a newcomer runs: `sim` (as fast as possible, JSON lines) and `start` (the
 * live demo on the embedded broker, with the reference receiver as the platform), `run`,
 * `export` and `verify`.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractViolation } from "../../protocols/contract.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";
import { liftwatch } from "../support/cli.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-cli-"));

describe("liftwatch sim", () => {
  it("lists the built-in scenarios", async () => {
    const result = await liftwatch(["sim", "--list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^normal-hour\s/m);
    expect(result.stdout).toMatch(/^between-floors\s/m);
  });

  it("writes every published envelope as JSON lines", async () => {
    const out = join(folder, "events.jsonl");
    const result = await liftwatch(["sim", "between-floors", "--out", out, "--seed", "5"]);
    expect(result.code).toBe(0);
    const envelopes = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(envelopes.map((envelope) => envelope.type)).toEqual(["entrapment", "stopped_outside_door_zone"]);
    for (const envelope of envelopes) expect(contractViolation("EventEnvelope", envelope)).toBeUndefined();
  });

  it("writes with --trace, as the scenario runs, the trace scenarioTrace makes whole", async () => {
    const trace = join(folder, "trace.csv");
    const result = await liftwatch(["sim", "between-floors", "--trace", trace, "--seed", "5", "--out", join(folder, "traced.jsonl")]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(trace, "utf8");
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(text).toBe(scenarioTrace(loadScenario("between-floors"), 5));
  });

  // The simulated box is told its scenario's lift: a configuration saying another was overruled silently.
  it("refuses a --config whose lift is not the scenario's, naming the line, and takes one that agrees", async () => {
    const config = join(folder, "other-lift.yaml");
    writeFileSync(config, "detection:\n  entrapment_between_floors_s: 20\nlift:\n  landings_m: [0, 3, 6]\n");
    const out = join(folder, "other-lift.jsonl");
    const refused = await liftwatch(["sim", "between-floors", "--config", config, "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^liftwatch: \S*other-lift\.yaml:4: lift\.landings_m: \[0,3,6\] is not the scenario's building\.landings_m \(\[[\d.,]+\]\); a simulated box is told its scenario's lift/);
    expect(existsSync(out)).toBe(false);
    // The scenario's own lift, and defaults written out (config defaults: no landings, start at 0), are taken.
    const landings = loadScenario("between-floors").building.landings_m;
    for (const lift of [`landings_m: [${landings.join(", ")}]`, "landings_m: []\n  start_landing: 0\n  door_zone_half_m: 0.2"]) {
      writeFileSync(config, `detection:\n  entrapment_between_floors_s: 20\nlift:\n  ${lift}\n`);
      const taken = await liftwatch(["sim", "between-floors", "--config", config, "--out", out, "--seed", "5"]);
      expect(taken.code, taken.stderr).toBe(0);
      expect(readFileSync(out, "utf8")).toMatch(/"type":"entrapment"/);
    }
  });

  // A setting good with the configuration's own lift may not be with the scenario's, which the box is told.
  it("refuses a --config whose settings do not hold together with the scenario's lift, naming the line", async () => {
    const scenario = join(folder, "narrow-zone.yaml");
    writeFileSync(scenario, "name: narrow-zone\nduration_s: 60\nbuilding:\n  landings_m: [0, 3, 6]\n  door_zone_half_m: 0.1\n");
    const config = join(folder, "wide-vane.yaml");
    writeFileSync(config, "mqtt:\n  keepalive_s: 30\ndetection:\n  missed_vane_m: 0.15\n");
    const out = join(folder, "wide-vane.jsonl");
    const refused = await liftwatch(["sim", scenario, "--config", config, "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(`liftwatch: ${config}:4: detection.missed_vane_m: expected less than lift.door_zone_half_m (0.1) (got 0.15)`);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects a bad scenario file naming file, line and key, and writes nothing", async () => {
    const scenario = join(folder, "bad.yaml");
    writeFileSync(scenario, "name: bad\nduration_s: 60\nbuilding:\n  landings_m: [0, 3]\npassengers:\n  - { at: 1, from: 0, to: 7 }\n");
    const out = join(folder, "never.jsonl");
    const result = await liftwatch(["sim", scenario, "--out", out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/bad\.yaml:\d+: passengers\.0\.to: 7 is not one of the 2 landings/);
    expect(existsSync(out)).toBe(false);

    writeFileSync(scenario, "name: bad\nduration_s: -5\nbuilding:\n  landings_m: [0, 3]\n");
    const negative = await liftwatch(["sim", scenario]);
    expect(negative.stderr.trim()).toBe(`liftwatch: ${scenario}:2: duration_s: expected more than 0 (got -5)`);

    // A mount beyond a turn: refused where it is written, as a board's mount is (it had reached the board's check as a raw error).
    writeFileSync(scenario, "name: bad\nduration_s: 60\nbuilding:\n  landings_m: [0, 3]\nbox:\n  mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 400 }\n");
    const turned = await liftwatch(["sim", scenario]);
    expect(turned.code).toBe(2);
    expect(turned.stderr.trim()).toBe(`liftwatch: ${scenario}:6: box.mount.yaw_deg: expected at most 360 (got 400)`);
  });

  it("names the scenarios it knows when asked for one it does not", async () => {
    const result = await liftwatch(["sim", "no-such-scenario"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/no-such-scenario: no such scenario .*between-floors/);
  });
});

describe("liftwatch start", () => {
  it("shows the lift and an entrapment journaled, published, and acknowledged by the platform", async () => {
    const result = await liftwatch(["start", "--speed", "150"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/embedded MQTT broker \(aedes\) on mqtt:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/INSURED EVENT entrapment \(kind=between_floors/);
    expect(result.stdout).toMatch(/platform: stored \S+ seq 1 \(boot 1, entrapment\)/);
    expect(result.stdout).toMatch(/done: 2 event\(s\) published, all acknowledged by the platform/);
  });

  it("refuses an unreachable broker URL that is not a URL, in one line", async () => {
    const result = await liftwatch(["start", "--broker", "not a url"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    // A port no URL has had reached mqtt.js, exit 1, in its own words.
    const port = await liftwatch(["run", "--broker", "mqtt://127.0.0.1:99999"]);
    expect(port.code).toBe(2);
    expect(port.stderr.trim()).toMatch(/^error: option '--broker <url>' argument 'mqtt:\/\/127\.0\.0\.1:99999' is invalid\. .* a port up to 65535\)$/);
  });
});

describe("liftwatch run", () => {
  it("keeps running when the broker is unreachable, says so, and stops cleanly on SIGTERM", async () => {
    const config = join(folder, "box.yaml");
    const journal = join(folder, "run-journal.db");
    writeFileSync(config, `simulation:\n  scenario: between-floors\n  speed: 50\nmqtt:\n  reconnect_s: 0.2\njournal:\n  file: ${journal}\n`);
    const result = await liftwatch(["run", "--config", config, "--broker", "mqtt://127.0.0.1:1"], { stopAfterMs: 8000 });
    expect(result.stdout).toMatch(/broker mqtt:\/\/127\.0\.0\.1:1 unreachable .* events wait in the journal and are sent on reconnect/);
    expect(result.stdout).toMatch(/INSURED EVENT entrapment/);
    const effective = JSON.parse(/^effective configuration: (.*)$/m.exec(result.stdout)![1]);
    expect(effective).toMatchObject({ simulation: { scenario: "between-floors", speed: 50 }, detection: { entrapment_between_floors_s: 30 } });
    // Stopped with events undelivered: they wait in the journal, it says how many, and exits 3
    // (not 1: nothing failed, and the service counts 3 as a clean stop).
    const waiting = /done: (\d+) event\(s\) published, (\d+) waiting in the journal/.exec(result.stdout);
    expect(waiting?.[2]).toBe(waiting?.[1]);
    expect(Number(waiting?.[1])).toBeGreaterThan(0);
    expect(result.code).toBe(3);
    // The next start finds them there, sealed, to send again. Stopped by two signals at once (a
    // process group's and its supervisor's), it still stops cleanly: the second had killed it.
    const again = await liftwatch(["run", "--config", config, "--broker", "mqtt://127.0.0.1:1"], { stopAfterMs: 8000, stopAgainAfterMs: 20 });
    expect(again.stdout).toContain(`boot 2, ${waiting?.[1]} event(s) from earlier boots still to deliver`);
    expect(again.stdout).toMatch(/^done: /m);
    expect(again.code).toBe(3);
  });

  // A TLS file named but not there had stopped the box with Node's own words and exit 1 (a review helper's finding).
  it("refuses a TLS file it cannot read, naming the setting, exit 2", async () => {
    const config = join(folder, "tls-missing.yaml");
    const missing = join(folder, "no-such-ca.pem");
    writeFileSync(config, `mqtt:\n  broker: mqtts://127.0.0.1:1\n  ca_file: ${missing}\njournal:\n  file: ${join(folder, "tls-journal.db")}\n`);
    const result = await liftwatch(["run", "--config", config], { stopAfterMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`liftwatch: ${missing}: cannot read the mqtt.ca_file (no such file)\n`);
  });

  it("exports the journal's event log, which verifies, and a byte changed in it does not", async () => {
    const journal = join(folder, "run-journal.db");
    const config = join(folder, "box.yaml");
    const out = join(folder, "exported.jsonl");
    const exported = await liftwatch(["export", "--config", config, "--out", out]);
    expect(exported.code).toBe(0);
    const ok = await liftwatch(["verify", out, "--key", `${journal}.evidence-pub.pem`, "--device", "liftwatch-sim-0001"]);
    expect(ok.stdout).toMatch(/^ok: [1-9]\d* events, [1-9]\d* checkpoints, head [0-9a-f]{64}$/m);
    expect(ok.code).toBe(0);
    const text = readFileSync(out, "utf8");
    const at = text.indexOf("between_floors");
    writeFileSync(out, text.slice(0, at) + "X" + text.slice(at + 1));
    const bad = await liftwatch(["verify", out, "--key", `${journal}.evidence-pub.pem`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/exported\.jsonl:1: /);
  });
});
