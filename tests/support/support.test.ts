// Tests for the test fixtures themselves: if these fail, every integration
// test built on them is suspect.
import mqtt from "mqtt";
import { describe, expect, it } from "vitest";
import { uniqueClientId } from "./ids.ts";
import { isPortOpen, mosquittoBinary, startMosquitto } from "./mosquitto.ts";

describe.skipIf(!mosquittoBinary())("startMosquitto", () => {
  it("runs a private broker that relays QoS 1 messages, and stop() shuts it down", async () => {
    const broker = await startMosquitto();
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    expect(broker.pid).toBeGreaterThan(0);

    let client: mqtt.MqttClient | undefined;
    try {
      client = await mqtt.connectAsync(broker.url, {
        clientId: uniqueClientId("t"),
        protocolVersion: 5,
        reconnectPeriod: 0,
      });
      const topic = `liftwatch/test/${uniqueClientId("topic")}`;
      const granted = await client.subscribeAsync(topic, { qos: 1 });
      expect(granted[0]?.qos).toBe(1);

      const received = new Promise<{ topic: string; payload: string; qos: number }>((resolve) => {
        client!.on("message", (t, payload, packet) => resolve({ topic: t, payload: payload.toString(), qos: packet.qos }));
      });
      await client.publishAsync(topic, "door-stuck", { qos: 1 });

      expect(await received).toEqual({ topic, payload: "door-stuck", qos: 1 });
    } finally {
      await client?.endAsync();
      await broker.stop();
    }

    expect(await isPortOpen(broker.port)).toBe(false);
    // Exactly our process is gone (signal 0 only probes).
    expect(() => process.kill(broker.pid, 0)).toThrow();
    // Stopping twice is harmless (afterAll after a failed test, etc.).
    await expect(broker.stop()).resolves.toBeUndefined();
  });

  it("gives concurrent brokers distinct ports", async () => {
    const brokers = await Promise.all([startMosquitto(), startMosquitto()]);
    try {
      expect(brokers[0].port).not.toBe(brokers[1].port);
      expect(brokers[0].pid).not.toBe(brokers[1].pid);
    } finally {
      await Promise.all(brokers.map((b) => b.stop()));
    }
  });
});

describe("uniqueClientId", () => {
  it("returns distinct ids that keep the prefix and the pid", () => {
    const ids = Array.from({ length: 1000 }, () => uniqueClientId("t"));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.startsWith(`t-${process.pid}-`)).toBe(true);
  });
});
