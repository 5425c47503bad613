// CI runs the benchmarks' quick mode as a smoke test: every benchmark still runs and reports
// a figure with its unit and method. Speed is for people to read in the table, never asserted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("npm run bench -- --quick", () => {
  it("runs every benchmark and writes the results where --out says (bench/results.json, the last full run, is left alone)", () => {
    const folder = mkdtempSync(join(tmpdir(), "liftwatch-bench-"));
    const committed = readFileSync(`${root}bench/results.json`, "utf8");
    const out = join(folder, "results.json");
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--out", out], { cwd: root, encoding: "utf8", timeout: 360_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(`${root}bench/results.json`, "utf8")).toBe(committed);
    const results = JSON.parse(readFileSync(out, "utf8"));
    rmSync(folder, { recursive: true, force: true });
    expect(results).toMatchObject({ mode: "quick", node: process.version });
    const names = results.figures.map((figure: { name: string }) => figure.name);
    const expectedNames = ["firmware pipeline", "whole simulated box", "ADXL345 driver + emulator", "MPU-6050 driver + emulator", "LIS3DH driver + emulator", "backlog drain", "start-up to first heartbeat", "detection latency free_fall, p95"];
    // The instruction count needs valgrind (.ci/run installs it); without it the run says so and goes on.
    if (spawnSync("valgrind", ["--version"]).status === 0) expectedNames.push("firmware pipeline work");
    else expect(run.stderr).toContain("bench: valgrind not found");
    for (const expected of expectedNames) expect(names).toContain(expected);
    for (const figure of results.figures) {
      expect(Number.isFinite(figure.value), figure.name).toBe(true);
      expect(figure.unit.length).toBeGreaterThan(0);
      expect(figure.method.length).toBeGreaterThan(0);
    }
  }, 420_000);

  it("refuses an --out in a folder that does not exist, in one line, before running anything", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--out", "/nonexistent-liftwatch/results.json"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual(["bench: --out /nonexistent-liftwatch/results.json: expected a file in an existing folder"]);
  });
});
