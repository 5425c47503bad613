// A long outage: the broker is down while the box raises a few thousand events; when it
// comes back, the backlog drains to the platform in seq order, none lost, none twice.
// The drain rate is printed, not asserted (it depends on the machine's fsync).
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { query, temporaryFolder, testReceiver, type TestReceiver } from "../../platform/support.ts";
import { uniqueClientId } from "../../support/ids.ts";
import { mosquittoBinary } from "../../support/mosquitto.ts";
import { RestartableMosquitto } from "./broker.ts";
import { openBox, provisionBox, until } from "./support.ts";

const BACKLOG = Number(process.env.CHAOS_BACKLOG ?? 3000);
// Short, so the burst the box sends in the moment before the receiver is back costs little.
const ACK_TIMEOUT_S = 2;

describe.skipIf(!mosquittoBinary())("a long outage with a backlog", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it(`drains ${BACKLOG} events raised while the broker was down, in seq order, once each`, async () => {
    const broker = await RestartableMosquitto.start();
    cleanups.push(() => broker.stop());
    const folder = temporaryFolder();
    const devicesDir = join(folder, "devices");
    const provisioned = provisionBox(uniqueClientId("backlog-box"), folder, devicesDir);
    const platform: TestReceiver = await testReceiver(broker.url, { devices: devicesDir });
    cleanups.push(() => platform.receiver.stop());
    const connections: boolean[] = [];
    const box = openBox(provisioned, broker.url, ACK_TIMEOUT_S, (connected) => connections.push(connected));
    cleanups.push(() => box.close());
    await until(() => connections.includes(true), 5000, "box connected");

    await broker.kill();
    const raiseStarted = Date.now();
    for (let n = 0; n < BACKLOG; n++) box.raise();
    const raiseMs = Date.now() - raiseStarted;
    expect(box.journal.unacknowledgedCount()).toBe(BACKLOG);

    await broker.launch();
    const drainStarted = Date.now();
    await until(() => box.journal.unacknowledgedCount() === 0, 60_000, "backlog drained");
    const drainMs = Date.now() - drainStarted;

    // The receiver logs each event as it commits it: that is the order it was received in.
    const storedOrder = platform.lines.filter((line) => line.startsWith(`stored ${provisioned.deviceId} seq `)).map((line) => Number(line.split(" ")[3]));
    const everySeq = Array.from({ length: BACKLOG }, (_, index) => index + 1);
    expect(storedOrder).toEqual(everySeq);
    const stored = query<{ seq: number }>(platform.dbFile, "SELECT seq FROM events WHERE device_id = ? ORDER BY seq", provisioned.deviceId).map((row) => row.seq);
    expect(stored).toEqual(everySeq);
    expect(query(platform.dbFile, "SELECT * FROM findings")).toEqual([]);
    const stats = platform.receiver.stats();
    expect(stats).toMatchObject({ stored: BACKLOG, rejected: 0, findings: 0 });

    console.log(
      `backlog: ${BACKLOG} events sealed offline in ${raiseMs} ms (${Math.round((BACKLOG * 1000) / raiseMs)}/s); ` +
        `drained in ${drainMs} ms after the broker came back (${Math.round((BACKLOG * 1000) / drainMs)} events/s); ` +
        `${stats.duplicates} duplicates acked again, ${stats.resendRequests} resend requests`,
    );
  }, 120_000);
});
