// The whole path, secured as deployed: provisioned identities, the repository's Mosquitto
// configuration (TLS with client certificates, per-device ACL), the box's journal and link,
// the reference receiver, and signed commands from the operator. Needs mosquitto (skipped
// only where it is absent).
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteCommands } from "../../firmware/commands/remote-commands.ts";
import { defaultConfig, type Config } from "../../firmware/config/schema.ts";
import { MqttLink } from "../../firmware/delivery/mqtt-link.ts";
import { loadPublicKey } from "../../firmware/evidence/keys.ts";
import { openBoxJournal } from "../../firmware/journal/box-journal.ts";
import { signCommand } from "../../firmware/security/commands.ts";
import { provisionBroker, provisionDevice, provisionService } from "../../firmware/security/provision.ts";
import { startReceiver, type RunningReceiver } from "../../platform/receiver/receiver.ts";
import type { CommandReply } from "../../protocols/contract.ts";
import { eventDraft } from "../evidence/fixtures.ts";
import { startRepositoryBroker } from "../security/repository-broker.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, type MosquittoBroker } from "../support/mosquitto.ts";
import { query } from "../platform/support.ts";
import { until } from "../support/until.ts";


describe.skipIf(!mosquittoBinary())("secured end to end", () => {
  let root: string;
  let broker: MosquittoBroker;
  let receiver: RunningReceiver;
  const deviceId = "lift-e2e";

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "liftwatch-e2e-"));
    chmodSync(root, 0o711);
    const caDir = join(root, "ca");
    await provisionBroker({ out: join(root, "broker"), caDir, hosts: ["localhost", "127.0.0.1"] });
    await provisionDevice({ out: join(root, "devices", deviceId), caDir, deviceId, operatorDir: join(root, "operator") });
    await provisionService({ out: join(root, "liftwatch.receiver"), caDir, name: "liftwatch.receiver" });
    await provisionService({ out: join(root, "liftwatch.operator"), caDir, name: "liftwatch.operator" });
    broker = await startRepositoryBroker({ ca: join(root, "broker", "ca.pem"), certificate: join(root, "broker", "server-cert.pem"), privateKey: join(root, "broker", "server-key.pem"), acl: join(root, "acl") });
    const service = join(root, "liftwatch.receiver");
    receiver = await startReceiver({
      broker: broker.url,
      db: join(root, "platform.db"),
      devices: join(root, "devices"),
      clientId: "liftwatch.receiver-1",
      tls: { ca: readFileSync(join(service, "ca.pem")), cert: readFileSync(join(service, "tls-cert.pem")), key: readFileSync(join(service, "tls-key.pem")) },
    });
  });

  afterAll(async () => {
    await receiver?.stop();
    await broker?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("an event goes from the box's journal to the platform's store over TLS, and the acknowledgement clears it", async () => {
    const device = join(root, "devices", deviceId);
    const config: Config = defaultConfig();
    config.device.id = deviceId;
    config.mqtt.protocol_version = 5;
    config.mqtt.ca_file = join(device, "ca.pem");
    config.mqtt.cert_file = join(device, "tls-cert.pem");
    config.mqtt.key_file = join(device, "tls-key.pem");
    config.journal.evidence_key = join(device, "evidence-key.pem");
    config.security.operator_key = join(device, "operator-pub.pem");
    const { journal } = openBoxJournal(config, join(root, "journal.db"));
    const commands = new RemoteCommands(journal, loadPublicKey(config.security.operator_key), deviceId, {
      status: () => ({ v: 1, device_id: deviceId, online: true }),
      setMode: () => undefined,
      checkpoint: () => journal.checkpoint(),
      evidence: () => undefined,
      reboot: () => undefined,
    });
    const link = new MqttLink({ config, url: broker.url, journal, commands, status: (online) => ({ v: 1, device_id: deviceId, online }) });
    for (let n = 1; n <= 3; n++) link.event({ ...eventDraft("entrapment", { n }), event_id: "x:0:1", device_id: deviceId, boot: 0, seq: n });
    await until(() => journal.unacknowledgedCount() === 0);
    const stored = query<{ seq: number }>(join(root, "platform.db"), "SELECT seq FROM events WHERE device_id = ? ORDER BY seq", deviceId);
    expect(stored.map((row) => row.seq)).toEqual([1, 2, 3]);

    // The operator's signed commands reach the box; anything else is refused and journaled.
    const service = join(root, "liftwatch.operator");
    const operator = await mqtt.connectAsync(broker.url, {
      clientId: uniqueClientId("liftwatch.operator"),
      protocolVersion: 5,
      ca: readFileSync(join(service, "ca.pem")),
      cert: readFileSync(join(service, "tls-cert.pem")),
      key: readFileSync(join(service, "tls-key.pem")),
    });
    const replies: CommandReply[] = [];
    operator.on("message", (_topic, payload) => replies.push(JSON.parse(payload.toString())));
    await operator.subscribeAsync(`liftwatch/v1/${deviceId}/reply`, { qos: 1 });
    const operatorKey = readFileSync(join(root, "operator", "operator-key.pem"), "utf8");
    const expires = new Date(Date.now() + 60_000).toISOString();
    const send = (payload: object) => operator.publishAsync(`liftwatch/v1/${deviceId}/command`, JSON.stringify(payload), { qos: 1 });
    await send(signCommand({ v: 1, device_id: deviceId, counter: 1, expires, name: "request_status", args: {} }, operatorKey));
    await until(() => replies.length === 1);
    await send(signCommand({ v: 1, device_id: deviceId, counter: 1, expires, name: "request_status", args: {} }, operatorKey));
    await send(signCommand({ v: 1, device_id: deviceId, counter: 2, expires: new Date(Date.now() - 1000).toISOString(), name: "reboot", args: {} }, operatorKey));
    await send(signCommand({ v: 1, device_id: "lift-other", counter: 3, expires, name: "reboot", args: {} }, operatorKey));
    await send({ v: 1, device_id: deviceId, counter: 4, expires, name: "reboot", args: {}, sig: "A".repeat(86) });
    await until(() => replies.length === 5);
    expect(replies.map((reply) => reply.accepted)).toEqual([true, false, false, false, false]);
    expect(replies.slice(1).map((reply) => reply.reason)).toEqual(["replayed", "expired", "wrong_device", "bad_signature"]);
    expect(journal.securityRecords()).toHaveLength(4);

    await operator.endAsync();
    await link.close();
    journal.close();
  });
});
