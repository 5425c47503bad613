// Box-side delivery with a journal, against a real Mosquitto: an event is cleared only by
// the platform's acknowledgement, survives a restart, and is sent again when asked for.
// Needs the mosquitto binary (installed by .ci/run); skipped only where it is absent.
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig, type Config } from "../../firmware/config/schema.ts";
import { MqttLink } from "../../firmware/delivery/mqtt-link.ts";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { ChainVerifier } from "../../firmware/evidence/verify.ts";
import type { SealedEnvelope } from "../../firmware/evidence/seal.ts";
import { Journal } from "../../firmware/journal/journal.ts";
import type { PlatformAck, StatusMessage } from "../../protocols/contract.ts";
import { eventDraft, temporaryFolder } from "../evidence/fixtures.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, startMosquitto, type MosquittoBroker } from "../support/mosquitto.ts";
import { until } from "../support/until.ts";

const keys = generateDeviceKeys();

function boxConfig(deviceId: string, protocolVersion: 4 | 5): Config {
  const config = defaultConfig();
  config.device.id = deviceId;
  config.mqtt.protocol_version = protocolVersion;
  config.mqtt.reconnect_s = 0.2;
  config.mqtt.platform_ack_timeout_s = 60;
  return config;
}

function openBox(config: Config, url: string, file: string) {
  const journal = Journal.open({ file, deviceId: config.device.id, keys });
  journal.startBoot();
  const status = (online: boolean): StatusMessage => ({ v: 1, device_id: config.device.id, online });
  const acknowledged: number[] = [];
  const link = new MqttLink({ config, url, journal, status, onAcknowledged: (seq) => acknowledged.push(seq) });
  const raise = (n: number) => {
    const draft = eventDraft("entrapment", { n });
    link.event({ ...draft, event_id: `${config.device.id}:0:${n}`, device_id: config.device.id, boot: journal.boot, seq: n });
  };
  return { journal, link, raise, acknowledged, close: async () => (await link.close(), journal.close()) };
}

/** A stand-in platform: records what arrives and, when told to, acknowledges it. */
async function platform(url: string, deviceId: string, protocolVersion: 4 | 5) {
  const client: MqttClient = await mqtt.connectAsync(url, { clientId: uniqueClientId("platform"), protocolVersion });
  const received: SealedEnvelope[] = [];
  let acking = false;
  client.on("message", (_topic, payload) => {
    const envelope = JSON.parse(payload.toString()) as SealedEnvelope;
    received.push(envelope);
    if (acking) ack({ v: 1, device_id: deviceId, acked: [envelope.seq] });
  });
  await client.subscribeAsync(`liftwatch/v1/${deviceId}/event`, { qos: 1 });
  const ack = (message: PlatformAck) => client.publish(`liftwatch/v1/${deviceId}/ack`, JSON.stringify(message), { qos: 1 });
  return { received, ack, startAcking: () => (acking = true), close: () => client.endAsync() };
}


