/**
 * The retained status after an outage: the state a new subscriber is told is the box's
 * latest, not a heartbeat queued while the broker was away.
 */
import mqtt from "mqtt";
import { describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { MqttPublisher } from "../../firmware/delivery/mqtt-publisher.ts";
import { uniqueClientId } from "../support/ids.ts";
import { until } from "../support/until.ts";

describe("the retained status across an outage", () => {
  it("is the birth at reconnection: heartbeats queued meanwhile are dropped, and the last retained message queued for a topic supersedes the ones before", async () => {
    // A free port, with no broker on it yet.
    const probe = await startEmbeddedBroker();
    const port = probe.port;
    await probe.close();
    const topic = `liftwatch/v1/${uniqueClientId("box")}/status`;
    const status = (what: string) => ({ topic, payload: JSON.stringify({ online: true, what }), retain: true, label: "status" });
    let births = 0;
    const publisher = new MqttPublisher({
      url: `mqtt://127.0.0.1:${port}`,
      clientId: uniqueClientId("box"),
      keepaliveS: 30,
      reconnectS: 0.1,
      will: { topic, payload: JSON.stringify({ online: false }) },
      birth: () => status(`birth ${++births}`),
    });
    for (let beat = 1; beat <= 3; beat++) publisher.send(status(`heartbeat ${beat}, broker away`));
    // Superseded as they queue: one waits, not three.
    expect(publisher.pending).toBe(1);

    const broker = await startEmbeddedBroker(port);
    const seen: string[] = [];
    const live = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("platform") });
    try {
      live.on("message", (_topic, payload) => seen.push((JSON.parse(payload.toString()) as { what: string }).what));
      await live.subscribeAsync(topic, { qos: 1 });
      await until(() => publisher.isConnected && publisher.pending === 0);
      publisher.send(status("heartbeat 4, connected"));
      await until(() => seen.includes("heartbeat 4, connected"));
      expect(seen.filter((what) => what.startsWith("heartbeat") && what.endsWith("broker away"))).toEqual([]);
      expect(seen.filter((what) => what.startsWith("birth"))).toHaveLength(1);
      await publisher.close({ topic, payload: JSON.stringify({ online: false }), retain: true, label: "status" });
    } finally {
      await live.endAsync();
      await broker.close();
    }
  });
});
