/**
 * `liftwatch calibrate`: the calibration session on the scenario's simulated box (the
 * scripted engineer answers), or on real hardware with the engineer answering in the
 * terminal; then a signed calibration record, written atomically (a failed, cancelled or
 * interrupted calibration leaves the previous record in force).
 * `--scenario s --interactive` (hidden, for tests) runs the terminal driver on the simulated
 * box, the simulator's hands doing what the prompts ask of the lift.
 */
import { dirname, resolve } from "node:path";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { KeyObject } from "node:crypto";
import { uncalibrated } from "../firmware/calibration/learnt-settings.ts";
import { calibrationSchema, signCalibration, type UnsignedCalibration } from "../firmware/calibration/record.ts";
import { startCalibrationSession } from "../firmware/calibration/session.ts";
import type { CalibrationSession, CalibrationView } from "../firmware/calibration/session-types.ts";
import { InputError, printable } from "../firmware/config/input-error.ts";
import type { Config } from "../firmware/config/schema.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import { evidenceKeyFiles, loadDeviceKeys, loadOrCreateDeviceKeys, type KeyFiles } from "../firmware/evidence/keys.ts";
import { SimulatedHands } from "../simulator/calibration-engineer.ts";
import { CalibrationError, calibrateSimulated, learningBox } from "../simulator/calibration-run.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { refuseBoardDisagreement } from "../simulator/simulated-box.ts";
import { subscriberTo } from "../hal/io/listeners.ts";
import { driveInTerminal } from "./calibration-terminal.ts";
import { createHardwareBox, resolveBoard } from "./hardware-box.ts";
import { cannotWrite, journalFiles, refuseOverwriting, writeFileAtomically } from "./output.ts";
import { progress } from "./progress.ts";

export interface CalibrateOptions {
  scenario?: string;
  board?: string;
  landings?: number;
  interactive?: boolean;
  out: string;
  key?: string;
  seed?: string;
  config?: string;
}

const say = (line: string) => void process.stderr.write(`${line}\n`);

export async function calibrateCommand(config: Config, options: CalibrateOptions): Promise<number> {
  const board = options.scenario ? undefined : (options.board ?? config.board);
  if (board === "simulated") {
    throw new InputError(`${options.board ? "--board" : (options.config ?? "configuration")}: board: "simulated" has no sensors to calibrate (expected --scenario <name|file> for a simulated lift, or --board <name|file>)`);
  }
  const scenario = options.scenario ? loadScenario(options.scenario) : undefined;
  // Its lift is what the session learns, so only the board is the scenario's to refuse by.
  if (scenario && options.config !== undefined) refuseBoardDisagreement(scenario, options.config, config);
  if (scenario && options.landings !== undefined && options.landings !== scenario.building.landings_m.length) {
    throw new InputError(`--landings: ${options.landings}, but the scenario's lift has ${scenario.building.landings_m.length} (leave --landings out with --scenario)`);
  }
  const landingCount = scenario ? scenario.building.landings_m.length : (options.landings ?? config.lift.landings_m.length);
  if (!scenario && landingCount < 2) throw new InputError(`--landings: required, the configuration has no landings (expected the number of landings the lift serves, at least 2)`);
  // The record in force (calibration.file) is the one a new calibration replaces.
  const keyFiles = keyFilesOf(config, options.key);
  const givenKey = options.key ? { "--key": keyFiles.privateKeyFile, "--key's public key": keyFiles.publicKeyFile } : {};
  refuseOverwriting({ "--out": options.out }, { "--config": options.config, ...journalFiles(config), ...givenKey });
  const keys = deviceKeys(config, options.key);
  refuseUnwritable(options.out);
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new InputError(`--seed: "${options.seed}" is not a whole number`);
  let view: CalibrationView;
  if (scenario && !options.interactive) {
    try {
      // A bar on a terminal; the stages as lines in a log.
      const bar = process.stderr.isTTY ? progress("calibrating", 100, "%") : undefined;
      try {
        // The simulated box learns uncalibrated (learningBox strips what was learnt before).
        const record = calibrateSimulated(scenario, { config, seed, progress: bar ? undefined : say, onProgress: bar && ((fraction) => bar.update(Math.round(fraction * 100))) });
        view = { status: "done", step: "inputs", progress: 1, steps: [], record };
      } finally {
        bar?.stop();
      }
    } catch (error) {
      if (!(error instanceof CalibrationError)) throw error;
      view = { status: "failed", step: "mount", progress: 0, steps: [], error: error.message };
    }
  } else if (scenario) {
    view = await interactiveSimulated(scenario, config, seed);
  } else {
    view = await onHardware(uncalibrated(config), resolveBoard(board!, options.board ? "--board" : (options.config ?? "configuration"), config, options.config), landingCount);
  }
  return finish(view, options.out, keys);
}

/** Where the record goes, checked before the session: a field engineer's 20 minutes had been lost at the last step. */
function refuseUnwritable(out: string): void {
  const probe = `${out}.partial-${process.pid}`;
  try {
    if (existsSync(out) && statSync(out).isDirectory()) throw Object.assign(new Error("a directory"), { code: "EISDIR" });
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    throw cannotWrite(out, error);
  }
}

