/**
 * A command never writes its output over a file it reads, nor two outputs over each other. A
 * field engineer's `export --out` onto the journal replaced the evidence journal with its own
 * export (exit 0; the box could not start on it again), `calibrate --out` did the same with a
 * calibration record, `replay --out` replaced its trace, and `sim --out F --trace F` lost the
 * trace. Each is now one line naming both, exit 2, with every file as it was.
 */
import { copyFileSync, lstatSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { journalWithAnEvent, temporaryFolder } from "../evidence/fixtures.ts";
import { liftwatch } from "../support/cli.ts";

describe("a command's output named as one of its inputs", () => {
  it("export and calibrate refuse to write over the journal or its keys, which stay as they were", async () => {
    const { folder, journalFile, configFile } = journalWithAnEvent();
    const before = readFileSync(journalFile);
    for (const args of [
      ["export", "--config", configFile, "--out", journalFile],
      ["export", "--config", configFile, "--out", `${journalFile}.evidence-key.pem`],
      ["export", "--config", configFile, "--out", configFile],
      ["calibrate", "--scenario", "demo", "--config", configFile, "--out", journalFile],
    ]) {
      const result = await liftwatch(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^liftwatch: --out \S+: that is (journal\.file|the evidence key|--config), which this command reads \(expected another file\)\n$/);
    }
    expect(readFileSync(journalFile).equals(before)).toBe(true);
    const exported = await liftwatch(["export", "--config", configFile, "--out", join(folder, "events.jsonl")]);
    expect(exported.code, exported.stderr).toBe(0);
    // Through a link, to the file it names (renamed over, /dev/stdout's link had become a file).
    symlinkSync(join(folder, "events.jsonl"), join(folder, "latest.jsonl"));
    const linked = await liftwatch(["export", "--config", configFile, "--out", join(folder, "latest.jsonl")]);
    expect(linked.code, linked.stderr).toBe(0);
    expect(lstatSync(join(folder, "latest.jsonl")).isSymbolicLink()).toBe(true);
  });

  it("replay refuses to write over its trace, and sim its trace over its events", async () => {
    const folder = temporaryFolder();
    const trace = join(folder, "demo.csv");
    const made = await liftwatch(["sim", "demo", "--trace", trace, "--out", join(folder, "events.jsonl")]);
    expect(made.code, made.stderr).toBe(0);
    const kept = join(folder, "kept.csv");
    copyFileSync(trace, kept);
    const replayed = await liftwatch(["replay", trace, "--out", trace]);
    expect(replayed.code).toBe(2);
    expect(replayed.stderr).toBe(`liftwatch: --out ${trace}: that is the trace, which this command reads (expected another file)\n`);
    expect(readFileSync(trace).equals(readFileSync(kept))).toBe(true);
    const both = join(folder, "both.out");
    const simulated = await liftwatch(["sim", "demo", "--out", both, "--trace", both]);
    expect(simulated.code).toBe(2);
    expect(simulated.stderr).toBe(`liftwatch: --out ${both}: the same file as --trace (expected a file of its own)\n`);
  });
});
