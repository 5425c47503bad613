/**
 * The reference receiver: takes events and checkpoints from the boxes through a shared
 * MQTT 5 subscription (several receivers split the load), checks them, commits them to its
 * own SQLite store, and only then acknowledges them to the box. A timer asks boxes for
 * events that are missing below the highest one stored. Calibration records (retained) come
 * through a plain subscription, since shared ones get no retained messages: each is stored once.
 */
import { randomBytes } from "node:crypto";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { DEFAULT_TOPIC_ROOT } from "../../firmware/security/topics.ts";
import { noDelay } from "../../firmware/delivery/mqtt-publisher.ts";
import type { SealedEnvelope } from "../../firmware/evidence/seal.ts";
import { AckSender } from "./acks.ts";
import { DeviceKeyDirectory } from "./device-keys.ts";
import { GapTracker, type GapOptions } from "./gaps.ts";
import { judgeCalibration, judgeCheckpoint, judgeEventOffThread, type Judgement } from "./intake.ts";
import { ReceiverStore, type Finding } from "./store.ts";

export interface ReceiverOptions {
  /** mqtt://host:port or mqtts://host:port */
  broker: string;
  /** SQLite file; may be shared by several receivers on one host */
  db: string;
  /** directory of `<device-id>/evidence-pub.pem` */
  devices: string;
  root?: string;
  /** shared-subscription group; default "receivers"; null: a plain subscription (one receiver, or a broker without MQTT 5 such as aedes) */
  group?: string | null;
  /** MQTT 5 (default) or 3.1.1 (4), for a broker that speaks only that; needs group null */
  protocolVersion?: 4 | 5;
  clientId?: string;
  /** PEM contents for an mqtts broker */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** gap detection; scanMs: how often to look (default 1000) */
  gaps?: GapOptions & { scanMs?: number };
  /** gather acks per device this long; default 5 ms */
  ackBatchMs?: number;
  /** one line per thing that happened; default: nothing */
  log?: (line: string) => void;
}

export interface ReceiverStats {
  stored: number;
  duplicates: number;
  rejected: number;
  /** from devices without a public key: neither stored nor acknowledged */
  unknownDevice: number;
  checkpoints: number;
  /** calibration records stored (each once, however often a box sends it) */
  calibrations: number;
  findings: number;
  resendRequests: number;
  acksSent: number;
}

export interface RunningReceiver {
  clientId: string;
  stats(): ReceiverStats;
  /** Stops taking messages, sends the acks still gathered, disconnects and closes the store. */
  stop(): Promise<void>;
}

