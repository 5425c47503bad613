/**
 * A box for `liftwatch run` that takes signed commands: its configuration, with an operator's
 * public key and a journal in `folder`, and the operator's key pair to sign them with; and the
 * operator's MQTT client that sends them.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { signCommand } from "../../firmware/security/commands.ts";
import { uniqueClientId } from "./ids.ts";

export function operatedBox(folder: string, idPrefix: string) {
  const deviceId = uniqueClientId(idPrefix);
  const operator = generateKeyPairSync("ed25519");
  const operatorPublic = join(folder, "operator-pub.pem");
  writeFileSync(operatorPublic, operator.publicKey.export({ type: "spki", format: "pem" }));
  const config = join(folder, "box.yaml");
  writeFileSync(config, `device:\n  id: ${deviceId}\nsecurity:\n  operator_key: ${operatorPublic}\nmqtt:\n  reconnect_s: 0.2\njournal:\n  file: ${join(folder, "journal.db")}\n`);
  return { deviceId, operator, config };
}

/** Sends `deviceId` a command signed with the operator's key, each with the next counter, valid for a minute. */
export function commandSender(client: MqttClient, deviceId: string, operatorKey: KeyObject) {
  let counter = 0;
  return (name: string, args: Record<string, unknown> = {}) =>
    client.publishAsync(`liftwatch/v1/${deviceId}/command`, JSON.stringify(signCommand({ v: 1, device_id: deviceId, counter: ++counter, expires: new Date(Date.now() + 60_000).toISOString(), name, args }, operatorKey)), { qos: 1 });
}
