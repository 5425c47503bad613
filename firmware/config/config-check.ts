/**
 * `liftwatch config check`: a configuration or board file with every problem it has, the
 * schema's and the cross-field ones no single setting can show (landings that do not rise, a
 * start landing the lift does not have, a sampling rate the board's accelerometer does not run at),
 * and the files it names that the box will read (calibration, token, TLS).
 */
import { readTokenRecord, tokenFile } from "../commissioning/token-record.ts";
import { existsSync } from "node:fs";
import { boards, boardSchema, type Board } from "../../hal/boards/board-schema.ts";
import { accelerometerChips } from "../../hal/boards/chip-catalog.ts";
import { round } from "../rounding.ts";
import { readTlsFiles, tlsProblem, type TlsFiles } from "../security/tls-files.ts";
import { InputError } from "./input-error.ts";
import { filesFromConfigFolder } from "./config-folder.ts";
import { CheckedFile } from "./file-check.ts";
import { configSchema, defaultConfig, type Config } from "./schema.ts";
import { crossCheckSettings, numberAt } from "./cross-checks.ts";
import { calibrated } from "./load.ts";
import { settingsOf, valueAt } from "./settings-list.ts";

export interface CheckReport {
  file: string;
  what: "configuration" | "board description";
  /** "file:line: key: …", every problem, board files named by the configuration included */
  problems: string[];
  settings: number;
  /** settings the file leaves out, so they take their defaults */
  defaulted: number;
}

/** A board description has GPIO and buses; a configuration has neither. */
export function looksLikeBoard(value: unknown): boolean {
  return valueAt(value, ["gpio"]) !== undefined || valueAt(value, ["buses"]) !== undefined;
}

export function checkFile(file: string, options: { board?: boolean } = {}): CheckReport {
  const checked = CheckedFile.read(file, options.board ? "board description" : "configuration");
  const isBoard = options.board ?? (checked.valid && looksLikeBoard(checked.value));
  if (isBoard) {
    checked.validate(boardSchema);
    return report(checked, "board description", boardSchema, []);
  }
  checked.validate(configSchema);
  const boardProblems = checked.valid ? crossCheck(checked) : [];
  return report(checked, "configuration", configSchema, boardProblems);
}

function report(checked: CheckedFile, what: CheckReport["what"], schema: Parameters<typeof settingsOf>[0], more: string[]): CheckReport {
  const settings = settingsOf(schema);
  return {
    file: checked.file,
    what,
    problems: [...checked.lines(), ...more],
    settings: settings.length,
    defaulted: settings.filter((setting) => !checked.has(setting.path)).length,
  };
}

/** Cross-field problems go into `checked`; a board file the configuration names is checked too, its problems returned. */
function crossCheck(checked: CheckedFile): string[] {
  // Only a configuration that is otherwise right says which device, key and token to look for.
  const parsed = configSchema.safeParse(checked.value);
  if (parsed.success) filesFromConfigFolder(parsed.data, checked.file);
  const effective = parsed.success ? checkCalibration(checked, parsed.data) : undefined;
  crossCheckSettings(checked, effective ?? checked.value);
  if (parsed.success) checkCommissioning(checked, parsed.data);
  if (parsed.success) checkTlsFiles(checked, parsed.data);
  return checkBoardChoice(checked);
}

/**
 * The calibration record the configuration names: readable, a v1 record of this device, signed
 * by its evidence key. Returns the settings the box would run with (the record's in place of
 * lift's), or undefined where it names none or a bad one.
 */
function checkCalibration(checked: CheckedFile, config: Config): Config | undefined {
  if (config.calibration.file === undefined) return undefined;
  try {
    return calibrated(config);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    checked.add(["calibration", "file"], `expected a calibration record of this box, signed with its evidence key (got ${error.message})`);
    return undefined;
  }
}

/** An enabled commissioning page needs its token record (there is no default password): else it would not start. */
function checkCommissioning(checked: CheckedFile, config: Config): void {
  if (!config.commissioning.enabled) return;
  const file = tokenFile(config);
  const key = valueAt(checked.value, ["commissioning", "token_file"]) === undefined ? ["commissioning", "enabled"] : ["commissioning", "token_file"];
  if (file === undefined) {
    checked.add(key, "expected commissioning.token_file or journal.evidence_key with the commissioning-token.json of liftwatch provision --device beside it: the page has no default password and would not start (got neither)");
    return;
  }
  try {
    readTokenRecord(file);
  } catch (error) {
    checked.add(key, `expected a readable commissioning token record: the page would not start (got ${(error as Error).message})`);
  }
}

