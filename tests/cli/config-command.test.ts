/**
 * `liftwatch config check | schema | defaults`, run as the field engineer runs them: every
 * problem of a file at once, each with its line and key; the JSON Schema agreeing with the
 * zod schema; the commented defaults checking clean.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { createCommissioningToken } from "../../firmware/security/commissioning-token.ts";
import { describe, expect, it } from "vitest";
import { boards } from "../../hal/boards/board-schema.ts";
import { configSchema } from "../../firmware/config/schema.ts";
import { settingsOf } from "../../firmware/config/settings-list.ts";
import { liftwatch } from "../support/cli.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-config-"));
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

const builtInRate = boards["pi-sensor-hat"].accelerometer!.rate_hz;

const manyMistakes = [
  "board: pi-sensor-hat",
  "device:",
  '  id: "bad id!"',
  "lift:",
  "  landings_m: [0, 3.2, 3.0, 9]",
  "  start_landing: 7",
  "  door_zone_half_m: wide",
  "motion:",
  "  smothing_s: 0.2",
  "  high_passed_accelerometer: maybe",
  "mqtt:",
  "  protocol_version: 3",
  "detecton:",
  "  free_fall_g: 0.3",
  `sampling: { accelerometer_hz: ${builtInRate / 4} }`,
  "",
].join("\n");

describe("liftwatch config check", () => {
  // Bad input exits 2: these exited 1, as if something had failed (a field engineer's finding).
  it("exits 2 on a config subcommand used wrongly: one missing its file, one it does not know", async () => {
    for (const args of [["config", "check"], ["config", "bogus"]]) expect((await liftwatch(args)).code, args.join(" ")).toBe(2);
  });

  it("reports every mistake of a file, each on its own line with file, line and key, and exits 2", async () => {
    const path = file("many.yaml", manyMistakes);
    const result = await liftwatch(["config", "check", path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const expected: [string, string, RegExp][] = [
      ["device.id", "id:", /expected letters.*\(got "bad id!"\)/],
      ["lift.landings_m.2", "landings_m", /rising.*\(got 3 after 3\.2\)/],
      ["lift.start_landing", "start_landing", /expected a landing index from 0 to 3 \(got 7\)/],
      ["lift.door_zone_half_m", "door_zone_half_m", /expected a number \(got "wide"\)/],
      ["motion.smothing_s", "smothing_s", /unknown key \(did you mean "smoothing_s"\?\)/],
      ["motion.high_passed_accelerometer", "high_passed", /expected one of "auto", "yes", "no" \(got "maybe"\)/],
      ["mqtt.protocol_version", "protocol_version", /expected one of 4, 5 \(got 3\)/],
      ["detecton", "detecton", /unknown key \(did you mean "detection"\?\)/],
      ["sampling.accelerometer_hz", "accelerometer_hz", new RegExp(`expected ${builtInRate} Hz.*pi-sensor-hat.*\\(got ${builtInRate / 4}\\)`)],
    ];
    const lines = result.stderr.trim().split("\n");
    for (const [key, needle, message] of expected) {
      const line = lines.find((candidate) => candidate.startsWith(`${path}:${lineOf(manyMistakes, needle)}: ${key}: `));
      expect(line, `${key} in:\n${result.stderr}`).toBeDefined();
      expect(line).toMatch(message);
    }
    // One line per problem plus the summary: nothing else, nothing twice.
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines.at(-1)).toBe(`liftwatch: ${path}: ${expected.length} problems, not a valid configuration`);
  });

  it("the box refuses to run on settings that do not hold together, in one line, with nothing written", async () => {
    // Each valid alone: an evidence history shorter than the detection delays would seal an
    // entrapment with an empty evidence window, and a severe overspeed below the overspeed limit.
    const path = file("apart.yaml", ["journal:", "  evidence_history_s: 20", "detection:", "  overspeed_severe_factor: 1.1", ""].join("\n"));
    const out = join(folder, "apart.jsonl");
    const result = await liftwatch(["sim", "overspeed", "--config", path, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      `liftwatch: ${path}:2: journal.evidence_history_s: expected more than the longest detection delay plus journal.evidence_before_s (65 s) (got 20) (and 1 more: liftwatch config check ${path})`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("passes a valid file, counting the settings it leaves at their defaults", async () => {
    const path = file("good.yaml", "board: pi-sensor-hat\nlift:\n  landings_m: [0, 3.1, 6.2]\n  start_landing: 2\nsampling:\n  accelerometer_hz: " + builtInRate + "\n");
    const result = await liftwatch(["config", "check", path]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const total = settingsOf(configSchema).length;
    expect(result.stdout).toBe(`ok: ${path} (${total} settings, ${total - 4} left at their defaults)\n`);
  });

  // The board sets its accelerometer's rate: the shipped example names a board and leaves the
  // rate out, and had failed config check against a default of 100 Hz that nothing read.
  it("takes the board's accelerometer rate where the file leaves it out (the shipped example checks clean), and refuses another in check and run alike", async () => {
    const example = await liftwatch(["config", "check", "hardware/deploy/config.example.yaml"]);
    expect(example.stderr).toBe("");
    expect(example.code).toBe(0);
    const other = file("other-rate.yaml", `board: pi-sensor-hat\nsampling:\n  accelerometer_hz: ${builtInRate / 4}\n`);
    const problem = `sampling.accelerometer_hz: expected ${builtInRate} Hz, the rate of board "pi-sensor-hat"'s adxl345 (got ${builtInRate / 4})`;
    const checked = await liftwatch(["config", "check", other]);
    expect(checked.code).toBe(2);
    expect(checked.stderr.split("\n")[0]).toBe(`${other}:3: ${problem}`);
    // Before any part of the board is opened, so on a machine without one too.
    const run = await liftwatch(["run", "--config", other]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim()).toBe(`liftwatch: ${other}: ${problem}`);
  });

  // A poll interval set long to save CPU had been taken: at 400 Hz the ADXL345's 32 readings last
  // 80 ms, and every drain after that lost some (a review found losses counted at every 80 ms poll).
  it("refuses a poll interval after which the board's accelerometer FIFO would be over nine tenths full, in check and run alike; not over Firmata", async () => {
    const longestMs = Math.floor((0.9 * 32 * 1000) / builtInRate);
    const fits = file("poll-fits.yaml", `board: pi-sensor-hat\nsampling:\n  poll_interval_ms: ${longestMs}\n`);
    expect((await liftwatch(["config", "check", fits])).code).toBe(0);
    const slow = file("poll-slow.yaml", `board: pi-sensor-hat\nsampling:\n  poll_interval_ms: ${longestMs + 1}\n`);
    const problem = `sampling.poll_interval_ms: expected at most ${longestMs} ms: board "pi-sensor-hat"'s ADXL345 holds 32 readings`;
    const checked = await liftwatch(["config", "check", slow]);
    expect(checked.code).toBe(2);
    expect(checked.stderr.split("\n")[0]).toContain(`${slow}:3: ${problem}`);
    const run = await liftwatch(["run", "--config", slow]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toContain(`liftwatch: ${slow}: ${problem}`);
    // The side-board reads the chip itself: the box's poll does not drain its FIFO.
    const sideboard = file("poll-sideboard.yaml", "board: pi-firmata-sideboard\nsampling:\n  poll_interval_ms: 200\n");
    expect((await liftwatch(["config", "check", sideboard])).code).toBe(0);
    // The default poll with every rate a driver takes: a LIS3DH at 1344 Hz fills 27 of its 32 (a review helper's, refused at three quarters).
    const fastBoard = file("lis-fast.yaml", "name: lis-fast\nbuses:\n  i2c1: { kind: i2c-linux, device: /dev/i2c-1 }\ngpio: { kind: linux }\naccelerometer:\n  chip: lis3dh\n  bus: i2c1\n  address: 0x19\n  rate_hz: 1344\n  watermark: 16\n");
    const fast = await liftwatch(["config", "check", file("poll-lis-fast.yaml", `board: ${fastBoard}\n`)]);
    expect(fast.stderr).toBe("");
    expect(fast.code).toBe(0);
    // The simulated board too: a configuration tried on the simulator is not one a real board refuses (a last review's).
    const scenario = file("poll-400hz.yaml", "name: fast\nduration_s: 10\nbuilding: { landings_m: [0, 3.5] }\nbox: { accelerometer_hz: 400 }\n");
    const simulated = await liftwatch(["sim", scenario, "--config", file("poll-80.yaml", "sampling:\n  poll_interval_ms: 80\n"), "--out", join(folder, "poll-80.jsonl")]);
    expect(simulated.code).toBe(2);
    expect(simulated.stderr.trim()).toMatch(/poll-80\.yaml:2: sampling\.poll_interval_ms: expected at most 72 ms: board "simulated"'s ADXL345 holds 32 readings, 80 ms at 400 Hz/);
    expect(existsSync(join(folder, "poll-80.jsonl"))).toBe(false);
    // A calibration on the simulator too: its lift is learnt, its board is the scenario's.
    const calibrated = await liftwatch(["calibrate", "--scenario", scenario, "--config", join(folder, "poll-80.yaml"), "--out", join(folder, "poll-80-calibration.json")]);
    expect(calibrated.code).toBe(2);
    expect(calibrated.stderr.trim()).toMatch(/poll-80\.yaml:2: sampling\.poll_interval_ms: expected at most 72 ms: board "simulated"'s ADXL345/);
    expect(existsSync(join(folder, "poll-80-calibration.json"))).toBe(false);
  });

  it("says an enabled commissioning page would not start without its token record, and passes it with one", async () => {
    const none = file("page-none.yaml", "commissioning:\n  enabled: true\n");
    const refused = await liftwatch(["config", "check", none]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split("\n")[0]).toMatch(new RegExp(`^${none.replace(/[.\\]/g, "\\$&")}:2: commissioning\\.enabled: expected commissioning\\.token_file or journal\\.evidence_key .*no default password.*\\(got neither\\)$`));
    const missing = file("page-missing.yaml", `commissioning:\n  enabled: true\n  token_file: ${none}.absent.json\n`);
    const unreadable = await liftwatch(["config", "check", missing]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr.split("\n")[0]).toMatch(/:3: commissioning\.token_file: expected a readable commissioning token record: the page would not start \(got .*absent\.json: cannot read the commissioning token record \(ENOENT\)\)$/);
    const record = file("commissioning-token.json", JSON.stringify(createCommissioningToken().record));
    const good = file("page-good.yaml", `commissioning:\n  enabled: true\n  token_file: ${record}\n`);
    const passed = await liftwatch(["config", "check", good]);
    expect(passed.stderr).toBe("");
    expect(passed.code).toBe(0);
  });

  it("names a YAML syntax error with its line", async () => {
    const path = file("broken.yaml", "lift:\n  landings_m: [0, 3\nmotion: {\n");
    const result = await liftwatch(["config", "check", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${path.replace(/[.\\]/g, "\\$&")}:\\d+: not valid YAML`, "m"));
  });

  it("checks a board file (detected, or with --board) and the board file a configuration names", async () => {
    const boardText = [
      "name: my-board",
      "buses:",
      "  main: { kind: i2c-linux }",
      "gpio: { kind: linux }",
      "accelerometer:",
      "  chip: adxl345",
      "  bus: main",
      "  watermrk: 2",
      "barometer:",
      "  chip: bmp280",
      "  bus: other",
      "inputs:",
      "  door_contact: { pin: GPIO99 }",
      "",
    ].join("\n");
    const board = file("board.yaml", boardText);
    const detected = await liftwatch(["config", "check", board]);
    expect(detected.code).toBe(2);
    expect(detected.stderr).toContain(`${board}:${lineOf(boardText, "watermrk")}: accelerometer.watermrk: unknown key (did you mean "watermark"?)`);
    expect(detected.stderr).toContain(`${board}:${lineOf(boardText, "other")}: barometer.bus: bus "other" is not declared under buses`);
    expect(detected.stderr).toContain(`${board}:${lineOf(boardText, "GPIO99")}: inputs.door_contact.pin: "GPIO99" is not a pin of the Pi header`);
    expect(detected.stderr.trim().split("\n").at(-1)).toBe(`liftwatch: ${board}: 3 problems, not a valid board description`);

    const configuration = file("names-board.yaml", `board: ${board}\n`);
    const throughConfiguration = await liftwatch(["config", "check", configuration]);
    expect(throughConfiguration.code).toBe(2);
    expect(throughConfiguration.stderr).toContain(`${board}:${lineOf(boardText, "watermrk")}: accelerometer.watermrk: unknown key`);

    // --board on a configuration: judged as a board, so its keys are wrong there.
    const forced = await liftwatch(["config", "check", "--board", configuration]);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain(`${configuration}:1: board: unknown key`);
  });

  it("refuses a board that is neither built in nor a file", async () => {
    const path = file("no-board.yaml", "sampling:\n  accelerometer_hz: 100\nboard: pi-sensorhat\n");
    const result = await liftwatch(["config", "check", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}:3: board: expected a built-in board (pi-sensor-hat, pi-firmata-sideboard, simulated) or a board file (got "pi-sensorhat", which is neither)`);
  });
});

describe("liftwatch config schema and defaults", () => {
  it("prints a JSON Schema with units and descriptions that accepts the defaults and rejects a bad file", async () => {
    const out = join(folder, "schema.json");
    const written = await liftwatch(["config", "schema", "--out", out]);
    expect(written.code).toBe(0);
    const schema = JSON.parse(readFileSync(out, "utf8"));
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const rate = schema.properties.sampling.properties.accelerometer_hz;
    expect(rate.unit).toBe("Hz");
    expect(rate.description).toMatch(/accelerometer output data rate.*\[Hz\]/);

    const ajv = new Ajv2020({ allErrors: true });
    ajv.addKeyword("unit");
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(configSchema.parse({})), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(manyMistakes))).toBe(false);
    const paths = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.params && "additionalProperty" in error.params ? error.params.additionalProperty : ""}`);
    expect(paths).toContain("/lift/door_zone_half_m ");
    expect(paths).toContain(" detecton");
    expect(validate({ motion: { smothing_s: 1 } })).toBe(false);
  });

  it("prints the board schema with --board, which takes a built-in board", async () => {
    const result = await liftwatch(["config", "schema", "--board"]);
    expect(result.code).toBe(0);
    const ajv = new Ajv2020({ allErrors: true });
    ajv.addKeyword("unit");
    const validate = ajv.compile(JSON.parse(result.stdout));
    expect(validate(boards["pi-firmata-sideboard"]), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...boards["pi-firmata-sideboard"], wires: 3 })).toBe(false);
  });

  it("prints the defaults as commented YAML that is the default configuration and checks clean", async () => {
    const result = await liftwatch(["config", "defaults"]);
    expect(result.code).toBe(0);
    const text = result.stdout;
    // Read back, it is the default configuration (a section with no defaulted key is left out).
    expect(configSchema.parse(parse(text))).toEqual(configSchema.parse({}));
    // Each setting sits under its unit and description.
    const lines = text.split("\n");
    const pollLine = lines.findIndex((line) => line.trim().startsWith("poll_interval_ms:"));
    expect(lines[pollLine - 1].trim()).toBe("# [ms] how often the FIFO is drained and the inputs read (the watermark period)");
    // A setting with no default is written commented out, under its unit and description.
    const rateLine = lines.findIndex((line) => line.trim() === "# accelerometer_hz:");
    expect(lines[rateLine - 1].trim()).toMatch(/^# \[Hz\] accelerometer output data rate the board is expected to run at/);

    const path = file("defaults.yaml", text);
    const checked = await liftwatch(["config", "check", path]);
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
    // Only the settings with no default (written commented out) are left at their defaults.
    // Counted as commented-out lines, not by key name: two sections may share one (journal.file, calibration.file).
    const withoutDefault = lines.filter((line) => /^\s+# [a-z_0-9]+:$/.test(line));
    expect(withoutDefault.length).toBeGreaterThan(0);
    expect(checked.stdout).toBe(`ok: ${path} (${settingsOf(configSchema).length} settings, ${withoutDefault.length} left at their defaults)\n`);
  });
});