describe.skipIf(!mosquittoBinary())("journaled delivery on Mosquitto", () => {
  let broker: MosquittoBroker;
  beforeAll(async () => (broker = await startMosquitto()));
  afterAll(async () => broker?.stop());

  for (const protocolVersion of [4, 5] as const) {
    it(`MQTT ${protocolVersion === 4 ? "3.1.1" : "5"}: keeps an event the broker took until the platform acknowledges it`, async () => {
      const deviceId = uniqueClientId("box");
      const folder = temporaryFolder();
      const peer = await platform(broker.url, deviceId, protocolVersion);
      const box = openBox(boxConfig(deviceId, protocolVersion), broker.url, join(folder, "journal.db"));
      box.raise(1);
      box.raise(2);
      await until(() => peer.received.length >= 2);
      // The broker has them; the platform has not said it committed them.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(box.link.pending).toBe(2);
      expect(box.journal.unacknowledgedCount()).toBe(2);
      peer.ack({ v: 1, device_id: deviceId, acked: [1] });
      await until(() => box.journal.unacknowledgedCount() === 1);
      peer.ack({ v: 1, device_id: deviceId, acked: [2] });
      await until(() => box.link.pending === 0);
      // What arrived is sealed: a chain that verifies with the device's key.
      const verifier = new ChainVerifier({ publicKey: keys.publicKey, deviceId });
      for (const envelope of peer.received.slice(0, 2)) expect(verifier.feed(envelope)).toBeUndefined();
      await box.close();
      await peer.close();
    });
  }

  it("sends again after a restart what nobody acknowledged, and what the platform asks for", async () => {
    const deviceId = uniqueClientId("box");
    const file = join(temporaryFolder(), "journal.db");
    const config = boxConfig(deviceId, 5);
    const peer = await platform(broker.url, deviceId, 5);
    const first = openBox(config, broker.url, file);
    for (let n = 1; n <= 5; n++) first.raise(n);
    await until(() => peer.received.length >= 5);
    await first.close();

    // Restarted: the same five come again, with their seals; the platform now commits them.
    peer.startAcking();
    const second = openBox(config, broker.url, file);
    expect(second.journal.boot).toBe(2);
    await until(() => second.link.pending === 0);
    expect(peer.received.slice(5).map((envelope) => envelope.seq)).toEqual([1, 2, 3, 4, 5]);

    // New events after the restart continue the same chain.
    const before = peer.received.length;
    second.raise(6);
    second.raise(7);
    await until(() => second.link.pending === 0);
    expect(peer.received.slice(before).map((envelope) => envelope.seq)).toEqual([6, 7]);
    await second.close();
    await peer.close();
  });

  // Only the first window of them went: the rest waited for later restarts, or were shed.
  it("after a restart sends every trip an earlier run left undelivered, a window at a time", async () => {
    const deviceId = uniqueClientId("box");
    const config = boxConfig(deviceId, 5);
    config.mqtt.window = 3;
    const file = join(temporaryFolder(), "journal.db");
    const earlier = Journal.open({ file, deviceId, keys });
    earlier.startBoot();
    for (let index = 1; index <= 8; index++) earlier.appendTelemetry("trip", { v: 1, device_id: deviceId, index });
    earlier.close();
    const listener = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("platform"), protocolVersion: 5 });
    const trips: number[] = [];
    listener.on("message", (_topic, payload) => trips.push((JSON.parse(payload.toString()) as { index: number }).index));
    await listener.subscribeAsync(`liftwatch/v1/${deviceId}/trip`, { qos: 1 });
    const box = openBox(config, broker.url, file);
    await until(() => trips.length >= 8);
    await until(() => box.journal.unacknowledgedTelemetry(100).length === 0);
    expect(trips).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await box.close();
    await listener.endAsync();
  });

  it("asked to resend a range, sends the events it still waits on in that range", async () => {
    const deviceId = uniqueClientId("box");
    const peer = await platform(broker.url, deviceId, 5);
    const box = openBox(boxConfig(deviceId, 5), broker.url, join(temporaryFolder(), "journal.db"));
    for (let n = 1; n <= 4; n++) box.raise(n);
    await until(() => peer.received.length >= 4);
    peer.ack({ v: 1, device_id: deviceId, acked: [1, 4], resend: [{ from: 2, to: 3 }] });
    await until(() => peer.received.length >= 6);
    expect(peer.received.slice(4).map((envelope) => envelope.seq).sort()).toEqual([2, 3]);
    expect(box.journal.unacknowledgedCount()).toBe(2);
    await box.close();
    await peer.close();
  });

  // A platform whose store was restored from a backup has lost events it had acknowledged:
  // the box had looked for them only among those still waiting, and sent nothing.
  it("asked to resend events the platform had acknowledged, sends them from the journal as they were sealed", async () => {
    const deviceId = uniqueClientId("box");
    const peer = await platform(broker.url, deviceId, 5);
    peer.startAcking();
    const box = openBox(boxConfig(deviceId, 5), broker.url, join(temporaryFolder(), "journal.db"));
    for (let n = 1; n <= 3; n++) box.raise(n);
    await until(() => peer.received.length >= 3 && box.link.pending === 0);
    const sealed = peer.received.slice(0, 3);
    // Overlapping ranges ask for seq 2 twice: it goes once.
    peer.ack({ v: 1, device_id: deviceId, acked: [], resend: [{ from: 1, to: 2 }, { from: 2, to: 2 }] });
    await until(() => peer.received.length >= 5);
    expect(peer.received.slice(3)).toEqual(sealed.slice(0, 2));
    // Each waits for its acknowledgement again, and is cleared by it (not sent on); each event
    // is reported acknowledged once, not again for its second acknowledgement.
    expect(await box.link.drain(5000)).toBe(true);
    expect(peer.received).toHaveLength(5);
    expect(box.acknowledged).toEqual([1, 2, 3]);
    await box.close();
    await peer.close();
  });
});
