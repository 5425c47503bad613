/**
 * The reference receiver against a real Mosquitto (MQTT 5, shared subscriptions): events
 * are stored once and acknowledged only after the commit; anything that fails a check is
 * kept aside and never acknowledged; gaps are asked for after the grace period.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordDigest } from "../../firmware/evidence/canonical.ts";
import { makeCheckpoint } from "../../firmware/evidence/seal.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, startMosquitto, type MosquittoBroker } from "../support/mosquitto.ts";
import { query, sleep, TestBox, TestDevice, testReceiver, until, type TestReceiver } from "./support.ts";

describe.skipIf(!mosquittoBinary())("liftwatch receiver on Mosquitto", () => {
  let broker: MosquittoBroker;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => (broker = await startMosquitto()));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => broker?.stop());

  async function setUp(options: Parameters<typeof testReceiver>[1] = {}) {
    const running = await testReceiver(broker.url, options);
    cleanups.push(() => running.receiver.stop());
    const device = new TestDevice(uniqueClientId("box"), running.devicesDir);
    const seenInDb: boolean[] = [];
    const box = await TestBox.connect(broker.url, device.id, (ack) => {
      // The box may clear an acked event at once: it must already be committed.
      for (const seq of ack.acked) seenInDb.push(storedCount(running, device.id, seq) === 1);
    });
    cleanups.push(() => box.close());
    return { ...running, device, box, seenInDb };
  }

  const storedCount = (running: TestReceiver, deviceId: string, seq?: number) =>
    query<{ n: number }>(running.dbFile, `SELECT count(*) AS n FROM events WHERE device_id = ?${seq === undefined ? "" : " AND seq = ?"}`, deviceId, ...(seq === undefined ? [] : [seq]))[0].n;

  it("stores each event once and acknowledges it only after it is in the store", async () => {
    const test = await setUp();
    for (const envelope of test.device.chain(3)) await test.box.publish(envelope);
    await until(() => test.box.ackedSeqs().length >= 3, 10_000, "three acks");
    expect(test.box.ackedSeqs().sort()).toEqual([1, 2, 3]);
    expect(test.seenInDb).toEqual([true, true, true]);
    expect(storedCount(test, test.device.id)).toBe(3);
    expect(test.receiver.stats()).toMatchObject({ stored: 3, duplicates: 0, rejected: 0 });
    expect(test.lines.filter((line) => line.startsWith("stored "))).toHaveLength(3);
  });

  it("acknowledges a duplicate again but stores it once", async () => {
    const test = await setUp();
    const [first] = test.device.chain(1);
    await test.box.publish(first);
    await until(() => test.box.ackedSeqs().length === 1);
    await test.box.publish(first);
    await until(() => test.box.ackedSeqs().length === 2, 10_000, "second ack");
    expect(test.box.ackedSeqs()).toEqual([1, 1]);
    expect(storedCount(test, test.device.id)).toBe(1);
    expect(test.receiver.stats()).toMatchObject({ stored: 1, duplicates: 1 });
  });

  it("rejects a tampered event, keeps it aside and does not acknowledge it", async () => {
    const test = await setUp();
    const [good] = test.device.chain(1);
    const tampered = JSON.stringify(good).replace('"between_floors"', '"between_floorz"');
    expect(tampered).not.toBe(JSON.stringify(good));
    await test.box.publish(tampered);
    await until(() => test.receiver.stats().rejected === 1);
    await sleep(300);
    expect(test.box.acks).toEqual([]);
    expect(storedCount(test, test.device.id)).toBe(0);
    const rejected = query<{ reason: string; seq: number; payload: Buffer }>(test.dbFile, "SELECT reason, seq, payload FROM rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ seq: 1, reason: expect.stringMatching(/bad signature/) });
    expect(rejected[0].payload.toString()).toBe(tampered);
  });

  it("stores a burst in the order it came, whatever order its signatures were checked in, and keeps a tampered one aside", async () => {
    const test = await setUp();
    const chain = test.device.chain(40);
    const tamperedSeq = 17;
    const payloads = chain.map((envelope) => (envelope.seq === tamperedSeq ? JSON.stringify(envelope).replace('"between_floors"', '"between_floorz"') : envelope));
    // One connection, QoS 1: the broker hands them on in this order.
    await Promise.all(payloads.map((payload) => test.box.publish(payload)));
    await until(() => test.box.ackedSeqs().length >= 39 && test.receiver.stats().rejected === 1, 10_000, "39 acks and a rejection");
    const sound = chain.map((envelope) => envelope.seq).filter((seq) => seq !== tamperedSeq);
    // Stored in this order (the store has no rowid to show it: its log does).
    expect(test.lines.filter((line) => line.startsWith("stored ")).map((line) => Number(/ seq (\d+) /.exec(line)![1]))).toEqual(sound);
    expect(storedCount(test, test.device.id)).toBe(39);
    expect(test.box.ackedSeqs().sort((a, b) => a - b)).toEqual(sound);
    expect(test.seenInDb.every(Boolean)).toBe(true);
    expect(query<{ seq: number }>(test.dbFile, "SELECT seq FROM rejected")).toEqual([{ seq: tamperedSeq }]);
  });

  it("does not acknowledge what is not JSON or breaks the contract", async () => {
    const test = await setUp();
    const [good] = test.device.chain(1);
    await test.box.publish("{not json");
    await test.box.publish({ ...good, seq: "1" });
    await until(() => test.receiver.stats().rejected === 2);
    await sleep(200);
    expect(test.box.acks).toEqual([]);
    expect(query<{ reason: string }>(test.dbFile, "SELECT reason FROM rejected ORDER BY first_at").map((row) => row.reason)).toEqual(["not JSON", expect.stringMatching(/^contract: EventEnvelope\/seq/)]);
  });

  it("asks for a missing seq after the grace period, and stops asking once it came", async () => {
    const graceMs = 1000;
    const test = await setUp({ gaps: { graceMs, reaskMs: 600, scanMs: 100 } });
    const [one, two, three, four] = test.device.chain(4);
    for (const envelope of [one, two, four]) await test.box.publish(envelope);
    const gapSeenAt = Date.now();
    await until(() => test.box.resendRequests().length > 0, 10_000, "a resend request");
    expect(Date.now() - gapSeenAt).toBeGreaterThanOrEqual(graceMs - 150);
    expect(test.box.resendRequests()[0].resend).toEqual([{ from: 3, to: 3 }]);
    await test.box.publish(three);
    await until(() => test.box.ackedSeqs().includes(3));
    const requestsSoFar = test.box.resendRequests().length;
    await sleep(1500);
    expect(test.box.resendRequests()).toHaveLength(requestsSoFar);
    expect(storedCount(test, test.device.id)).toBe(4);
    expect(test.lines).toContain(`gap ${test.device.id}: asked to resend 3`);
  });

  it("keeps an event whose chain link is broken, flags it and records a finding", async () => {
    const test = await setUp();
    const one = test.device.next();
    const two = test.device.next({ prevDigest: "ab".repeat(32) });
    const three = test.device.next();
    const four = test.device.next({ prevDigest: "cd".repeat(32) });
    // 2 breaks against 1 already stored; 4 breaks against 3, found when 3 arrives after it.
    for (const envelope of [one, two, four, three]) await test.box.publish(envelope);
    await until(() => test.box.ackedSeqs().length === 4, 10_000, "four acks");
    const findings = query<{ seq: number; kind: string }>(test.dbFile, "SELECT seq, kind FROM findings ORDER BY seq");
    expect(findings).toEqual([{ seq: 2, kind: "chain_break" }, { seq: 4, kind: "chain_break" }]);
    const flagged = query<{ seq: number }>(test.dbFile, "SELECT seq FROM events WHERE chain_break = 1 ORDER BY seq").map((row) => row.seq);
    expect(flagged).toEqual([2, 4]);
  });

  it("logs a reboot and records a boot that goes backwards", async () => {
    const test = await setUp();
    const events = [test.device.next({ boot: 1 }), test.device.next({ boot: 2 }), test.device.next({ boot: 1 })];
    for (const envelope of events) await test.box.publish(envelope);
    await until(() => test.box.ackedSeqs().length === 3);
    expect(test.lines).toContain(`reboot ${test.device.id}: boot 1 -> 2 (seq 2)`);
    expect(query<{ seq: number; kind: string }>(test.dbFile, "SELECT seq, kind FROM findings")).toEqual([{ seq: 3, kind: "boot_backwards" }]);
  });

  it("checks a checkpoint's head against the stored event", async () => {
    const test = await setUp();
    const [one, two] = test.device.chain(2);
    for (const envelope of [one, two]) await test.box.publish(envelope);
    await until(() => test.box.ackedSeqs().length === 2);
    const fields = { device_id: test.device.id, boot: 1, seq: 2, count: 2, prev_checkpoint: "0".repeat(64), reason: "timer" as const, at: one.raised, time_quality: "simulated" as const };
    await test.box.publish(makeCheckpoint({ ...fields, head: recordDigest(two) }, test.device.keys.privateKey), "checkpoint");
    await test.box.publish(makeCheckpoint({ ...fields, head: recordDigest(one) }, test.device.keys.privateKey), "checkpoint");
    await until(() => test.receiver.stats().checkpoints === 2);
    expect(query<{ n: number }>(test.dbFile, "SELECT count(*) AS n FROM checkpoints")[0].n).toBe(2);
    expect(query<{ seq: number; kind: string }>(test.dbFile, "SELECT seq, kind FROM findings")).toEqual([{ seq: 2, kind: "checkpoint_mismatch" }]);
  });

  it("neither stores nor acknowledges events of an unknown device", async () => {
    const test = await setUp();
    const stranger = new TestDevice(uniqueClientId("stranger"));
    const strangerBox = await TestBox.connect(broker.url, stranger.id);
    cleanups.push(() => strangerBox.close());
    await strangerBox.publish(stranger.next());
    await until(() => test.receiver.stats().unknownDevice === 1);
    await sleep(300);
    expect(strangerBox.acks).toEqual([]);
    expect(query<{ n: number }>(test.dbFile, "SELECT count(*) AS n FROM events")[0].n).toBe(0);
    expect(test.lines.some((line) => line.startsWith(`ignored ${stranger.id} seq 1: unknown device`))).toBe(true);
  });
});
