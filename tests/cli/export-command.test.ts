/**
 * `liftwatch export` on a journal the box left: the checkpoint it ends with is dated on the
 * box's clocks, after what it covers, not on the exporting process's own uptime.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../firmware/config/schema.ts";
import { openBoxJournal } from "../../firmware/journal/box-journal.ts";
import type { Checkpoint } from "../../protocols/contract.ts";
import { eventDraft, journalWithAnEvent, temporaryFolder } from "../evidence/fixtures.ts";
import { liftwatch } from "../support/cli.ts";

describe("liftwatch export", () => {
  it("ends with a checkpoint of the head dated at the latest time the box recorded, and reuses it while it covers the head", async () => {
    const folder = temporaryFolder();
    const journalFile = join(folder, "journal.db");
    const configFile = join(folder, "box.yaml");
    writeFileSync(configFile, `journal:\n  file: ${journalFile}\n  checkpoint_every: 0\n`);
    // An hour into boot 1, on a synchronised clock: two events, no checkpoint since.
    const { journal } = openBoxJournal(configSchema.parse({ journal: { file: journalFile, checkpoint_every: 0 } }), journalFile);
    const raised = { mono_ms: 3_500_000, wall: "2026-12-05T09:58:20.000Z" };
    for (const n of [1, 2]) journal.appendEvent({ ...eventDraft("entrapment", { n }), raised, onset: raised, time_quality: "synchronised" });
    journal.close();

    const lastCheckpoint = async (name: string) => {
      const out = join(folder, name);
      const result = await liftwatch(["export", "--config", configFile, "--out", out]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(readFileSync(out, "utf8").trimEnd().split("\n").at(-1)!) as Checkpoint;
    };
    const first = await lastCheckpoint("first.jsonl");
    expect(first).toMatchObject({ kind: "checkpoint", reason: "export", boot: 1, seq: 2, at: raised, time_quality: "synchronised" });
    const second = await lastCheckpoint("second.jsonl");
    expect(second.sig).toBe(first.sig);
  });

  // The tool for rescuing a failing box's evidence: an --out it cannot write had ended in a 16-line stack trace (a review helper's finding).
  it("refuses an --out it cannot write in one line, exit 2, leaving nothing beside it", async () => {
    const { folder, configFile } = journalWithAnEvent();
    for (const [out, code] of [[join(folder, "no-such-folder", "e.jsonl"), "ENOENT"], [folder, "EISDIR"]]) {
      const result = await liftwatch(["export", "--config", configFile, "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`liftwatch: ${out}: cannot write (${code})\n`);
    }
    expect(readdirSync(folder).filter((name) => name.includes(".partial-"))).toEqual([]);
  });
});
