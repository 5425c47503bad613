/** For the receiver tests: a device with a key pair and a chain of sealed envelopes, a box's MQTT client, a receiver in a temp folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import mqtt, { type MqttClient } from "mqtt";
import type { PlatformAck } from "../../protocols/contract.ts";
import { GENESIS_DIGEST, recordDigest } from "../../firmware/evidence/canonical.ts";
import { generateDeviceKeys, publicKeyPem, type DeviceKeys } from "../../firmware/evidence/keys.ts";
import { sealEnvelope, type SealedEnvelope } from "../../firmware/evidence/seal.ts";
import { startReceiver, type ReceiverOptions, type RunningReceiver } from "../../platform/receiver/receiver.ts";
import { eventDraft } from "../evidence/fixtures.ts";
import { uniqueClientId } from "../support/ids.ts";
import { until } from "../support/until.ts";
export { until };

export const ROOT = "liftwatch/v1";

export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), "liftwatch-receiver-"));
}

/** A provisioned device (its public key in `<devices>/<id>/evidence-pub.pem`) that seals its own chain. */
export class TestDevice {
  readonly keys: DeviceKeys = generateDeviceKeys();
  private head = GENESIS_DIGEST;
  private seq = 0;

  constructor(readonly id: string, devicesDir?: string) {
    if (devicesDir) {
      mkdirSync(join(devicesDir, id), { recursive: true });
      writeFileSync(join(devicesDir, id, "evidence-pub.pem"), publicKeyPem(this.keys));
    }
  }

  /** The next sealed envelope of the chain; `prevDigest` forges a broken link. */
  next(options: { boot?: number; prevDigest?: string } = {}): SealedEnvelope {
    this.seq += 1;
    const boot = options.boot ?? 1;
    const draft = eventDraft("entrapment", { n: this.seq });
    const envelope = sealEnvelope({ ...draft, event_id: `${this.id}:${boot}:${this.seq}`, device_id: this.id, boot, seq: this.seq }, options.prevDigest ?? this.head, this.keys.privateKey);
    this.head = recordDigest(envelope);
    return envelope;
  }

  chain(count: number): SealedEnvelope[] {
    return Array.from({ length: count }, () => this.next());
  }
}

/** What a box does on the wire: publishes its events and listens for its acks. */
export class TestBox {
  readonly acks: PlatformAck[] = [];
  private constructor(readonly client: MqttClient, readonly deviceId: string) {}

  static async connect(url: string, deviceId: string, onAck?: (ack: PlatformAck) => void): Promise<TestBox> {
    const client = await mqtt.connectAsync(url, { clientId: uniqueClientId(`box-${deviceId}`), protocolVersion: 5 });
    const box = new TestBox(client, deviceId);
    client.on("message", (_topic, payload) => {
      const ack = JSON.parse(payload.toString()) as PlatformAck;
      onAck?.(ack);
      box.acks.push(ack);
    });
    await client.subscribeAsync(`${ROOT}/${deviceId}/ack`, { qos: 1 });
    return box;
  }

  async publish(record: unknown, kind: "event" | "checkpoint" = "event"): Promise<void> {
    await this.client.publishAsync(`${ROOT}/${this.deviceId}/${kind}`, typeof record === "string" ? record : JSON.stringify(record), { qos: 1 });
  }

  ackedSeqs(): number[] {
    return this.acks.flatMap((ack) => ack.acked);
  }

  resendRequests() {
    return this.acks.filter((ack) => (ack.resend?.length ?? 0) > 0);
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}

export interface TestReceiver {
  receiver: RunningReceiver;
  dbFile: string;
  devicesDir: string;
  lines: string[];
}

/** A receiver in its own folder and its own share group, so tests on one broker never split each other's load. */
export async function testReceiver(broker: string, options: Partial<ReceiverOptions> = {}): Promise<TestReceiver> {
  const folder = temporaryFolder();
  const devicesDir = options.devices ?? join(folder, "devices");
  mkdirSync(devicesDir, { recursive: true });
  const dbFile = options.db ?? join(folder, "receiver.db");
  const lines: string[] = [];
  const receiver = await startReceiver({ broker, db: dbFile, devices: devicesDir, group: uniqueClientId("group"), clientId: uniqueClientId("receiver"), log: (line) => lines.push(line), ...options });
  return { receiver, dbFile, devicesDir, lines };
}

/** Reads the receiver's store as another process would. */
export function query<Row>(dbFile: string, sql: string, ...params: unknown[]): Row[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as Row[];
  } finally {
    db.close();
  }
}


export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
