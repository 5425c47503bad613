/**
 * `liftwatch receive` as an operator runs it: bad options end in one line and exit 2; two
 * receivers (one a separate process) in one share group against one database file store
 * every event exactly once between them.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalWithAnEvent } from "../evidence/fixtures.ts";
import { liftwatch, liftwatchBin } from "../support/cli.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, startMosquitto, type MosquittoBroker } from "../support/mosquitto.ts";
import { query, TestBox, TestDevice, temporaryFolder, testReceiver, until } from "./support.ts";

describe("liftwatch receive: bad options", () => {
  const folder = temporaryFolder();
  const devices = join(folder, "devices");
  mkdirSync(devices);
  const db = join(folder, "receiver.db");
  const cases: [string, string[], RegExp][] = [
    ["no --devices", ["--broker", "mqtt://127.0.0.1:1", "--db", db], /--devices/],
    ["a broker that is not a URL", ["--broker", "localhost", "--db", db, "--devices", devices], /not a broker URL/],
    ["a --devices that is not a directory", ["--broker", "mqtt://127.0.0.1:1", "--db", db, "--devices", join(folder, "nope")], /--devices .*nope: not a directory/],
    ["--cert without --key", ["--broker", "mqtts://127.0.0.1:1", "--db", db, "--devices", devices, "--cert", db], /--cert and --key go together/],
    ["TLS files for a plain broker", ["--broker", "mqtt://127.0.0.1:1", "--db", db, "--devices", devices, "--ca", db], /for an mqtts:\/\/ broker/],
    ["an unreadable CA file", ["--broker", "mqtts://127.0.0.1:1", "--db", db, "--devices", devices, "--ca", join(folder, "ca.pem")], /--ca .*ca\.pem: cannot read \(ENOENT\)/],
    ["a wildcard root", ["--broker", "mqtt://127.0.0.1:1", "--db", db, "--devices", devices, "--root", "liftwatch/#"], /--root/],
  ];
  it.each(cases)("%s: one line, exit 2", async (_name, args, message) => {
    const result = await liftwatch(["receive", ...args]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  // A field engineer's copy of a box's journal, named as the store, had the store's tables added before the receiver failed.
  it("a box's journal named as its store: one line, exit 2, the journal as it was", async () => {
    const { journalFile } = journalWithAnEvent();
    const before = readFileSync(journalFile);
    const result = await liftwatch(["receive", "--broker", "mqtt://127.0.0.1:1", "--db", journalFile, "--devices", devices]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`liftwatch: ${journalFile}: a box's journal, not a receiver store (expected a store of the receiver's own, or no file)\n`);
    expect(readFileSync(journalFile).equals(before)).toBe(true);
  });

  it("a broker that is not there: one line, exit 1", async () => {
    const result = await liftwatch(["receive", "--broker", "mqtt://127.0.0.1:1", "--db", db, "--devices", devices]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^liftwatch: cannot receive from mqtt:\/\/127\.0\.0\.1:1: /)]);
  });
});

describe.skipIf(!mosquittoBinary())("two receivers sharing the load and one database file", () => {
  let broker: MosquittoBroker;
  beforeAll(async () => (broker = await startMosquitto()));
  afterAll(async () => broker?.stop());

  it("store each of 200 events exactly once and acknowledge them all", async () => {
    const group = uniqueClientId("group");
    const inProcess = await testReceiver(broker.url, { group });
    const device = new TestDevice(uniqueClientId("box"), inProcess.devicesDir);
    const child = spawn(process.execPath, [liftwatchBin, "receive", "--broker", broker.url, "--db", inProcess.dbFile, "--devices", inProcess.devicesDir, "--group", group, "--client-id", uniqueClientId("cli-receiver")], { stdio: ["ignore", "pipe", "pipe"] });
    let childOutput = "";
    child.stdout.on("data", (chunk) => (childOutput += chunk));
    child.stderr.on("data", (chunk) => (childOutput += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const box = await TestBox.connect(broker.url, device.id);
    try {
      await until(() => childOutput.includes("receiving on "), 20_000, `the CLI receiver to subscribe (output: ${childOutput})`);
      for (const envelope of device.chain(200)) await box.publish(envelope);
      await until(() => new Set(box.ackedSeqs()).size === 200, 20_000, "200 distinct acks");
      expect(query<{ n: number; distinct_seqs: number }>(inProcess.dbFile, "SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seqs FROM events")[0]).toEqual({ n: 200, distinct_seqs: 200 });
      expect(query<{ n: number }>(inProcess.dbFile, "SELECT count(*) AS n FROM findings")[0].n).toBe(0);
      // Both took part: the broker split the group's messages between them.
      const byReceiver = query<{ receiver: string; n: number }>(inProcess.dbFile, "SELECT receiver, count(*) AS n FROM events GROUP BY receiver");
      expect(byReceiver).toHaveLength(2);
      expect(inProcess.receiver.stats().stored).toBeGreaterThan(0);
      expect(inProcess.receiver.stats().stored).toBeLessThan(200);
    } finally {
      child.kill("SIGTERM");
      await box.close();
      await inProcess.receiver.stop();
    }
    expect(await exited).toBe(0);
    expect(childOutput).toMatch(/stopped \(SIGTERM\): \d+ stored/);
  });
});
