/**
 * The envelope reaches a real MQTT subscriber: on the embedded broker (aedes, MQTT 3.1.1)
 * and on Mosquitto (MQTT 5), and after the broker was unreachable when the event was raised.
 */
import { createServer, type AddressInfo } from "node:net";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker, type EmbeddedBroker } from "../../cli/embedded-broker.ts";
import { MqttLink } from "../../firmware/delivery/mqtt-link.ts";
import { contractViolation, type EventEnvelope, type StatusMessage } from "../../protocols/contract.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, startMosquitto } from "../support/mosquitto.ts";
import { until } from "../support/until.ts";

/** Runs the between-floors scenario to its end (simulated time) publishing through a link. */
function trappedBox(url: string, deviceId: string) {
  const scenario = loadScenario("between-floors");
  let link: MqttLink | undefined;
  const box = createSimulatedBox(scenario, {
    config: { device: { id: deviceId } },
    sink: { event: (envelope) => link!.event(envelope), trip: (trip) => link!.trip(trip) },
  });
  link = new MqttLink({ config: box.config, url, status: (online, pending) => box.device.status(online, pending) });
  return { box, link, run: () => box.clock.advanceTo(scenario.duration_s * 1000) };
}

async function subscriber(url: string, filter: string, protocolVersion: 4 | 5 = 4) {
  const client = await mqtt.connectAsync(url, { clientId: uniqueClientId("subscriber"), protocolVersion });
  const messages: { topic: string; payload: unknown; retain: boolean }[] = [];
  client.on("message", (topic, payload, packet) => messages.push({ topic, payload: JSON.parse(payload.toString()), retain: packet.retain }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages };
}


const events = (messages: { topic: string; payload: unknown }[]) =>
  messages.filter((message) => message.topic.endsWith("/event")).map((message) => message.payload as EventEnvelope);

describe("on the embedded broker (aedes)", () => {
  let broker: EmbeddedBroker;
  let viewer: MqttClient | undefined;
  beforeAll(async () => (broker = await startEmbeddedBroker()));
  afterAll(async () => {
    await viewer?.endAsync();
    await broker.close();
  });

  it("a separate subscriber receives the entrapment envelope, intact", async () => {
    const deviceId = uniqueClientId("box");
    const { client, messages } = await subscriber(broker.url, `liftwatch/v1/${deviceId}/#`);
    viewer = client;
    const { link, run } = trappedBox(broker.url, deviceId);
    run();
    await until(() => events(messages).length === 2);
    const [entrapment, stopped] = events(messages);
    expect(entrapment.type).toBe("entrapment");
    expect(stopped.type).toBe("stopped_outside_door_zone");
    expect(contractViolation("EventEnvelope", entrapment)).toBeUndefined();
    expect(entrapment).toMatchObject({ device_id: deviceId, seq: 1, insured: true, details: { kind: "between_floors" } });
    expect(await link.drain(5000)).toBe(true);
    await link.close();
    const statuses = messages.filter((message) => message.topic.endsWith("/status")).map((message) => message.payload as StatusMessage);
    expect(statuses[0].online).toBe(true);
    // Its wall time says how far it can be trusted, as every message's does (a simulated box's: not at all).
    expect(statuses[0]).toMatchObject({ at: { wall: expect.any(String) }, time_quality: "simulated" });
    expect(contractViolation("StatusMessage", statuses[0])).toBeUndefined();
    await until(() => messages.some((message) => message.topic.endsWith("/status") && (message.payload as StatusMessage).online === false));
  });
});

describe("when the broker is unreachable at first", () => {
  it("keeps the events and sends them once the broker is there", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const deviceId = uniqueClientId("box");
    const { link, run } = trappedBox(`mqtt://127.0.0.1:${port}`, deviceId);
    run();
    expect(link.pending).toBeGreaterThanOrEqual(2);
    const broker = await startEmbeddedBroker(port);
    try {
      const { client, messages } = await subscriber(broker.url, `liftwatch/v1/${deviceId}/event`);
      expect(await link.drain(15_000)).toBe(true);
      await until(() => events(messages).length === 2);
      expect(events(messages).map((envelope) => envelope.seq)).toEqual([1, 2]);
      await client.endAsync();
      await link.close();
    } finally {
      await broker.close();
    }
  });
});

describe.skipIf(!mosquittoBinary())("on Mosquitto, with an MQTT 5 subscriber", () => {
  it("delivers the envelopes and leaves the retained status for late subscribers", async () => {
    const broker = await startMosquitto();
    try {
      const deviceId = uniqueClientId("box");
      const { client, messages } = await subscriber(broker.url, `liftwatch/v1/${deviceId}/event`, 5);
      const { link, run } = trappedBox(broker.url, deviceId);
      run();
      await until(() => events(messages).length === 2);
      expect(events(messages).map((envelope) => envelope.type)).toEqual(["entrapment", "stopped_outside_door_zone"]);
      expect(await link.drain(5000)).toBe(true);
      const late = await subscriber(broker.url, `liftwatch/v1/${deviceId}/status`, 5);
      await until(() => late.messages.length > 0);
      expect(late.messages[0]).toMatchObject({ retain: true, payload: { online: true, device_id: deviceId } });
      await link.close();
      await client.endAsync();
      await late.client.endAsync();
    } finally {
      await broker.stop();
    }
  });
});
