/**
 * Firmware memory: a simulated box with its journal in its own process, bundled as a box
 * runs it (scripts/bundle.ts: no TypeScript loader), RSS after one simulated hour (steady
 * state) and after the whole run (24 h; 2 h in the quick run), once with Node's defaults and
 * once with the heap held small (64 MB old space, 2 MB semi-spaces). And start-up:
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
import type { Figure } from "./figures.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const MB = 1024 * 1024;

const SCENARIO = join(root, "simulator", "scenarios", "normal-hour.yaml");

function boxMemory(bundle: string, hours: number, heapLimited: boolean): { firstHour: number; last: number; heapFirstHour: number; heapLast: number } {
  const flags = ["--expose-gc", ...(heapLimited ? ["--max-old-space-size=64", "--max-semi-space-size=2"] : [])];
  const run = spawnSync(process.execPath, [...flags, bundle, String(hours), SCENARIO], { cwd: root, encoding: "utf8", timeout: 30 * 60_000 });
  if (run.status !== 0) throw new Error(`benchmark: the memory box failed (${run.status}): ${run.stderr.split("\n")[0]}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
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
  const method = "one simulated box (normal-hour traffic, run as fast as it goes) with journal and evidence recorder, bundled, in its own process; RSS after GC";
  return [
    { name: "firmware RSS, steady state (after 1 h)", value: free.firstHour / MB, unit: "MB", method, target: "≤ 96 MB" },
    { name: `firmware RSS growth over ${hours} h`, value: (100 * (free.last - free.firstHour)) / free.firstHour, unit: "%", method, target: "< 5 % over 24 h" },
    // RSS also grows when V8 reserves more heap than it uses; the heap in use is what a leak grows.
    { name: `firmware heap in use growth over ${hours} h`, value: (100 * (free.heapLast - free.heapFirstHour)) / free.heapFirstHour, unit: "%", method: `${method}; process.memoryUsage().heapUsed`, target: "< 5 % over 24 h" },
    { name: `firmware RSS after ${hours} h, --max-old-space-size=64`, value: limited.last / MB, unit: "MB", method: `${method}; --max-old-space-size=64 --max-semi-space-size=2`, target: "≤ 96 MB" },
    // As deployed (hardware/deploy/liftwatch.service runs with these flags): V8 has less room to reserve.
    { name: `firmware RSS growth over ${hours} h, --max-old-space-size=64`, value: (100 * (limited.last - limited.firstHour)) / limited.firstHour, unit: "%", method: `${method}; --max-old-space-size=64 --max-semi-space-size=2`, target: "< 5 % over 24 h" },
    { name: "start-up to first heartbeat", value: await startUpMs(), unit: "ms", method: "liftwatch run (embedded broker), bundled as the box runs it (npm run build), from spawn to its birth status", target: "≤ 2,000 ms" },
  ];
}
