/**
 * A worker thread of the fleet: creates its share of the boxes, then keeps every box's
 * virtual clock on the wall clock (one tick advances them all to "now"), and at the stop
 * drains each box's journal through the broker and reports what its boxes sealed.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { loadConfig } from "../firmware/config/load.ts";
import { tlsFiles } from "../firmware/security/tls-files.ts";
import type { ConfigInput } from "../firmware/config/schema.ts";
import { loadScenario, type Scenario } from "../simulator/scenario.ts";
import { createSimulatedBox } from "../simulator/simulated-box.ts";
import { boxScenario } from "./box-scenario.ts";
import { FleetBox } from "./fleet-box.ts";
import type { FromWorker, PacingStats, ToWorker, WorkerMemory, WorkerPlan } from "./messages.ts";

/**
 * Real time between ticks: each tick runs every box up to now, ten of its 20 ms polls. A box's
 * state is cold in the cache when its turn comes (a thousand boxes a thread), and fetching it
 * cost more than the polls: at 1,200 boxes a 50 ms tick kept a thread 59 % busy, a 200 ms one
 * 37 %. The wait shows in the event lag, which counts from the event's virtual instant.
 */
const TICK_MS = 200;
const CONNECT_WAIT_MS = 60_000;
/** virtual seconds of the warm-up box */
const WARM_UP_S = 60;

const plan = workerData as WorkerPlan;
const post = (message: FromWorker) => parentPort!.postMessage(message);

try {
  const base = loadScenario(plan.scenario);
  const loaded = plan.configFile ? loadConfig(plan.configFile) : undefined;
  const baseConfig: ConfigInput = loaded ?? {};
  // Once for every box: each had read and parsed the same certificate and key again.
  const tls = loaded && tlsFiles(loaded);
  mkdirSync(join(plan.folder, "journals"), { recursive: true });
  warmUp(base, baseConfig);
  const boxes = plan.boxes.map(
    ({ index, deviceId }) =>
      new FleetBox({
        deviceId,
        scenario: boxScenario(base, { index, fleetSize: plan.fleetSize, rateHz: plan.rateHz, horizonS: plan.horizonS, eventEveryS: plan.eventEveryS }),
        baseConfig,
        broker: plan.broker,
        folder: plan.folder,
        tls,
      }),
  );
  const waitUntil = Date.now() + CONNECT_WAIT_MS;
  while (boxes.some((box) => !box.connected) && Date.now() < waitUntil) await sleep(100);
  post({ type: "ready", boxes: boxes.length, connectedBoxes: boxes.filter((box) => box.connected).length });
  run(boxes);
} catch (error) {
  post({ type: "error", message: (error as Error)?.stack ?? String(error) });
}

function run(boxes: FleetBox[]): void {
  let wallStartMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const tickMs: number[] = [];
  let busyMs = 0;
  let reachedMs = 0;

  const tick = () => {
    const started = performance.now();
    // Never back: a timer may fire a millisecond before the wall clock says it is due.
    const target = Math.max(reachedMs, Date.now() - wallStartMs);
    for (const box of boxes) box.advanceTo(target);
    reachedMs = target;
    const took = performance.now() - started;
    tickMs.push(took);
    busyMs += took;
    // Late ticks are not queued up: the next one catches up to the wall clock in one step.
    timer = setTimeout(tick, Math.max(0, TICK_MS - took));
  };

  parentPort!.on("message", async (message: ToWorker) => {
    if (message.type === "start") {
      wallStartMs = message.wallStartMs;
      for (const box of boxes) box.wallStartMs = wallStartMs;
      timer = setTimeout(tick, Math.max(0, wallStartMs - Date.now()));
      return;
    }
    clearTimeout(timer);
    const elapsedMs = Date.now() - wallStartMs;
    const pacing = pacingStats(tickMs, busyMs, elapsedMs, elapsedMs - reachedMs);
    const memory = memoryNow();
    const stops = await Promise.all(boxes.map((box) => box.stop(message.drainTimeoutMs)));
    post({
      type: "done",
      events: boxes.flatMap((box) => box.events),
      trips: boxes.reduce((sum, box) => sum + box.trips, 0),
      unacknowledged: stops.reduce((sum, stop) => sum + stop.unacknowledged, 0),
      pacing,
      memory,
    });
    parentPort!.close();
  });
}

/**
 * Runs a box of the worker's own, with no journal or broker, through a minute as fast as it
 * goes before the fleet's clock starts: the code the boxes share is compiled by then. Without
 * it the first ticks ran every box on cold code, and a 200 ms tick took a second.
 */
function warmUp(base: Scenario, baseConfig: ConfigInput): void {
  const scenario = boxScenario(base, { index: 0, fleetSize: 1, rateHz: plan.rateHz, horizonS: WARM_UP_S, eventEveryS: plan.eventEveryS });
  const box = createSimulatedBox(scenario, {
    config: baseConfig,
    evidence: true,
    sink: { event: (envelope) => ({ ...envelope, seq: 1 }), trip: () => {}, attachEvidence: () => {} },
  });
  box.clock.advanceTo(WARM_UP_S * 1000);
  box.device.stop();
}

function pacingStats(tickMs: number[], busyMs: number, elapsedMs: number, behindAtStopMs: number): PacingStats {
  const sorted = [...tickMs].sort((a, b) => a - b);
  return {
    ticks: tickMs.length,
    busyFraction: elapsedMs > 0 ? busyMs / elapsedMs : 0,
    maxTickMs: sorted.at(-1) ?? 0,
    p99TickMs: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0,
    behindAtStopMs,
  };
}

function memoryNow(): WorkerMemory {
  const usage = process.memoryUsage();
  return { heapUsedBytes: getHeapStatistics().used_heap_size, externalBytes: usage.external, arrayBuffersBytes: usage.arrayBuffers };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