/** The device's evidence key pair: --key's (its evidence-pub.pem beside it), else the configuration's. */
function keyFilesOf(config: Config, key: string | undefined): KeyFiles {
  return key ? { privateKeyFile: key, publicKeyFile: key.replace(/evidence-key\.pem$/, "evidence-pub.pem") } : evidenceKeyFiles(config);
}

/** The key first: a calibration that cannot be signed is not worth running. */
function deviceKeys(config: Config, key: string | undefined): { privateKey: KeyObject; privateKeyFile: string } {
  const keyFiles = keyFilesOf(config, key);
  if (key && keyFiles.publicKeyFile === keyFiles.privateKeyFile) {
    throw new InputError(`${key}: --key must name an evidence-key.pem with its evidence-pub.pem beside it (as liftwatch provision writes them)`);
  }
  const keys = key || config.journal.evidence_key ? loadDeviceKeys(keyFiles) : loadOrCreateDeviceKeys(keyFiles);
  return { privateKey: keys.privateKey, privateKeyFile: keyFiles.privateKeyFile };
}

function finish(view: CalibrationView, out: string, keys: { privateKey: KeyObject; privateKeyFile: string }): number {
  if (view.status !== "done" || !view.record) {
    const why = view.status === "failed" ? `calibration failed, ${out} unchanged: ${view.error}` : `calibration cancelled, ${out} unchanged`;
    process.stderr.write(`liftwatch: ${printable(why)}\n`);
    return view.status === "cancelled" && interrupted ? 130 : 1;
  }
  const record = signCalibration(view.record as UnsignedCalibration, keys.privateKey);
  calibrationSchema.parse(record);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileAtomically(out, `${JSON.stringify(record, null, 2)}\n`);
  const { lift, inputs } = record;
  process.stderr.write(`calibration written to ${out} (signed with ${keys.privateKeyFile})\n`);
  process.stdout.write(
    `landings_m ${JSON.stringify(lift.landings_m)} door_zone_half_m ${lift.door_zone_half_m} rated_speed_mps ${lift.rated_speed_mps} door_contact ${inputs.door_contact.polarity}\n`,
  );
  return record.steps.some((step) => step.result === "failed") ? 1 : 0;
}

let interrupted = false;

/** Ctrl-C (or SIGTERM) cancels the session: nothing is written. */
async function carry(session: CalibrationSession, beforeAnswer?: () => Promise<void>): Promise<CalibrationView> {
  const cancel = () => {
    interrupted = true;
    say("interrupted: calibration cancelled");
    session.cancel();
  };
  process.once("SIGINT", cancel);
  process.once("SIGTERM", cancel);
  try {
    return await driveInTerminal(session, { input: process.stdin, say, beforeAnswer });
  } finally {
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
    // Nothing more to read: an open terminal or pipe must not keep the command alive.
    process.stdin.destroy();
  }
}

/** The terminal on a simulated box, its virtual clock run as fast as the machine allows, the simulator's hands on the lift. */
async function interactiveSimulated(scenario: ReturnType<typeof loadScenario>, config: Config, seed: number | undefined): Promise<CalibrationView> {
  const { box, session: start } = learningBox(scenario, { config, seed });
  const session = start();
  const hands = new SimulatedHands(session, box);
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  let running = true;
  const clock = (async () => {
    while (running && session.view().status === "running") {
      box.clock.advanceTo(box.clock.now() + 100);
      await turn();
    }
  })();
  // An engineer looks before answering: the door open, the alarm held, the car at the landing.
  const beforeAnswer = async () => {
    while (session.view().status === "running" && (hands.busy || box.clock.now() / 1000 < hands.idleSince + 1)) await turn();
  };
  try {
    return await carry(session, beforeAnswer);
  } finally {
    running = false;
    await clock;
    hands.detach();
    box.device.stop();
  }
}

/** The board's real sensors on the wall clock; the firmware learns (`learning`: uncalibrated), it is not told the landings. */
async function onHardware(learning: Config, board: ReturnType<typeof resolveBoard>, landingCount: number): Promise<CalibrationView> {
  const recordListeners = new Set<(record: DetectionRecord) => void>();
  const box = await createHardwareBox(learning, board, { sink: { event: () => undefined, trip: () => undefined }, onRecord: (record) => recordListeners.forEach((listener) => listener(record)) }, say);
  try {
    if (!box.tap.sensors.accelerometer) return { status: "failed", step: "mount", progress: 0, steps: [], error: "mount: the accelerometer is unusable (see above): the box cannot calibrate without one" };
    box.device.start();
    const session = startCalibrationSession({
      config: learning,
      tap: box.tap,
      records: subscriberTo(recordListeners),
      landingCount,
      source: "hardware",
      now: () => box.clock.now() / 1000,
    });
    return await carry(session);
  } finally {
    box.close();
  }
}
