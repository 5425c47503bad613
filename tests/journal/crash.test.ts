/** kill -9 in the middle of writing: every event whose append returned survives, and the chain is intact. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createDeviceKeyFiles } from "../../firmware/evidence/keys.ts";
import { verifyExport } from "../../firmware/evidence/verify.ts";
import { openJournal, temporaryFolder } from "../evidence/fixtures.ts";

const writer = fileURLToPath(new URL("./crash-writer.ts", import.meta.url));

/** Runs the writer until it reported `after` more appends, then SIGKILLs it; returns the seqs it reported. */
function writeUntilKilled(args: string[], after: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writer, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.split("\n").length > after) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk) => (errors += chunk));
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`writer ended by itself: ${errors}`));
      // a line cut by the kill was not fully reported: count only complete lines
      resolve(output.split("\n").slice(0, -1).map(Number));
    });
  });
}

describe("crash safety", () => {
  it("keeps every returned append across three kill -9 cycles", async () => {
    const folder = temporaryFolder();
    const file = join(folder, "journal.db");
    const keyFiles = { privateKeyFile: join(folder, "device.key"), publicKeyFile: join(folder, "device.pub") };
    const keys = createDeviceKeyFiles(keyFiles);
    const reported: number[] = [];
    for (let cycle = 0; cycle < 3; cycle += 1) reported.push(...(await writeUntilKilled([file, keyFiles.privateKeyFile, keyFiles.publicKeyFile], 40 + cycle * 17)));
    expect(reported.length).toBeGreaterThanOrEqual(40 + 57 + 74);

    const journal = openJournal(file, keys);
    expect(journal.startBoot()).toBe(4);
    const stored = new Set(journal.unacknowledged(100_000).map((envelope) => envelope.seq));
    for (const seq of reported) expect(stored.has(seq)).toBe(true);
    const out = join(folder, "events.jsonl");
    await journal.export(out);
    journal.close();
    const verdict = verifyExport(readFileSync(out, "utf8"), { publicKey: keys.publicKey });
    expect(verdict).toMatchObject({ ok: true, summary: { events: stored.size, seq: Math.max(...stored) } });
  }, 60_000);
});
