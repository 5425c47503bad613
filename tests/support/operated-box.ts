/**
 * A box for `liftwatch run` that takes signed commands: its configuration, with an operator's
 * public key and a journal in `folder`, and the operator's key pair to sign them with.
 */
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
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
