/**
 * The firmware running live: the simulated board on a virtual clock paced against the wall
 * clock (`speed` × real time), publishing over MQTT, with a readable view of the lift and of
 * each event as it is published and as a separate subscriber receives it.
 */
import mqtt from "mqtt";
import type { Config } from "../firmware/config/schema.ts";
import { MqttLink } from "../firmware/delivery/mqtt-link.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import type { LiftState } from "../firmware/pipeline.ts";
import type { EventEnvelope } from "../protocols/contract.ts";
import type { Scenario } from "../simulator/scenario.ts";
import { createSimulatedBox } from "../simulator/simulated-box.ts";
import { startEmbeddedBroker, type EmbeddedBroker } from "./embedded-broker.ts";

export interface LiveOptions {
  scenario: Scenario;
  config: Config;
  /** broker URL; absent: start the embedded one */
  broker?: string;
  /** × real time */
  speed: number;
  /** stop after the scenario's duration (start) or run until a signal (run) */
  stopAtScenarioEnd: boolean;
  /** also subscribe with a separate MQTT client and show what it receives */
  viewer: boolean;
}

const REAL_TICK_MS = 50;

export async function runLive(options: LiveOptions): Promise<number> {
  const { config, scenario } = options;
  let embedded: EmbeddedBroker | undefined;
  if (options.broker === undefined) {
    embedded = await startEmbeddedBroker();
    say(`embedded MQTT broker (aedes) on ${embedded.url}`);
  }
  const url = options.broker ?? embedded!.url;
  const received = new Set<string>();
  const published: EventEnvelope[] = [];

  const viewer = options.viewer ? await startViewer(url, `${config.mqtt.topic_root}/${config.device.id}/#`, received) : undefined;

  let link: MqttLink | undefined;
  const box = createSimulatedBox(scenario, {
    config,
    sink: {
      event: (envelope) => {
        published.push(envelope);
        say(`★ ${envelope.insured ? "INSURED EVENT" : "event"} ${describe(envelope)} → ${link!.topic("event")}`);
        link!.event(envelope);
      },
      trip: (trip) => link!.trip(trip),
    },
    onRecord: (record) => {
      if (record.type === "trip") say(`  trip ${describeTrip(record)}`);
    },
  });
  link = new MqttLink({
    config: box.config,
    url,
    status: (online, pending) => box.device.status(online, pending),
    onConnectionChange: (connected, reason) =>
      say(connected ? `connected to ${url}` : `broker ${url} unreachable (${reason}); events wait and are sent on reconnect`),
    onContractViolation: (problem) => say(`! envelope breaks the contract (sent anyway, as evidence): ${problem}`),
  });

  say(`scenario "${scenario.name}": ${scenario.description} (${options.speed}× real time)`);
  let lastView = "";
  const showLift = () => {
    const view = describeLift(box.device.liftState());
    if (view !== lastView) say(`  ${clockLabel(box.clock.now())}  ${view}`);
    lastView = view;
  };

  const endMs = scenario.duration_s * 1000;
  await new Promise<void>((resolve) => {
    const interval = setInterval(() => {
      const target = box.clock.now() + REAL_TICK_MS * options.speed;
      box.clock.advanceTo(options.stopAtScenarioEnd ? Math.min(target, endMs) : target);
      showLift();
      if (options.stopAtScenarioEnd && box.clock.now() >= endMs) finish();
    }, REAL_TICK_MS);
    const finish = () => {
      clearInterval(interval);
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      resolve();
    };
    process.on("SIGINT", finish);
    process.on("SIGTERM", finish);
  });

  box.device.stop();
  const delivered = await link.drain(5000);
  // Give the subscriber a moment to receive what the broker has acknowledged.
  const deadline = Date.now() + 2000;
  while (viewer && published.some((envelope) => !received.has(envelope.event_id)) && Date.now() < deadline) await sleep(20);
  await link.close();
  await viewer?.endAsync();
  await embedded?.close();

  const missing = published.filter((envelope) => viewer && !received.has(envelope.event_id));
  say(
    `done: ${published.length} event(s) published` +
      (viewer ? `, ${published.length - missing.length} received by the subscriber` : "") +
      (delivered ? "" : `, ${link.pending} still waiting for the broker`),
  );
  return delivered && missing.length === 0 ? 0 : 1;
}

async function startViewer(url: string, filter: string, received: Set<string>) {
  const client = await mqtt.connectAsync(url, { clientId: `liftwatch-viewer-${process.pid}-${Math.random().toString(16).slice(2, 8)}`, reconnectPeriod: 1000 });
  client.on("message", (topic, payload) => {
    if (!topic.endsWith("/event")) return;
    try {
      const envelope = JSON.parse(payload.toString()) as EventEnvelope;
      if (received.has(envelope.event_id)) return;
      received.add(envelope.event_id);
      say(`  ✓ subscriber received ${envelope.type} (${envelope.event_id}) on ${topic}`);
    } catch {
      say(`  ! subscriber received a payload that is not JSON on ${topic}`);
    }
  });
  await client.subscribeAsync(filter, { qos: 1 });
  say(`subscriber listening on ${filter}`);
  return client;
}

function describe(envelope: EventEnvelope): string {
  const details = Object.entries(envelope.details).map(([key, value]) => `${key}=${typeof value === "number" ? value.toFixed(1) : value}`);
  const onset = (envelope.onset.mono_ms / 1000).toFixed(1);
  const raised = (envelope.raised.mono_ms / 1000).toFixed(1);
  return `${envelope.type}${details.length ? ` (${details.join(", ")})` : ""} onset ${onset} s, raised ${raised} s, id ${envelope.event_id}`;
}

function describeTrip(record: DetectionRecord): string {
  const landings = record.from_landing !== undefined ? ` landing ${record.from_landing} → ${record.to_landing}` : "";
  return `${record.direction} ${record.distance_m} m, peak ${record.max_speed_mps} m/s${landings}`;
}

function describeLift(state: LiftState): string {
  const motion = state.motion === "moving" ? `moving ${state.direction === "up" ? "▲" : "▼"}` : state.motion;
  const landing = state.landing !== null ? `landing ${state.landing}` : "between landings";
  return `${motion.padEnd(9)} ${landing.padEnd(16)} door ${state.door.padEnd(7)} zone ${state.zone.padEnd(7)} ${state.occupancy}`;
}

function clockLabel(ms: number): string {
  return `t=${(ms / 1000).toFixed(1).padStart(7)} s`;
}

function say(line: string): void {
  process.stdout.write(line + "\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