/**
 * The TLS files the box connects with, taken by TLS (a key that is the certificate's own, each file
 * what its setting says). Only where all it names can be read: a configuration is checked away
 * from its box too, or by a user who may not read the service's key; `run` refuses a missing one.
 */
function checkTlsFiles(checked: CheckedFile, config: Config): void {
  let files: TlsFiles | undefined;
  try {
    files = readTlsFiles(config);
  } catch (error) {
    if (error instanceof InputError) return;
    throw error;
  }
  const found = files && tlsProblem(files);
  if (found) checked.add(["mqtt", `${found.role}_file`], found.problem);
}

/** The board the configuration names: a built-in one, or a file (checked in full); its accelerometer rate must be the sampling rate, and the poll drain its FIFO in time. */
function checkBoardChoice(checked: CheckedFile): string[] {
  const named = valueAt(checked.value, ["board"]);
  if (typeof named !== "string" || named === "simulated") return []; // the simulated board follows the scenario's rate
  const name = filesFromConfigFolder({ board: named }, checked.file).board;
  let board: Board | undefined;
  let boardProblems: string[] = [];
  if (name in boards) {
    board = boards[name as keyof typeof boards];
  } else if (existsSync(name)) {
    const boardFile = CheckedFile.read(name, "board description");
    board = boardFile.validate(boardSchema);
    boardProblems = boardFile.lines();
  } else {
    checked.add(["board"], `expected a built-in board (${Object.keys(boards).join(", ")}) or a board file (got ${JSON.stringify(name)}, which is neither)`);
    return [];
  }
  const problem = board && boardRateProblem(board, numberAt(checked, ["sampling", "accelerometer_hz"]));
  if (problem) checked.add(["sampling", "accelerometer_hz"], problem, [["sampling", "accelerometer_hz"], ["board"]]);
  const pollProblem = board && boardPollProblem(board, numberAt(checked, ["sampling", "poll_interval_ms"]) ?? defaultConfig().sampling.poll_interval_ms);
  if (pollProblem) checked.add(["sampling", "poll_interval_ms"], pollProblem, [["sampling", "poll_interval_ms"], ["board"]]);
  return boardProblems;
}

/**
 * Drained no later than this fraction of its FIFO: a timer a tenth late still finds room. The
 * default 20 ms poll fills a LIS3DH at 1344 Hz to 0.84 of its 32 readings.
 */
const FIFO_DRAIN_FILL = 0.9;

/**
 * A poll interval (sampling.poll_interval_ms) after which the board's accelerometer FIFO would be
 * more than nine tenths full: a drain made late would find it full and lose readings (an
 * ADXL345 at 400 Hz holds 80 ms). Not over Firmata, where the side-board reads the chip itself.
 */
export function boardPollProblem(board: Board, pollMs: number): string | undefined {
  const accelerometer = board.accelerometer;
  if (!accelerometer || board.buses[accelerometer.bus]?.kind === "firmata") return undefined;
  const { title, fifoDepth } = accelerometerChips[accelerometer.chip];
  const longestMs = Math.floor((FIFO_DRAIN_FILL * fifoDepth * 1000) / accelerometer.rate_hz);
  if (pollMs <= longestMs) return undefined;
  return `expected at most ${longestMs} ms: board "${board.name}"'s ${title} holds ${fifoDepth} readings, ${round((fifoDepth * 1000) / accelerometer.rate_hz, 1)} ms at ${accelerometer.rate_hz} Hz, and a drain made late would find it full and lose some (got ${pollMs})`;
}

/** A rate the configuration asks of the board's accelerometer (sampling.accelerometer_hz, where set) that it does not run at: what was expected. */
export function boardRateProblem(board: Board, samplingHz: number | undefined): string | undefined {
  const rate = board.accelerometer?.rate_hz;
  if (rate === undefined || samplingHz === undefined || rate === samplingHz) return undefined;
  return `expected ${rate} Hz, the rate of board "${board.name}"'s ${board.accelerometer!.chip} (got ${samplingHz})`;
}
