/**
 * `liftwatch fleet`: N simulated boxes in real time, spread over worker threads, publishing
 * to one broker, with R reference receivers in this process (a shared subscription) or
 * none when the platform is elsewhere. At the stop each box drains its journal; then what
 * was sealed is matched against what was stored and acknowledged.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { packageFile } from "../firmware/package-files.ts";
import { startReceiver, type RunningReceiver } from "../platform/receiver/receiver.ts";
import type { FromWorker, ToWorker, WorkerPlan } from "./messages.ts";
import { buildReport, keyOf, type FleetReport } from "./report.ts";

export interface FleetOptions {
  devices: number;
  broker: string;
  /** seconds of real time; absent: until `stop` is aborted */
  durationS?: number;
  rateHz: number;
  workers?: number;
  receivers: number;
  scenario: string;
  eventEveryS?: number;
  configFile?: string;
  /**
   * the folder the run's own folder (journals, keys, receiver store) is made in; default the
   * system's temporary folder. A tmpfs (/dev/shm) takes the shared disk's flushes out of the
   * measurement: each real box flushes to a card of its own.
   */
  folder?: string;
  /** keep the journals, keys and receiver store (their folder is logged) */
  keep?: boolean;
  /** how long the boxes may take to have every event acknowledged after the stop */
  drainTimeoutMs?: number;
  /** aborted: stop now (SIGINT) */
  stop?: AbortSignal;
  log?: (line: string) => void;
  /** called every second of the run with the seconds run so far (a progress display) */
  onRunning?: (elapsedS: number) => void;
}

/** A shared-subscription group of our own, so receivers of another platform on the broker are not mixed in. */
const RECEIVER_GROUP = "liftwatch-fleet";

export async function runFleet(options: FleetOptions): Promise<FleetReport> {
  const log = options.log ?? (() => {});
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), options.devices));
  const folder = mkdtempSync(join(options.folder ?? tmpdir(), "liftwatch-fleet-"));
  const rssBeforeBytes = process.memoryUsage().rss;
  const receivers: RunningReceiver[] = [];
  const workers: WorkerHandle[] = [];
  try {
    const db = join(folder, "platform.db");
    const devices = join(folder, "devices");
    for (let index = 0; index < options.receivers; index++) {
      receivers.push(await startReceiver({ broker: options.broker, db, devices, group: RECEIVER_GROUP, clientId: `liftwatch-fleet-receiver-${process.pid}-${index}` }));
    }
    const horizonS = options.durationS !== undefined ? options.durationS + 60 : 3600;
    for (const boxes of split(options.devices, workerCount)) {
      workers.push(startWorker({ boxes, fleetSize: options.devices, scenario: options.scenario, rateHz: options.rateHz, eventEveryS: options.eventEveryS, horizonS, broker: options.broker, configFile: options.configFile, folder }));
    }
    log(`${options.devices} boxes on ${workerCount} worker thread(s), ${options.receivers} receiver(s), folder ${folder}`);
    const ready = await Promise.all(workers.map((worker) => worker.next("ready")));
    const connected = ready.reduce((sum, message) => sum + message.connectedBoxes, 0);
    log(`boxes ready: ${connected} of ${options.devices} connected to ${options.broker}`);

    const wallStartMs = Date.now() + 100;
    for (const worker of workers) worker.send({ type: "start", wallStartMs });
    const cpuStart = process.cpuUsage();
    const ticker = setInterval(() => options.onRunning?.((Date.now() - wallStartMs) / 1000), 1000);
    await runUntil(options.durationS, options.stop, wallStartMs).finally(() => clearInterval(ticker));
    const ranMs = Date.now() - wallStartMs;
    const cpu = process.cpuUsage(cpuStart);
    const rssBytes = process.memoryUsage().rss;
    log(`stopping after ${(ranMs / 1000).toFixed(1)} s; draining the journals`);

    for (const worker of workers) worker.send({ type: "stop", drainTimeoutMs: options.drainTimeoutMs ?? 30_000 });
    const done = await Promise.all(workers.map((worker) => worker.next("done")));
    for (const receiver of receivers) await receiver.stop();
    const duplicates = receivers.reduce((sum, receiver) => sum + receiver.stats().duplicates, 0);
    const stored = receivers.length > 0 ? storedAt(db) : undefined;
    receivers.length = 0;

    return buildReport({
      devices: options.devices,
      connected,
      workers: workerCount,
      receivers: options.receivers,
      scenario: options.scenario,
      rateHz: options.rateHz,
      eventEveryS: options.eventEveryS,
      ranMs,
      events: done.flatMap((message) => message.events),
      trips: done.reduce((sum, message) => sum + message.trips, 0),
      unacknowledged: done.reduce((sum, message) => sum + message.unacknowledged, 0),
      stored,
      duplicates: stored ? duplicates : undefined,
      pacing: done.map((message) => message.pacing),
      memory: done.map((message) => message.memory),
      cpuMicros: cpu.user + cpu.system,
      rssBytes,
      rssBeforeBytes,
      cores: availableParallelism(),
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const receiver of receivers) await receiver.stop();
    if (options.keep) log(`kept ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }
}

/** Box i of the fleet is `box-<i>`, zero-padded so the ids sort; boxes dealt to workers in turn. */
function split(devices: number, workers: number): WorkerPlan["boxes"][] {
  const width = String(devices - 1).length;
  const shares: WorkerPlan["boxes"][] = Array.from({ length: workers }, () => []);
  for (let index = 0; index < devices; index++) shares[index % workers].push({ index, deviceId: `box-${String(index).padStart(width, "0")}` });
  return shares;
}

function runUntil(durationS: number | undefined, stop: AbortSignal | undefined, wallStartMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = durationS === undefined ? undefined : setTimeout(finish, wallStartMs + durationS * 1000 - Date.now());
    function finish() {
      clearTimeout(timer);
      stop?.removeEventListener("abort", finish);
      resolve();
    }
    if (stop?.aborted) return finish();
    stop?.addEventListener("abort", finish);
  });
}

/** When each event was stored, from the receivers' shared store. */
function storedAt(file: string): Map<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT device_id, seq, received_at FROM events").all() as { device_id: string; seq: number; received_at: string }[];
    return new Map(rows.map((row) => [keyOf({ deviceId: row.device_id, seq: row.seq }), Date.parse(row.received_at)]));
  } finally {
    db.close();
  }
}

interface WorkerHandle {
  send(message: ToWorker): void;
  next<Type extends FromWorker["type"]>(type: Type): Promise<Extract<FromWorker, { type: Type }>>;
  terminate(): Promise<void>;
}

function startWorker(plan: WorkerPlan): WorkerHandle {
  const worker = new Worker(packageFile("fleet", "worker-entry.js"), { workerData: plan });
  const waiting = new Map<string, { resolve: (message: FromWorker) => void; reject: (error: Error) => void }>();
  const early = new Map<string, FromWorker>();
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on("message", (message: FromWorker) => {
    if (message.type === "error") return fail(new Error(`fleet worker: ${message.message}`));
    const waiter = waiting.get(message.type);
    waiting.delete(message.type);
    if (waiter) waiter.resolve(message);
    else early.set(message.type, message);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`fleet worker exited (code ${code}) before it reported`)));
  return {
    send: (message) => worker.postMessage(message),
    next: (type) =>
      new Promise((resolve, reject) => {
        const arrived = early.get(type);
        early.delete(type);
        if (arrived) return resolve(arrived as never);
        if (failure) return reject(failure);
        waiting.set(type, { resolve: resolve as (message: FromWorker) => void, reject });
      }),
    terminate: async () => void (await worker.terminate()),
  };
}
