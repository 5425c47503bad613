/** The journal across reboots: boot counter, one unbroken sequence and chain, delivery marks, windows, export. */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENESIS_DIGEST, recordDigest } from "../../firmware/evidence/canonical.ts";
import { createDeviceKeyFiles, generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { signatureValid } from "../../firmware/evidence/seal.ts";
import { verifyExport } from "../../firmware/evidence/verify.ts";
import { InputError } from "../../firmware/config/input-error.ts";
import { configSchema, type Config } from "../../firmware/config/schema.ts";
import { openBoxJournal } from "../../firmware/journal/box-journal.ts";
import { deviceId, eventDraft, openJournal, temporaryFolder } from "../evidence/fixtures.ts";

const keys = generateDeviceKeys();

describe("Journal", () => {
  it("counts boots and continues one sequence and one chain across close and reopen", () => {
    const file = join(temporaryFolder(), "journal.db");
    const sealed = [];
    for (let boot = 1; boot <= 3; boot += 1) {
      const journal = openJournal(file, keys);
      expect(journal.startBoot()).toBe(boot);
      for (let index = 0; index < 3; index += 1) sealed.push(journal.appendEvent(eventDraft()));
      journal.close();
    }
    expect(sealed.map((envelope) => envelope.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sealed.map((envelope) => envelope.boot)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(sealed[4].event_id).toBe(`${deviceId}:2:5`);
    expect(sealed[0].prev_digest).toBe(GENESIS_DIGEST);
    for (let index = 1; index < sealed.length; index += 1) expect(sealed[index].prev_digest).toBe(recordDigest(sealed[index - 1]));
    for (const envelope of sealed) expect(signatureValid(envelope, keys.publicKey)).toBe(true);
  });

  it("dates checkpoints on the box's clocks once told them, with their quality", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys);
    journal.startBoot();
    journal.appendEvent(eventDraft());
    expect(journal.checkpoint("on_demand").time_quality).not.toBe("synchronised");
    const at = { mono_ms: 42_000, wall: "2026-12-01T06:00:42.000Z" };
    journal.useTime(() => ({ at, time_quality: "synchronised" }));
    const checkpoint = journal.checkpoint("timer");
    expect(checkpoint).toMatchObject({ at, time_quality: "synchronised" });
    expect(signatureValid(checkpoint, keys.publicKey)).toBe(true);
    journal.close();
  });

  it("refuses to append before startBoot() and to open another device's journal", () => {
    const file = join(temporaryFolder(), "journal.db");
    const journal = openJournal(file, keys);
    expect(() => journal.appendEvent(eventDraft())).toThrow(/startBoot/);
    journal.close();
    expect(() => openJournal(file, keys, { deviceId: "box-8" })).toThrow(InputError);
  });

  it("hands out undelivered events in seq order and only marks them when acknowledged", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys);
    journal.startBoot();
    const sealed = [1, 2, 3, 4].map(() => journal.appendEvent(eventDraft()));
    expect(journal.unacknowledged(2)).toEqual(sealed.slice(0, 2));
    expect(journal.acknowledge(sealed[1].event_id)).toBe(true);
    expect(journal.acknowledge(sealed[1].event_id)).toBe(true);
    expect(journal.acknowledge("box-7:1:99")).toBe(false);
    expect(journal.unacknowledged(10).map((envelope) => envelope.seq)).toEqual([1, 3, 4]);
    expect(journal.unacknowledgedCount()).toBe(3);
    journal.close();
  });

  it("keeps telemetry apart, with its own delivery marks", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys);
    journal.startBoot();
    const trip = journal.appendTelemetry("trip", { distance_m: 3 })!;
    journal.appendTelemetry("status", { online: true });
    expect(journal.acknowledgeTelemetry(trip)).toBe(true);
    expect(journal.acknowledgeTelemetry(trip)).toBe(true);
    expect(journal.unacknowledgedTelemetry(10)).toEqual([{ id: trip + 1, kind: "status", message: { online: true } }]);
    expect(journal.unacknowledged(10)).toEqual([]);
    journal.close();
  });

  it("stores evidence windows by content, once, and ties them to the event that names them", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys);
    journal.startBoot();
    const samples = { t0: 1.5, hz: 100, z: [9.8, 9.7, 2.1] };
    const digest = journal.storeWindow(samples);
    expect(journal.storeWindow({ z: [9.8, 9.7, 2.1], hz: 100, t0: 1.5 })).toBe(digest);
    expect(JSON.parse(journal.window(digest)!.toString("utf8"))).toEqual(samples);
    const raw = journal.storeWindow(new Uint8Array([1, 2, 3]));
    expect([...journal.window(raw)!]).toEqual([1, 2, 3]);
    expect(journal.appendEvent(eventDraft("free_fall", { evidence_windows: [digest] })).details.evidence_windows).toEqual([digest]);
    expect(() => journal.appendEvent(eventDraft("free_fall", { evidence_windows: ["ab".repeat(32)] }))).toThrow(/not stored/);
    expect(journal.unacknowledged(10)).toHaveLength(1);
    journal.close();
  });

  it("signs a checkpoint every N events and on demand, and exports a log that verifies", async () => {
    const folder = temporaryFolder();
    const journal = openJournal(join(folder, "journal.db"), keys, { checkpointEvery: 3 });
    journal.startBoot();
    for (let index = 0; index < 7; index += 1) journal.appendEvent(eventDraft());
    expect(journal.lastCheckpoint()).toMatchObject({ kind: "checkpoint", seq: 6, count: 6, reason: "every_n_events", boot: 1 });
    expect(journal.checkpoint("clean_stop")).toMatchObject({ seq: 7, reason: "clean_stop" });
    const out = join(folder, "events.jsonl");
    expect(await journal.export(out)).toEqual({ events: 7, pruned: 0, checkpoints: 3 });
    journal.close();
    const verdict = verifyExport(readFileSync(out, "utf8"), { publicKey: keys.publicKey, deviceId });
    expect(verdict).toMatchObject({ ok: true, summary: { events: 7, checkpoints: 3 } });
  });

  it("commits events flushed to disk, acknowledgements, telemetry and windows without waiting, and events again flushed after them", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys);
    // White-box: the connection's own setting, read as each transaction begins, is the only
    // witness short of cutting the power.
    type Connection = { pragma(sql: string, options: { simple: true }): unknown; transaction<F extends (...args: never[]) => unknown>(work: F): F };
    const database = (journal as unknown as { database: Connection }).database;
    const synchronous = () => database.pragma("synchronous", { simple: true });
    const transaction = database.transaction.bind(database);
    const seen: unknown[] = [];
    database.transaction = ((work: (...args: never[]) => unknown) => transaction((...args: never[]) => (seen.push(synchronous()), work(...args)))) as Connection["transaction"];
    const [NORMAL, FULL] = [1, 2];
    const committedWith = (operation: () => unknown) => {
      seen.length = 0;
      operation();
      return [...seen];
    };
    journal.startBoot();
    const { seq } = journal.appendEvent(eventDraft());
    let acknowledgedNow: number[] = [];
    expect(committedWith(() => (acknowledgedNow = journal.acknowledgeSeqs([seq, 99])))).toEqual([NORMAL]);
    expect(acknowledgedNow).toEqual([seq]);
    expect(journal.acknowledgeSeqs([seq])).toEqual([]);
    let trip = 0;
    expect(committedWith(() => (trip = journal.appendTelemetry("trip", { n: 1 })!))).toEqual([NORMAL]);
    expect(committedWith(() => journal.acknowledgeTelemetry(trip))).toEqual([NORMAL]);
    expect(committedWith(() => journal.acknowledge(`${deviceId}:1:${seq}`))).toEqual([NORMAL]);
    let window = "";
    expect(committedWith(() => (window = journal.storeWindow({ rows: [[1, 2]] })))).toEqual([NORMAL]);
    expect(committedWith(() => journal.appendEvent(eventDraft("free_fall", { evidence_windows: [window] })))).toEqual([FULL]);
    expect(committedWith(() => journal.checkpoint("on_demand"))).toEqual([FULL]);
    expect(synchronous()).toBe(FULL);
    expect(journal.unacknowledged(10).map((event) => event.type)).toEqual(["free_fall"]);
    expect(journal.unacknowledgedTelemetry(10)).toEqual([]);
    journal.close();
  });

  it("keeps no more of the file in memory than journal.page_cache_kib says (better-sqlite3 would keep 16 MB)", () => {
    const cacheKib = (config: Config) => {
      const { journal } = openBoxJournal(config, join(temporaryFolder(), "journal.db"));
      const database = (journal as unknown as { database: { pragma(sql: string, options: { simple: true }): unknown } }).database;
      const kib = -(database.pragma("cache_size", { simple: true }) as number);
      journal.close();
      return kib;
    };
    expect(cacheKib(configSchema.parse({}))).toBe(1024);
    expect(cacheKib(configSchema.parse({ journal: { page_cache_kib: 256 } }))).toBe(256);
    expect(configSchema.safeParse({ journal: { page_cache_kib: 8 } }).success).toBe(false);
  });

  // A box started with another box's evidence key sealed on, and the break showed only when its
  // log was verified, every later event unverifiable (a review helper's finding).
  it("refuses an evidence key its records were not signed with, naming the key, and opens with its own", () => {
    const folder = temporaryFolder();
    const file = join(folder, "journal.db");
    const keyFile = (name: string) => join(folder, name, "evidence-key.pem");
    const config = (name: string) => configSchema.parse({ journal: { file, evidence_key: keyFile(name) } });
    for (const name of ["own", "other"]) createDeviceKeyFiles({ privateKeyFile: keyFile(name), publicKeyFile: join(folder, name, "evidence-pub.pem") });
    const first = openBoxJournal(config("own"), file);
    first.journal.appendEvent(eventDraft());
    first.journal.close();
    expect(() => openBoxJournal(config("other"), file)).toThrow(InputError);
    expect(() => openBoxJournal(config("other"), file)).toThrow(`journal.evidence_key: ${keyFile("other")} is not the key ${file}'s records are signed with`);
    const again = openBoxJournal(config("own"), file);
    expect(again.journal.boot).toBe(2);
    again.journal.close();
  });

  // A second run on a journal a box already ran on (by hand beside the service) raised the same
  // events again as a boot of its own, duplicates no platform can dedupe (a review helper's finding).
  it("is held by one box: a second opening is refused in one line until the first closes", () => {
    const file = join(temporaryFolder(), "journal.db");
    const config = configSchema.parse({ journal: { file } });
    const first = openBoxJournal(config, file);
    expect(() => openBoxJournal(config, file)).toThrow(new InputError(`journal.file: ${file} is in use by another liftwatch (a box already runs on it)`));
    first.journal.appendEvent(eventDraft());
    first.journal.close();
    const second = openBoxJournal(config, file);
    expect(second.journal.boot).toBe(2);
    second.journal.close();
  });
});

