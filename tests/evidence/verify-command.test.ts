/** `liftwatch verify`: one line and exit 0 for a good log, `file:line: why` and 1 for a bad one, 2 for bad input. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys, publicKeyPem } from "../../firmware/evidence/keys.ts";
import { liftwatch } from "../support/cli.ts";
import { exportedLog, temporaryFolder } from "./fixtures.ts";

const folder = temporaryFolder();
const keys = generateDeviceKeys();
const keyFile = join(folder, "device.pub");
writeFileSync(keyFile, publicKeyPem(keys));
const good = await exportedLog(6, keys);
const logFile = join(folder, "events.jsonl");
writeFileSync(logFile, good);

describe("liftwatch verify", () => {
  it("says ok in one line and exits 0 for a good log", async () => {
    const result = await liftwatch(["verify", logFile, "--key", keyFile, "--device", "box-7"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: 6 events, 2 checkpoints, head [0-9a-f]{64}\n$/);
  });

  it("names the first bad record as file:line and exits 1", async () => {
    const lines = good.split("\n");
    lines.splice(2, 1);
    const bad = join(folder, "missing.jsonl");
    writeFileSync(bad, lines.join("\n"));
    const result = await liftwatch(["verify", bad, "--key", keyFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${bad}:3: missing record: seq 3 is absent (seq 2 is followed by 4)\n`);
    const wrongDevice = await liftwatch(["verify", logFile, "--key", keyFile, "--device", "box-8"]);
    expect(wrongDevice.code).toBe(1);
    expect(wrongDevice.stderr).toBe(`${logFile}:1: wrong device: record of "box-7", expected "box-8"\n`);
  });

  it("exits 2 with one line for a missing log, an unreadable key or no --key", async () => {
    const missing = await liftwatch(["verify", join(folder, "nope.jsonl"), "--key", keyFile]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toEqual([expect.stringMatching(/nope\.jsonl: cannot read the event log \(no such file\)/)]);
    const notAKey = join(folder, "not-a-key.pem");
    writeFileSync(notAKey, "hello\n");
    const badKey = await liftwatch(["verify", logFile, "--key", notAKey]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr.trim().split("\n")).toEqual([expect.stringMatching(/not-a-key\.pem: not a PEM SPKI public key/)]);
    const noKey = await liftwatch(["verify", logFile]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.trim().split("\n")).toHaveLength(1);
  });
});