export async function startReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const root = options.root ?? DEFAULT_TOPIC_ROOT;
  const group = options.group === undefined ? "receivers" : options.group;
  const share = group === null ? "" : `$share/${group}/`;
  const clientId = options.clientId ?? `liftwatch-receiver-${randomBytes(4).toString("hex")}`;
  const log = options.log ?? (() => {});
  const store = new ReceiverStore(options.db, clientId);
  const keys = new DeviceKeyDirectory(options.devices);
  const gaps = new GapTracker(store, options.gaps);
  const counts = { stored: 0, duplicates: 0, rejected: 0, unknownDevice: 0, checkpoints: 0, calibrations: 0, findings: 0, resendRequests: 0 };

  let client: MqttClient;
  try {
    client = await connect(options, clientId);
    // Acknowledgements are small packets the box waits for: no Nagle delay on them.
    noDelay(client);
    client.on("connect", () => noDelay(client));
  } catch (error) {
    store.close();
    throw error;
  }
  const acks = new AckSender(client, root, options.ackBatchMs ?? 5, log);

  const report = (findings: Finding[]) => {
    counts.findings += findings.length;
    for (const finding of findings) log(`finding ${finding.kind} ${finding.deviceId} seq ${finding.seq}: ${finding.message}`);
  };

  /** Not acknowledged: the box keeps it and sends it again; the refusal is kept as evidence. */
  const refuse = (topic: string, deviceId: string, payload: Buffer, judgement: Extract<Judgement<unknown>, { ok: false }>) => {
    const what = `${deviceId}${judgement.seq === undefined ? "" : ` seq ${judgement.seq}`}`;
    if (judgement.unknownDevice) counts.unknownDevice += 1;
    else counts.rejected += 1;
    log(`${judgement.unknownDevice ? "ignored" : "rejected"} ${what}: ${judgement.reason}`);
    store.reject({ topic, deviceId, seq: judgement.seq, reason: judgement.reason, payload });
  };

  /**
   * Events in the order they came, each until its signature is checked (off the main thread:
   * see judgeEventOffThread). Those judged, from the front, are committed together: a burst (a
   * box draining its backlog) costs one disk flush, not one per event. Nothing is
   * acknowledged before it. `failure`: the judge itself failed (a bug, not the payload's fault).
   */
  const arrivals: { topic: string; deviceId: string; payload: Buffer; judgement?: Judgement<SealedEnvelope>; failure?: string }[] = [];
  const judging = new Set<Promise<void>>();
  let commitDue = false;
  let stopped = false;
  const commitJudged = () => {
    commitDue = false;
    if (stopped) return;
    let judged = 0;
    while (judged < arrivals.length && (arrivals[judged].judgement !== undefined || arrivals[judged].failure !== undefined)) judged += 1;
    const events: SoundEvent[] = [];
    for (const { topic, deviceId, payload, judgement, failure } of arrivals.splice(0, judged)) {
      try {
        // Not acknowledged: the box sends it again.
        if (!judgement) log(`not stored (${topic}): ${failure}`);
        else if (judgement.ok) events.push({ topic, deviceId, payload, envelope: judgement.record });
        else refuse(topic, deviceId, payload, judgement);
      } catch (error) {
        log(`not stored (${topic}): ${(error as Error).message}`);
      }
    }
    if (events.length > 0) commitBatch(events);
  };

  const commitBatch = (events: SoundEvent[]) => {
    let outcomes: ReturnType<ReceiverStore["storeEvents"]>;
    try {
      outcomes = store.storeEvents(events.map((event) => event.envelope));
    } catch (error) {
      // e.g. the store is busy beyond its timeout or the disk is full: no ack, the box resends.
      return log(`not stored (${events.length} events): ${(error as Error).message}`);
    }
    events.forEach(({ topic, deviceId, payload, envelope }, index) => {
      const outcome = outcomes[index];
      const what = `${deviceId} seq ${envelope.seq}`;
      if (outcome.kind === "conflict") {
        counts.rejected += 1;
        log(`rejected ${what}: conflicts with the stored record of that seq`);
        store.reject({ topic, deviceId, seq: envelope.seq, reason: "conflicting_record", payload });
        return report(outcome.findings);
      }
      if (outcome.kind === "duplicate") {
        counts.duplicates += 1;
        log(`duplicate ${what}: acked again`);
      } else {
        counts.stored += 1;
        log(`stored ${what} (boot ${envelope.boot}, ${envelope.type})`);
        if (outcome.reboot) log(`reboot ${deviceId}: boot ${outcome.reboot.from} -> ${outcome.reboot.to} (seq ${envelope.seq})`);
        report(outcome.findings);
      }
      acks.ack(deviceId, envelope.seq); // committed: storeEvents returned
    });
  };

  const onEvent = (topic: string, deviceId: string, payload: Buffer) => {
    const arrival: (typeof arrivals)[number] = { topic, deviceId, payload };
    arrivals.push(arrival);
    const judgement = judgeEventOffThread(deviceId, payload, keys)
      .then(
        (judged) => void (arrival.judgement = judged),
        (error: Error) => void (arrival.failure = error.message),
      )
      .then(() => {
        judging.delete(judgement);
        if (commitDue) return;
        commitDue = true;
        setImmediate(commitJudged);
      });
    judging.add(judgement);
  };

  const onCheckpoint = (topic: string, deviceId: string, payload: Buffer) => {
    const judgement = judgeCheckpoint(deviceId, payload, keys);
    if (!judgement.ok) return refuse(topic, deviceId, payload, judgement);
    const outcome = store.storeCheckpoint(judgement.record);
    if (outcome.kind === "stored") counts.checkpoints += 1;
    log(`checkpoint ${deviceId} seq ${judgement.record.seq}${outcome.kind === "duplicate" ? ": duplicate" : " stored"}`);
    report(outcome.findings);
  };

  const onCalibration = (topic: string, deviceId: string, payload: Buffer) => {
    // An empty retained message only clears the broker's copy: nothing was sent.
    if (payload.length === 0) return;
    const judgement = judgeCalibration(deviceId, payload, keys);
    if (!judgement.ok) return refuse(topic, deviceId, payload, judgement);
    const outcome = store.storeCalibration(judgement.record);
    if (outcome === "stored") counts.calibrations += 1;
    log(`calibration ${deviceId} of ${judgement.record.calibrated_at}${outcome === "duplicate" ? ": duplicate" : " stored"}`);
  };

  // The broker's PUBACK may go before the commit: only the platform acknowledgement, sent
  // after it, clears an event on the box, so a crash here loses nothing.
  client.on("message", (topic, payload) => {
    const [deviceId, kind, ...rest] = topic.startsWith(`${root}/`) ? topic.slice(root.length + 1).split("/") : [];
    try {
      if (deviceId === undefined || rest.length > 0) return log(`ignored message on ${topic}`);
      if (kind === "event") onEvent(topic, deviceId, payload);
      else if (kind === "checkpoint") onCheckpoint(topic, deviceId, payload);
      else if (kind === "calibration") onCalibration(topic, deviceId, payload);
    } catch (error) {
      // e.g. the store is busy beyond its timeout or the disk is full: no ack, the box resends.
      log(`not stored (${topic}): ${(error as Error).message}`);
    }
  });

  const askForGaps = () => {
    try {
      for (const [deviceId, ranges] of gaps.due()) {
        counts.resendRequests += 1;
        log(`gap ${deviceId}: asked to resend ${ranges.map(({ from, to }) => (from === to ? `${from}` : `${from}..${to}`)).join(", ")}`);
        acks.requestResend(deviceId, ranges);
      }
    } catch (error) {
      log(`gap scan failed: ${(error as Error).message}`);
    }
  };
  const gapTimer = setInterval(askForGaps, options.gaps?.scanMs ?? 1000);

  try {
    await subscribe(client, [`${share}${root}/+/event`, `${share}${root}/+/checkpoint`, `${root}/+/calibration`]);
  } catch (error) {
    clearInterval(gapTimer);
    await client.endAsync(true);
    store.close();
    throw error;
  }
  log(`receiving on ${options.broker} as ${clientId} (${group === null ? "no shared group" : `group ${group}`}, root ${root})`);

  let stopping: Promise<void> | undefined;
  return {
    clientId,
    stats: () => ({ ...counts, acksSent: acks.sent }),
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(gapTimer);
        client.removeAllListeners("message");
        await Promise.all(judging);
        commitJudged();
        stopped = true;
        await acks.drain();
        await client.endAsync();
        store.close();
      })()),
  };
}

/** An event judged sound, on its way to the store. */
interface SoundEvent {
  topic: string;
  deviceId: string;
  payload: Buffer;
  envelope: SealedEnvelope;
}

/** Fails fast on the first attempt (a wrong URL or certificate), reconnects after that. */
function connect(options: ReceiverOptions, clientId: string): Promise<MqttClient> {
  const connectOptions: IClientOptions = { clientId, protocolVersion: options.protocolVersion ?? 5, clean: true, reconnectPeriod: 1000, connectTimeout: 10_000, ...options.tls };
  return mqtt.connectAsync(options.broker, connectOptions, false);
}

async function subscribe(client: MqttClient, filters: string[]): Promise<void> {
  const granted = await client.subscribeAsync(filters, { qos: 1 });
  const refused = granted.filter((grant) => grant.qos > 1);
  if (refused.length > 0) throw new Error(`the broker refused ${refused.map((grant) => grant.topic).join(", ")} (reason ${refused[0].qos})`);
}
