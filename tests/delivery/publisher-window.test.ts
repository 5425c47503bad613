/**
 * The publisher's window with a platform slow to acknowledge: events it has not acknowledged
 * hold back later events, and nothing else. A review client showed that with the window full
 * of them the box published no heartbeat for 14 intervals (a platform takes such a box for
 * gone), answered a command only once the events were acknowledged, and held its trips and
 * checkpoints back too.
 */
import mqtt from "mqtt";
import { describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { MqttPublisher, type OutgoingMessage } from "../../firmware/delivery/mqtt-publisher.ts";
import { uniqueClientId } from "../support/ids.ts";
import { until } from "../support/until.ts";

describe("the publisher's window, the platform not acknowledging", () => {
  it("holds back events beyond it, while heartbeats and trips go on, and the next event goes once one is acknowledged", async () => {
    const broker = await startEmbeddedBroker();
    const root = `liftwatch/v1/${uniqueClientId("box")}`;
    const message = (kind: string, label: string, ackKey?: string): OutgoingMessage => ({ topic: `${root}/${kind}`, payload: JSON.stringify({ label }), retain: kind === "status", label, ...(ackKey ? { ackKey } : {}) });
    const publisher = new MqttPublisher({
      url: broker.url,
      clientId: uniqueClientId("box"),
      keepaliveS: 30,
      reconnectS: 0.1,
      will: { topic: `${root}/status`, payload: JSON.stringify({ label: "offline" }) },
      birth: () => message("status", "birth"),
      window: 2,
    });
    const seen: string[] = [];
    const platform = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("platform") });
    try {
      platform.on("message", (_topic, payload) => seen.push((JSON.parse(payload.toString()) as { label: string }).label));
      await platform.subscribeAsync(`${root}/#`, { qos: 1 });
      await until(() => publisher.isConnected && seen.includes("birth"));
      for (const seq of [1, 2, 3]) publisher.send(message("event", `event ${seq}`, `event ${seq}`));
      publisher.send(message("status", "heartbeat"));
      publisher.send(message("trip", "trip"));
      await until(() => seen.includes("heartbeat") && seen.includes("trip"));
      expect(seen.filter((label) => label.startsWith("event"))).toEqual(["event 1", "event 2"]);
      expect(publisher.pendingAcks).toBe(3);

      expect(publisher.acknowledge("event 1")).toBe(true);
      await until(() => seen.includes("event 3"));
      expect(seen.filter((label) => label.startsWith("event"))).toEqual(["event 1", "event 2", "event 3"]);
      await publisher.close(message("status", "offline"));
    } finally {
      await platform.endAsync();
      await broker.close();
    }
  });
});
