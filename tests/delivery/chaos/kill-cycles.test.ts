// The box is killed with SIGKILL at random moments while it raises events, and in half the
// cycles the broker is frozen (SIGSTOP/SIGCONT) or killed and started again. After the last
// cycle the box runs until the platform acknowledged everything: every event it ever sealed
// must be in the receiver's store exactly once, with an intact chain.
// Reproduce a failure with CHAOS_SEED=<seed printed>; CHAOS_CYCLES changes the count.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyExport } from "../../../firmware/evidence/verify.ts";
import { query, temporaryFolder, testReceiver, type TestReceiver } from "../../platform/support.ts";
import { uniqueClientId } from "../../support/ids.ts";
import { mosquittoBinary } from "../../support/mosquitto.ts";
import { RestartableMosquitto } from "./broker.ts";
import { journalEvents, prepareBoxScript, provisionBox, seededRandom, sleep, spawnBox, type BoxProcess } from "./support.ts";

const CYCLES = Number(process.env.CHAOS_CYCLES ?? 50);
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);

type BrokerFault = "none" | "freeze" | "restart";

describe.skipIf(!mosquittoBinary())("delivery through kill -9 of the box and a frozen or killed broker", () => {
  let broker: RestartableMosquitto | undefined;
  let platform: TestReceiver | undefined;
  const boxes: BoxProcess[] = [];
  let boxScript: Awaited<ReturnType<typeof prepareBoxScript>> | undefined;
  beforeAll(async () => (boxScript = await prepareBoxScript()));
  afterAll(async () => {
    for (const box of boxes) await box.kill9();
    boxScript?.remove();
    await platform?.receiver.stop();
    await broker?.stop();
  });

  it(`loses nothing and duplicates nothing over ${CYCLES} kill cycles`, async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`kill cycles failed with seed ${SEED}: rerun with CHAOS_SEED=${SEED}\n--- broker log ---\n${broker?.logs()}`));
    const random = seededRandom(SEED);
    const between = (low: number, high: number) => Math.round(low + random() * (high - low));
    const started = Date.now();

    broker = await RestartableMosquitto.start();
    platform = await testReceiver(broker.url, { gaps: { graceMs: 500, reaskMs: 1000, scanMs: 200 } });
    const folder = join(temporaryFolder(), "box");
    mkdirSync(folder);
    const box = provisionBox(uniqueClientId("chaos-box"), folder, platform.devicesDir);
    const spawn = (drainTo?: string) => {
      const child = spawnBox(boxScript!.nodeArgs, box, { url: broker!.url, intervalMs: drainTo ? 0 : between(5, 20), ackTimeoutS: 1, drainTo });
      boxes.push(child);
      return child;
    };

    const faults: Record<BrokerFault, number> = { none: 0, freeze: 0, restart: 0 };
    // The next box loads its modules while the current one runs: it opens the journal only
    // on go(), so only one box ever uses it.
    const spares = [spawn()];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const current = spares.shift()!;
      await current.waitFor("loaded", 20_000);
      current.go();
      spares.push(spawn());
      // Most kills land while events flow; one in five while the box opens, boots and connects.
      const duringStartUp = random() < 0.2;
      if (!duringStartUp) await current.waitFor("ready", 20_000);

      const lifeMs = between(0, duringStartUp ? 150 : 400);
      const fault: BrokerFault = random() < 0.5 ? "none" : random() < 0.5 ? "freeze" : "restart";
      faults[fault] += 1;
      const faultAt = between(0, lifeMs);
      const pauseMs = between(20, 400);
      const brokerFault = (async () => {
        if (fault === "none") return;
        await sleep(faultAt);
        if (fault === "freeze") broker!.freeze();
        else await broker!.kill();
        await sleep(pauseMs);
        if (fault === "freeze") broker!.thaw();
        else await broker!.launch();
      })();
      await sleep(lifeMs);
      await current.kill9();
      await brokerFault;
    }
    for (const spare of spares) await spare.kill9();

    // Once more, without a kill: the box sends what is unacknowledged and exports its journal.
    const exportFile = join(folder, "export.jsonl");
    const last = spawn(exportFile);
    await last.waitFor("loaded", 20_000);
    last.go();
    const drainStarted = Date.now();
    await last.waitFor("exported", 40_000);
    await last.exited;
    const drainMs = Date.now() - drainStarted;

    const journal = journalEvents(box.journalFile);
    const sealed = journal.map((event) => event.seq);
    const total = sealed.length;
    // Nothing the box reported as sealed was lost by a kill, and the numbering has no hole.
    const printed = new Set(boxes.flatMap((child) => child.sealed));
    expect([...printed].filter((seq) => !sealed.includes(seq))).toEqual([]);
    expect(sealed).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(journal.filter((event) => event.acknowledged !== 1)).toEqual([]);

    // Every sealed seq is stored once (the primary key), none missing; duplicates were only acked again.
    const stored = query<{ seq: number }>(platform.dbFile, "SELECT seq FROM events WHERE device_id = ? ORDER BY seq", box.deviceId).map((row) => row.seq);
    expect(stored).toEqual(sealed);
    const stats = platform.receiver.stats();
    expect(stats).toMatchObject({ stored: total, rejected: 0, findings: 0, unknownDevice: 0 });
    expect(platform.lines.filter((line) => line.startsWith("duplicate ")).every((line) => line.endsWith(": acked again"))).toBe(true);
    expect(platform.lines.filter((line) => /^(rejected|not stored|finding) /.test(line))).toEqual([]);
    expect(query(platform.dbFile, "SELECT * FROM findings")).toEqual([]);
    expect(query(platform.dbFile, "SELECT reason FROM rejected")).toEqual([]);

    // The journal's own export verifies: chain, signatures, checkpoints, across every boot.
    const verdict = verifyExport(readFileSync(exportFile, "utf8"), { publicKey: box.keys.publicKey, deviceId: box.deviceId });
    expect(verdict).toMatchObject({ ok: true, summary: { events: total } });

    console.log(
      `kill cycles (seed ${SEED}): ${CYCLES} cycles, broker faults ${JSON.stringify(faults)}, ${broker.starts - 1} broker restarts, ` +
        `${total} events sealed, receiver: ${stats.stored} stored, ${stats.duplicates} duplicates acked again, ` +
        `${stats.resendRequests} resend requests; final drain ${drainMs} ms; total ${Date.now() - started} ms`,
    );
  }, 150_000);
});
