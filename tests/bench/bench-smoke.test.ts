// CI runs the benchmarks' quick mode as a smoke test: every benchmark still runs and reports
// a figure with its unit and method. Speed is for people to read in the table, never asserted.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("npm run bench -- --quick", () => {
  it("runs every benchmark and writes bench/results.json", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick"], { cwd: root, encoding: "utf8", timeout: 240_000 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(`${root}bench/results.json`, "utf8"));
    expect(results).toMatchObject({ mode: "quick", node: process.version });
    const names = results.figures.map((figure: { name: string }) => figure.name);
    for (const expected of ["firmware pipeline", "whole simulated box", "ADXL345 driver + emulator", "MPU-6050 driver + emulator", "LIS3DH driver + emulator", "backlog drain", "start-up to first heartbeat", "detection latency free_fall, p95"]) expect(names).toContain(expected);
    for (const figure of results.figures) {
      expect(Number.isFinite(figure.value), figure.name).toBe(true);
      expect(figure.unit.length).toBeGreaterThan(0);
      expect(figure.method.length).toBeGreaterThan(0);
    }
  }, 300_000);
});
