/**
 * Long work shows its progress: a bar on a terminal, plain lines in a log. Watching changes
 * nothing: a simulation advanced in steps publishes exactly what one run straight through does.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { progress } from "../../cli/progress.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { liftwatch } from "../support/cli.ts";

function stream(isTTY: boolean) {
  let text = "";
  const writable = new Writable({ write: (chunk, _encoding, done) => ((text += chunk), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(writable, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { writable, text: () => text };
}

describe("progress", () => {
  it("in a log: one plain line per tenth, never repeated", () => {
    const out = stream(false);
    const bar = progress("work", 200, "items", out.writable);
    for (let done = 0; done <= 200; done += 7) bar.update(done);
    bar.update(200);
    bar.stop();
    const lines = out.text().trim().split("\n").map((line) => /^work: (\d+) % \((\d+) of 200 items\)$/.exec(line)!.slice(1).map(Number));
    expect(lines.map(([percent]) => percent)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // Each tenth is reported at the first update that reaches it (updates come 7 apart).
    for (const [percent, done] of lines) expect(done - 2 * percent).toBeGreaterThanOrEqual(0);
    for (const [percent, done] of lines.slice(0, -1)) expect(done - 2 * percent).toBeLessThan(7);
  });

  it("on a terminal: a bar that reaches 100 %", () => {
    const out = stream(true);
    const bar = progress("work", 50, "items", out.writable);
    bar.update(50);
    bar.stop();
    expect(out.text()).toMatch(/work \[=+\] 100% 50\/50 items/);
  });
});

describe("liftwatch sim on a long scenario", () => {
  it("reports its progress on stderr and publishes the same events as a run straight through", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "liftwatch-progress-")), "events.jsonl");
    const result = await liftwatch(["sim", "low-rise-day", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(10);
    expect(result.stderr).toMatch(/^sim low-rise-day: 100 % \(7200 of 7200 s simulated\)$/m);
    const published = readFileSync(out, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
    const straight = runScenario(loadScenario("low-rise-day"));
    expect(published).toEqual(JSON.parse(JSON.stringify(straight.envelopes)));
  });
});
