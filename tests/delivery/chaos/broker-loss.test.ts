// A broker's PUBACK is not delivery: events the broker took and then lost (killed with no
// persistence, or dropped because no platform was subscribed) must be sent again by the
// box, because the platform never acknowledged them.
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { query, temporaryFolder, testReceiver, type TestReceiver } from "../../platform/support.ts";
import { uniqueClientId } from "../../support/ids.ts";
import { mosquittoBinary } from "../../support/mosquitto.ts";
import { RestartableMosquitto } from "./broker.ts";
import { openBox, provisionBox, sleep, until } from "./support.ts";

const EVENTS = 20;
const ACK_TIMEOUT_S = 1;

describe.skipIf(!mosquittoBinary())("events the broker acknowledged and then lost", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A broker, a box connected to it, and a tap: a plain subscriber that shows what the broker took. */
  async function setUp() {
    const broker = await RestartableMosquitto.start();
    cleanups.push(() => broker.stop());
    const folder = temporaryFolder();
    const devicesDir = join(folder, "devices");
    const provisioned = provisionBox(uniqueClientId("lossy-box"), folder, devicesDir);
    const tapped: number[] = [];
    const tap: MqttClient = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("tap"), protocolVersion: 5, reconnectPeriod: 0 });
    tap.on("message", (_topic, payload) => tapped.push(JSON.parse(payload.toString()).seq));
    await tap.subscribeAsync(`liftwatch/v1/${provisioned.deviceId}/event`, { qos: 1 });
    cleanups.push(() => tap.endAsync(true));
    const connections: boolean[] = [];
    const box = openBox(provisioned, broker.url, ACK_TIMEOUT_S, (connected) => connections.push(connected));
    cleanups.push(() => box.close());
    await until(() => connections.includes(true), 5000, "box connected");
    for (let n = 0; n < EVENTS; n++) box.raise();
    // The broker forwarded them to the tap, so it took them and (QoS 1) PUBACKed them.
    await until(() => tapped.length >= EVENTS, 5000, "the broker took every event");
    await sleep(100);
    expect(box.journal.unacknowledgedCount()).toBe(EVENTS);
    const platform = async (): Promise<TestReceiver> => {
      const started = await testReceiver(broker.url, { devices: devicesDir });
      cleanups.push(() => started.receiver.stop());
      return started;
    };
    return { broker, box, connections, platform, deviceId: provisioned.deviceId };
  }

  function expectAllStoredOnce(platform: TestReceiver, deviceId: string) {
    const stored = query<{ seq: number }>(platform.dbFile, "SELECT seq FROM events WHERE device_id = ? ORDER BY seq", deviceId).map((row) => row.seq);
    expect(stored).toEqual(Array.from({ length: EVENTS }, (_, index) => index + 1));
    expect(query(platform.dbFile, "SELECT * FROM findings")).toEqual([]);
  }

  it("the broker is killed after its PUBACK, before any platform took them: the box sends them again", async () => {
    const { broker, box, platform: startPlatform, deviceId } = await setUp();
    await broker.kill();
    await broker.launch(); // persistence off: what it had taken is gone
    const platform = await startPlatform();
    await until(() => box.journal.unacknowledgedCount() === 0, 15_000, "every event acknowledged by the platform");
    expectAllStoredOnce(platform, deviceId);
    expect(platform.receiver.stats().stored).toBe(EVENTS);
  });

  it("no platform was subscribed when the broker took them: without any reconnect, platform_ack_timeout_s sends them again", async () => {
    const { box, connections, platform: startPlatform, deviceId } = await setUp();
    const platform = await startPlatform();
    const startedAt = Date.now();
    await until(() => box.journal.unacknowledgedCount() === 0, 15_000, "every event acknowledged by the platform");
    const tookMs = Date.now() - startedAt;
    expectAllStoredOnce(platform, deviceId);
    // One connection all along: it was the timeout, not a reconnect, that sent them again.
    expect(connections).toEqual([true]);
    expect(tookMs).toBeLessThan(10_000);
  });
});
