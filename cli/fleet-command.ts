/**
 * `liftwatch fleet --devices N --broker <url> ...`: many simulated boxes in real time against
 * a broker (fleet/), with reference receivers here or elsewhere; prints the report as a
 * table and writes it as JSON with --out. Stops at --duration or SIGINT/SIGTERM, then drains.
 * Bad options are an InputError (one line, exit 2); exit 1 when an event was lost or left
 * unacknowledged.
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../firmware/config/input-error.ts";
import { loadConfig } from "../firmware/config/load.ts";
import { tlsFiles } from "../firmware/security/tls-files.ts";
import { progress, type Progress } from "./progress.ts";
import { runFleet } from "../fleet/fleet.ts";
import { boxScenario } from "../fleet/box-scenario.ts";
import { formatReport } from "../fleet/report.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { refuseScenarioDisagreement } from "../simulator/simulated-box.ts";

export interface FleetCommandOptions {
  devices: number;
  broker: string;
  duration?: number;
  rateHz: number;
  workers?: number;
  receivers: number;
  scenario: string;
  eventEvery?: number;
  config?: string;
  out?: string;
  folder?: string;
  keep?: boolean;
}

/** An alarm press is held half a second: presses closer than this would merge. */
const SHORTEST_EVENT_PERIOD_S = 2;

export async function fleetCommand(options: FleetCommandOptions): Promise<number> {
  if (options.eventEvery !== undefined && options.eventEvery < SHORTEST_EVENT_PERIOD_S) {
    throw new InputError(`--event-every ${options.eventEvery}: at least ${SHORTEST_EVENT_PERIOD_S} s between presses`);
  }
  if (options.out !== undefined && !isDirectory(dirname(resolve(options.out)))) throw new InputError(`--out ${options.out}: no such folder`);
  if (options.folder !== undefined && !isDirectory(options.folder)) throw new InputError(`--folder ${options.folder}: no such folder`);
  // Checked here, once, so a bad scenario, configuration or TLS file is one line and not an error per worker.
  const scenario = loadScenario(options.scenario);
  if (options.config !== undefined) {
    const config = loadConfig(options.config);
    tlsFiles(config);
    // Each box runs the scenario at the fleet's rate, told its lift: a file saying otherwise, or polling too seldom for that rate, is refused as sim refuses it.
    refuseScenarioDisagreement(boxScenario(scenario, { index: 0, fleetSize: 1, rateHz: options.rateHz, horizonS: 0 }), options.config, config);
  }

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // A run of known length shows its progress once the boxes run (a bar on a terminal, a line
  // per tenth otherwise); a log line ends the bar first, so the two never share a line.
  let bar: Progress | undefined;
  const duration = options.duration;
  const onRunning = duration === undefined ? undefined : (elapsedS: number) => (bar ??= progress("fleet", duration, "s")).update(elapsedS);
  const log = (line: string) => {
    bar?.stop();
    process.stderr.write(`fleet: ${line}\n`);
  };
  try {
    const report = await runFleet({
      devices: options.devices,
      broker: options.broker,
      durationS: options.duration,
      rateHz: options.rateHz,
      workers: options.workers,
      receivers: options.receivers,
      scenario: options.scenario,
      eventEveryS: options.eventEvery,
      configFile: options.config === undefined ? undefined : resolve(options.config),
      folder: options.folder,
      keep: options.keep,
      stop: stop.signal,
      log,
      onRunning,
    });
    process.stdout.write(`${formatReport(report)}\n`);
    if (options.out !== undefined) writeFileSync(options.out, JSON.stringify(report, null, 2) + "\n");
    return (report.events.lost ?? 0) === 0 && report.events.unacknowledged === 0 ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
