/**
 * Delivery figures against Mosquitto (aedes where the binary is absent): an event journaled
 * → the platform's acknowledgement back at the box, for events spaced out (latency), and a
 * backlog left by an outage drained through the reference receiver (rate). The box, its
 * journal and the receiver run in this process, as on one small machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmbeddedBroker } from "../cli/embedded-broker.ts";
import { defaultConfig } from "../firmware/config/schema.ts";
import { MqttLink } from "../firmware/delivery/mqtt-link.ts";
import { openBoxJournal } from "../firmware/journal/box-journal.ts";
import type { EventEnvelope } from "../protocols/contract.ts";
import { startReceiver } from "../platform/receiver/receiver.ts";
import { mosquittoBinary, startMosquitto } from "../tests/support/mosquitto.ts";
import type { Figure } from "./figures.ts";
import { percentile } from "./figures.ts";

const instant = { mono_ms: 0, wall: "2026-01-01T00:00:00.000Z" };
const draft = (n: number): EventEnvelope => ({
  v: 1, event_id: "bench:0:1", device_id: "bench", boot: 0, seq: 1, type: "entrapment", insured: true, onset: instant, raised: instant,
  time_quality: "simulated", config_version: "bench", details: { kind: "between_floors", n },
  lift: { motion: "stopped", direction: null, door: "closed", zone: "outside", occupancy: "occupied", mode: "normal", landing: null, position_m: 1 },
});

export async function deliveryFigures(quick: boolean): Promise<Figure[]> {
  const mosquitto = mosquittoBinary() ? await startMosquitto() : undefined;
  const aedes = mosquitto ? undefined : await startEmbeddedBroker();
  const url = mosquitto?.url ?? aedes!.url;
  const brokerName = mosquitto ? "Mosquitto" : "aedes";
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-bench-"));
  const config = defaultConfig();
  config.device.id = "bench";
  config.mqtt.protocol_version = mosquitto ? 5 : 4;
  const { journal, keyFiles } = openBoxJournal(config, join(folder, "journal.db"));
  const { copyFileSync, mkdirSync } = await import("node:fs");
  mkdirSync(join(folder, "devices", "bench"), { recursive: true });
  copyFileSync(keyFiles.publicKeyFile, join(folder, "devices", "bench", "evidence-pub.pem"));
  const receiver = await startReceiver({ broker: url, db: join(folder, "platform.db"), devices: join(folder, "devices"), ...(mosquitto ? {} : { group: null, protocolVersion: 4 }) });

  // A backlog: what an outage left in the journal, before the link exists.
  const backlog = quick ? 500 : 5000;
  for (let n = 0; n < backlog; n++) {
    const { event_id: _a, device_id: _b, boot: _c, seq: _d, ...rest } = draft(n);
    journal.appendEvent(rest);
  }
  const acknowledgedAt = new Map<number, number>();
  const drainStart = performance.now();
  const link = new MqttLink({ config, url, journal, status: (online) => ({ v: 1, device_id: "bench", online }), onAcknowledged: (seq) => acknowledgedAt.set(seq, performance.now()) });
  await until(() => journal.unacknowledgedCount() === 0, 120_000);
  const drainS = (performance.now() - drainStart) / 1000;

  // Latency: one event at a time, spaced so nothing queues.
  const latencies: number[] = [];
  const count = quick ? 50 : 500;
  for (let n = 0; n < count; n++) {
    const start = performance.now();
    const sealed = link.event(draft(n));
    await until(() => acknowledgedAt.has(sealed.seq), 10_000);
    latencies.push(acknowledgedAt.get(sealed.seq)! - start);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await link.close();
  await receiver.stop();
  journal.close();
  await mosquitto?.stop();
  await aedes?.close();
  rmSync(folder, { recursive: true, force: true });
  const method = `box, journal and reference receiver in one process, ${brokerName} on loopback`;
  return [
    { name: "event journaled → platform acknowledgement, p50", value: percentile(latencies, 0.5), unit: "ms", method: `${count} events one at a time; ${method}`, target: "p99 ≤ 50 ms" },
    { name: "event journaled → platform acknowledgement, p99", value: percentile(latencies, 0.99), unit: "ms", method: `${count} events one at a time; ${method}`, target: "≤ 50 ms" },
    { name: "backlog drain", value: backlog / drainS, unit: "events/s", method: `${backlog} journaled events sent, stored and acknowledged after an outage; ${method}`, target: "≥ 2,000 events/s" },
  ];
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("benchmark: timed out waiting for acknowledgements");
    await new Promise((resolve) => setImmediate(resolve));
  }
}
