/**
 * `liftwatch calibrate` answered in the terminal, without hardware: the hidden
 * `--scenario s --interactive` runs the same terminal driver as `--board` on the simulated
 * box, the simulator's hands doing what each prompt asks of the lift, the answers piped on
 * stdin. Checks the record against the scenario's truth, refused answers, and that a
 * calibration ended half-way leaves the previous record in force.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCalibration, type CalibrationRecord } from "../../firmware/calibration/record.ts";
import { liftwatch, liftwatchBin, type CommandResult } from "../support/cli.ts";
import { expectLandingsNearTruth, FIVE_STOPS_LANDINGS_M, writeFiveStops } from "../support/five-stops.ts";

const folder = mkdtempSync(join(tmpdir(), "liftwatch-calibrate-terminal-"));
const truthLandings = FIVE_STOPS_LANDINGS_M;
const scenario = join(folder, "five-stops.yaml");
const config = join(folder, "box.yaml");
const journal = join(folder, "box-journal.db");
const record = join(folder, "calibration.json");
/** start, the car at the bottom, door open, door closed, alarm pressed, released, presence: Enter takes the first answer */
const ALL_ANSWERS = "bogus\nstart\n\n\n1\ndone\n\n\n";

let calibration: CommandResult;
let learnt: CalibrationRecord;

beforeAll(async () => {
  writeFiveStops(scenario);
  writeFileSync(config, `config_version: site-7-v1\njournal:\n  file: ${journal}\n`);
  calibration = await liftwatch(["calibrate", "--scenario", scenario, "--interactive", "--config", config, "--out", record, "--seed", "4"], { input: ALL_ANSWERS });
  learnt = JSON.parse(readFileSync(record, "utf8"));
}, 90_000);

describe("liftwatch calibrate in the terminal (simulated box, answers on stdin)", () => {
  it("learns the landings near the truth (3 cm, or three of its own σ) and signs the record", () => {
    expect(calibration.code, calibration.stderr).toBe(0);
    expectLandingsNearTruth(learnt.lift, truthLandings);
    expect(learnt.inputs).toMatchObject({ door_contact: { polarity: "normal" }, door_zone: { polarity: "normal" }, alarm: { polarity: "normal" }, presence: { result: "seen" } });
    expect(loadCalibration(record, "liftwatch-sim-0001", `${journal}.evidence-pub.pem`).lift.landings_m).toEqual(learnt.lift.landings_m);
    expect(calibration.stdout).toMatch(/^landings_m \[0,3\.\d+,6\.\d+,9\.\d+,12\.\d+\] door_zone_half_m 0\.1\d+ rated_speed_mps \d\.\d+ door_contact normal\n$/);
  });

  it("prints each prompt with its answers and progress lines, and asks again after an answer it does not take", () => {
    const lines = calibration.stderr.split("\n");
    expect(lines[0]).toMatch(/^step 1\/3: mount/);
    expect(lines).toContain("> Open the car door and hold it open, then answer done");
    expect(lines).toContain("  answer: 1) done [Enter]  2) skip");
    expect(lines).toContain("step 2/3: learning run down, landing 2 of 5");
    expect(lines).toContain("> Send the car to landing 2 of 5 (the floor below) and wait until it stops");
    expect(lines.filter((line) => line.startsWith("> Send the car to landing 2 of 5"))).toHaveLength(2);
    expect(lines).toContain('! act: "bogus" is not an answer to mount.hold_still (expected "start")');
    expect(lines.filter((line) => line.startsWith("> Stand still"))).toHaveLength(2);
  });

  it("a calibration ended half-way (input closed) leaves the previous record in force", async () => {
    const before = readFileSync(record, "utf8");
    const result = await liftwatch(["calibrate", "--scenario", scenario, "--interactive", "--config", config, "--out", record, "--seed", "5"], { input: "start\n\n\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/input ended: calibration cancelled\nliftwatch: calibration cancelled, .*calibration\.json unchanged\n$/);
    expect(result.stdout).toBe("");
    expect(readFileSync(record, "utf8")).toBe(before);
  }, 90_000);

  it("Ctrl-C at a prompt cancels it: exit 130, the previous record in force", async () => {
    const before = readFileSync(record, "utf8");
    // The engineer's terminal stays open: nothing is typed, then Ctrl-C.
    const child = spawn(process.execPath, [liftwatchBin, "calibrate", "--scenario", scenario, "--interactive", "--config", config, "--out", record], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    let pressed = false;
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (pressed || !stderr.includes("answer: 1) start")) return;
      pressed = true;
      child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: calibration cancelled\nliftwatch: calibration cancelled, .*calibration\.json unchanged\n$/);
    expect(readFileSync(record, "utf8")).toBe(before);
  }, 60_000);

  it("on a board whose accelerometer cannot be opened (this machine) fails before asking anything, the record kept", async () => {
    const before = readFileSync(record, "utf8");
    const result = await liftwatch(["calibrate", "--config", config, "--board", "pi-sensor-hat", "--landings", "5", "--out", record], { input: "start\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^board pi-sensor-hat: adxl345 i2c1@0x53/);
    expect(result.stderr).toMatch(/! accelerometer unusable, running without it: /);
    expect(result.stderr).toMatch(/liftwatch: calibration failed, .*calibration\.json unchanged: mount: the accelerometer is unusable \(see above\)/);
    expect(result.stderr).not.toMatch(/> Stand still/);
    expect(readFileSync(record, "utf8")).toBe(before);
  }, 60_000);

  it("refuses in one line, exit 2, a hardware calibration it cannot run", async () => {
    const simulated = await liftwatch(["calibrate", "--config", config, "--out", record]);
    expect(simulated.code).toBe(2);
    expect(simulated.stderr).toMatch(/^liftwatch: .*box\.yaml: board: "simulated" has no sensors to calibrate \(expected --scenario <name\|file> .* or --board <name\|file>\)\n$/);
    const noLandings = await liftwatch(["calibrate", "--config", config, "--board", "pi-sensor-hat", "--out", record]);
    expect(noLandings.code).toBe(2);
    expect(noLandings.stderr).toMatch(/^liftwatch: --landings: required, the configuration has no landings .*\n$/);
    const unknown = await liftwatch(["calibrate", "--config", config, "--board", "no-such-board", "--landings", "5", "--out", record]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^liftwatch: --board: board: "no-such-board" is neither a built-in board/);
  }, 60_000);
});
