/**
 * Firmware memory: a simulated box with its journal in its own process, bundled as a box
 * runs it (scripts/bundle.ts: no TypeScript loader), RSS after one simulated hour (steady
 * state) and after the whole run (24 h; 2 h in the quick run), once with Node's defaults and
 * once with the heap held small (64 MB old space, 2 MB semi-spaces). The hours run as fast as
 * they go; each figure is taken after the box has then run a few seconds at its own pace, as
 * in a lift car, where V8 keeps its young generation small (see memory-box.ts). And start-up:
 * `liftwatch run`, bundled as the box runs it (npm run build), from spawn to its first status
 * (birth) published.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { buildFirmware, bundleScript } from "../scripts/bundle.ts";
import { regressionLinear } from "vega-statistics";
import type { Figure } from "./figures.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const MB = 1024 * 1024;

const SCENARIO = join(root, "simulator", "scenarios", "normal-hour.yaml");

/** Each simulated hour's reading, in bytes (see memory-box.ts). */
interface BoxMemory {
  /** RSS and heap in use once the box has run a few seconds at its own pace */
  rss: number[];
  heapUsed: number[];
}

function boxMemory(bundle: string, hours: number, heapLimited: boolean): BoxMemory {
  const flags = ["--expose-gc", ...(heapLimited ? ["--max-old-space-size=64", "--max-semi-space-size=2"] : [])];
  const run = spawnSync(process.execPath, [...flags, bundle, String(hours), SCENARIO], { cwd: root, encoding: "utf8", timeout: 60 * 60_000 });
  if (run.status !== 0) throw new Error(`benchmark: the memory box failed (${run.status}): ${run.stderr.split("\n")[0]}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

/**
 * % growth over the run: the rise of the least-squares line through the hourly readings from
 * the first hour to the last, over its value at the first. One reading moves by ±1.5 MB from
 * one hour to the next (the allocator, V8 reserving pages); a line through 24 of them is the
 * trend a leak would show, where two single readings are mostly that noise.
 */
export function growthPercent(readings: number[]): number {
  const line = regressionLinear(readings.map((reading, index) => ({ hour: index + 1, reading })), (point) => point.hour, (point) => point.reading);
  return (100 * (line.predict(readings.length) - line.predict(1))) / line.predict(1);
}

/** ms from spawning `liftwatch run` (the firmware bundle, embedded broker) to the line saying it connected, which is when its birth status goes. */
async function startUpMs(): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-startup-"));
  const config = join(folder, "box.yaml");
  writeFileSync(config, `journal:\n  file: ${join(folder, "journal.db")}\nsimulation:\n  scenario: normal-hour\n`);
  const firmware = await buildFirmware(join(root, "node_modules", ".cache", "liftwatch", `firmware-bench-${process.pid}.mjs`));
  const start = performance.now();
  const child = spawn(process.execPath, [firmware, "run", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
  const elapsed = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (/^connected to /m.test(output)) resolve(performance.now() - start);
    });
    child.on("exit", (code) => reject(new Error(`benchmark: liftwatch run exited (${code}) before connecting`)));
  });
  child.removeAllListeners("exit");
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  rmSync(folder, { recursive: true, force: true });
  rmSync(firmware, { force: true });
  return elapsed;
}

export async function memoryFigures(quick: boolean): Promise<Figure[]> {
  const hours = quick ? 2 : 24;
  const bundle = await bundleScript(join(root, "bench", "memory-box.ts"), "memory-box");
  const free = boxMemory(bundle.file, hours, false);
  const limited = boxMemory(bundle.file, hours, true);
  bundle.remove();
  const method = "one simulated box (normal-hour traffic) with journal and evidence recorder, bundled, in its own process; each simulated hour run as fast as it goes, then a GC and 7 s at real time (the box's own pace) with a GC after 6 s, and read then";
  const growth = `${method}; growth: the least-squares line through the hourly readings, its rise from the first hour to the last over its value at the first`;
  const limitedFlags = "--max-old-space-size=64 --max-semi-space-size=2 (hardware/deploy/liftwatch.service's)";
  const last = (readings: number[]) => readings[readings.length - 1] / MB;
  return [
    { name: "firmware RSS, steady state (after 1 h)", value: free.rss[0] / MB, unit: "MB", method, target: "≤ 96 MB" },
    { name: `firmware RSS after ${hours} h`, value: last(free.rss), unit: "MB", method, target: "≤ 96 MB" },
    { name: `firmware RSS growth over ${hours} h`, value: growthPercent(free.rss), unit: "%", method: growth, target: "< 5 % over 24 h" },
    // RSS also grows when V8 reserves more heap than it uses; the heap in use is what a leak grows.
    { name: `firmware heap in use growth over ${hours} h`, value: growthPercent(free.heapUsed), unit: "%", method: `${growth}; process.memoryUsage().heapUsed`, target: "< 5 % over 24 h" },
    { name: `firmware RSS after ${hours} h, --max-old-space-size=64`, value: last(limited.rss), unit: "MB", method: `${method}; ${limitedFlags}`, target: "≤ 96 MB" },
    { name: `firmware RSS growth over ${hours} h, --max-old-space-size=64`, value: growthPercent(limited.rss), unit: "%", method: `${growth}; ${limitedFlags}`, target: "< 5 % over 24 h" },
    { name: "start-up to first heartbeat", value: await startUpMs(), unit: "ms", method: "liftwatch run (embedded broker), bundled as the box runs it (npm run build), from spawn to its birth status", target: "≤ 2,000 ms" },
  ];
}
