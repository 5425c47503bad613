/**
 * The firmware on real hardware: the board's buses and pins opened through the platform,
 * the real drivers on them, the wall clock. A part that fails to open is reported (a
 * sensor_fault at start and `failed` in every status) and the box runs on the rest.
 */
import { TimeWatch, timedatectlSynchronised } from "./time-watch.ts";
import { existsSync } from "node:fs";
import { boards, boardSummary, loadBoard, type Board } from "../hal/boards/board-schema.ts";
import { SystemClock } from "../hal/clock.ts";
import { openBoard } from "../hal/open-board.ts";
import { SensorTap } from "../hal/sensor-tap.ts";
import type { Config } from "../firmware/config/schema.ts";
import { InputError } from "../firmware/config/input-error.ts";
import { boardPollProblem, boardRateProblem } from "../firmware/config/config-check.ts";
import { flaggedBoard } from "../firmware/config/fitted-flags.ts";
import { Device, type DeviceOptions } from "../firmware/device.ts";

/** The box, not yet started (start it once its sink can take events). */
export interface HardwareBox {
  clock: SystemClock;
  device: Device;
  config: Config;
  /** every reading the firmware takes, for whoever listens */
  tap: SensorTap;
  close(): void;
}

/**
 * A built-in board by name, or a board file; `source` names where the name came from. Refused
 * where the configuration asks its accelerometer for a rate it does not run at (the detectors'
 * windows and filters would be wrong), or polls it too seldom for its FIFO (readings lost).
 */
export function resolveBoard(nameOrFile: string, source: string, config: Config, configFile = "configuration"): Board {
  const board = boardNamed(nameOrFile, source);
  const rateProblem = boardRateProblem(board, config.sampling.accelerometer_hz);
  if (rateProblem) throw new InputError(`${configFile}: sampling.accelerometer_hz: ${rateProblem}`);
  const pollProblem = boardPollProblem(board, config.sampling.poll_interval_ms);
  if (pollProblem) throw new InputError(`${configFile}: sampling.poll_interval_ms: ${pollProblem}`);
  return board;
}

function boardNamed(nameOrFile: string, source: string): Board {
  if (nameOrFile in boards) return boards[nameOrFile as keyof typeof boards];
  if (existsSync(nameOrFile)) return loadBoard(nameOrFile);
  throw new InputError(`${source}: board: "${nameOrFile}" is neither a built-in board (${Object.keys(boards).join(", ")}) nor a board file`);
}

export async function createHardwareBox(
  config: Config,
  board: Board,
  options: Pick<DeviceOptions, "sink" | "onRecord" | "evidence" | "onPoll" | "onFailure" | "acrossBoots">,
  say: (line: string) => void,
): Promise<HardwareBox> {
  const clock = new SystemClock();
  say(boardSummary(board));
  // johnny-five and the serial stack load only for a box that drives hardware (start-up time).
  const { openPlatform } = await import("../hal/platforms.ts");
  const platform = await openPlatform(board, clock);
  // Parts the configuration flags not fitted are not opened.
  const opened = openBoard(flaggedBoard(board, config.sensors), platform);
  for (const failure of opened.failures) say(`! ${failure.sensor} unusable, running without it: ${failure.detail}`);
  const tap = new SensorTap(opened.sensors);
  const synchronisedAtStart = await timedatectlSynchronised();
  const wallAtMonotonicZeroMs = Date.now() - clock.now();
  const device = new Device({
    ...options,
    config,
    sensors: tap.sensors,
    clock,
    timeQuality: synchronisedAtStart ? "synchronised" : "unsynchronised",
    wallAtMonotonicZeroMs,
    failedParts: opened.failures,
  });
  // A box often boots before its network: it starts unsynchronised and says so, then dates
  // later events on the synchronised clock once NTP has set it.
  const timeWatch = new TimeWatch({
    synchronised: synchronisedAtStart,
    wallAtMonotonicZeroMs,
    check: timedatectlSynchronised,
    wallNowMs: () => Date.now(),
    monotonicNowMs: () => clock.now(),
    onChange: (synchronised, wallAtZeroMs) => {
      say(`wall clock ${synchronised ? "synchronised" : "no longer synchronised"} (${new Date(wallAtZeroMs + clock.now()).toISOString()}): later events are dated and marked so`);
      device.retime(synchronised ? "synchronised" : "unsynchronised", wallAtZeroMs);
    },
  });
  const stopWatchingTime = timeWatch.every(TIME_CHECK_PERIOD_MS);
  return {
    clock,
    device,
    config,
    tap,
    close() {
      stopWatchingTime();
      device.stop();
      opened.close();
      platform.close();
    },
  };
}

/** How often the box asks whether its wall clock is synchronised, ms of real time. */
const TIME_CHECK_PERIOD_MS = 60_000;
