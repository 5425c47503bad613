/**
 * The repository's broker configuration (hardware/mosquitto/), on a real Mosquitto: only
 * boxes and services with a certificate from the fleet CA get in, and a box can neither
 * speak for another box nor hear another box's commands.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCertificate, loadOrCreateCa } from "../../firmware/security/certificates.ts";
import { provisionBroker, provisionDevice, provisionService } from "../../firmware/security/provision.ts";
import { ackTopic, commandTopic } from "../../firmware/security/topics.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, type MosquittoBroker } from "../support/mosquitto.ts";
import { startRepositoryBroker } from "./repository-broker.ts";
import { until } from "../support/until.ts";

type Credentials = Pick<IClientOptions, "ca" | "cert" | "key">;


describe.skipIf(!mosquittoBinary())("the repository's Mosquitto configuration", () => {
  let root: string;
  let broker: MosquittoBroker;
  const identities: Record<string, Credentials> = {};
  const clients: MqttClient[] = [];

  const credentials = (dir: string): Credentials => ({
    ca: readFileSync(join(dir, "ca.pem")),
    cert: readFileSync(join(dir, "tls-cert.pem")),
    key: readFileSync(join(dir, "tls-key.pem")),
  });

  async function connect(who: string, protocolVersion: 4 | 5 = 5, tls: Credentials = identities[who]!, url = broker.url): Promise<MqttClient> {
    const client = await mqtt.connectAsync(url, { ...tls, protocolVersion, clientId: uniqueClientId(who), reconnectPeriod: 0, connectTimeout: 5_000 });
    clients.push(client);
    return client;
  }

  async function listen(client: MqttClient, filter: string) {
    const topics: string[] = [];
    client.on("message", (topic) => topics.push(topic));
    await client.subscribeAsync(filter, { qos: 1 });
    return topics;
  }

  const brokerFiles = () => ({
    ca: join(root, "broker", "ca.pem"),
    certificate: join(root, "broker", "server-cert.pem"),
    privateKey: join(root, "broker", "server-key.pem"),
    acl: join(root, "acl"),
  });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "liftwatch-security-"));
    // Traversable, so a root-started broker that dropped to its own user reaches its files.
    chmodSync(root, 0o711);
    const caDir = join(root, "ca");
    const operatorDir = join(root, "operator");
    await provisionBroker({ out: join(root, "broker"), caDir, hosts: ["localhost", "127.0.0.1"] });
    for (const deviceId of ["lift-A", "lift-B"]) {
      await provisionDevice({ out: join(root, deviceId), caDir, deviceId, operatorDir });
      identities[deviceId] = credentials(join(root, deviceId));
    }
    for (const name of ["liftwatch.receiver", "liftwatch.operator"]) {
      await provisionService({ out: join(root, name), caDir, name });
      identities[name] = credentials(join(root, name));
    }
    broker = await startRepositoryBroker(brokerFiles());
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await broker?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.each([5, 4] as const)("a box with its certificate connects over TLS (MQTT protocol level %i) and publishes its event", async (protocolVersion) => {
    const receiver = await connect("liftwatch.receiver");
    const received = await listen(receiver, "liftwatch/v1/lift-A/event");
    const box = await connect("lift-A", protocolVersion);
    await box.publishAsync("liftwatch/v1/lift-A/event", "{}", { qos: 1 });
    await until(() => received.length === 1);
  });

  it("a client without a certificate is refused", async () => {
    await expect(connect("anonymous", 5, { ca: identities["lift-A"]!.ca })).rejects.toThrow();
  });

  it("a certificate from another CA is refused, whatever its CN says", async () => {
    const { ca: rogue } = await loadOrCreateCa(join(root, "rogue-ca"));
    const forged = await issueCertificate(rogue, { commonName: "lift-B", role: "client" });
    await expect(connect("forged", 5, { ca: identities["lift-A"]!.ca, cert: forged.certificatePem, key: forged.privateKeyPem })).rejects.toThrow();
  });

  it("box A cannot publish into box B's topics: MQTT 5 PUBACK 135, and nobody receives it", async () => {
    const receiver = await connect("liftwatch.receiver");
    const received = await listen(receiver, "liftwatch/v1/#");
    const boxA = await connect("lift-A", 5);
    await expect(boxA.publishAsync("liftwatch/v1/lift-B/event", "{}", { qos: 1 })).rejects.toMatchObject({ code: 135 });
    // Published after the forged one on the same connection: once it arrives, the forged one would have.
    await boxA.publishAsync("liftwatch/v1/lift-A/status", "{}", { qos: 1 });
    await until(() => received.includes("liftwatch/v1/lift-A/status"));
    expect(received).not.toContain("liftwatch/v1/lift-B/event");
  });

  it("box A cannot publish into box B's topics over MQTT 3.1.1 either (the broker drops it silently)", async () => {
    const receiver = await connect("liftwatch.receiver");
    const received = await listen(receiver, "liftwatch/v1/#");
    const boxA = await connect("lift-A", 4);
    await boxA.publishAsync("liftwatch/v1/lift-B/trip", "{}", { qos: 1 });
    await boxA.publishAsync("liftwatch/v1/lift-A/trip", "{}", { qos: 1 });
    await until(() => received.includes("liftwatch/v1/lift-A/trip"));
    expect(received).not.toContain("liftwatch/v1/lift-B/trip");
  });

  it("box A hears its own commands and acks, never box B's, however it subscribes", async () => {
    const boxA = await connect("lift-A");
    const heard: string[] = [];
    boxA.on("message", (topic) => heard.push(topic));
    for (const filter of [commandTopic("lift-A"), ackTopic("lift-A"), commandTopic("lift-B"), "liftwatch/v1/+/command", "liftwatch/v1/#"]) {
      await boxA.subscribeAsync(filter, { qos: 1 });
    }
    const operator = await connect("liftwatch.operator");
    const receiver = await connect("liftwatch.receiver");
    await operator.publishAsync(commandTopic("lift-B"), "{}", { qos: 1 });
    await receiver.publishAsync(ackTopic("lift-B"), "{}", { qos: 1 });
    await operator.publishAsync(commandTopic("lift-A"), "{}", { qos: 1 });
    await receiver.publishAsync(ackTopic("lift-A"), "{}", { qos: 1 });
    await until(() => heard.includes(commandTopic("lift-A")) && heard.includes(ackTopic("lift-A")));
    expect(heard).not.toContain(commandTopic("lift-B"));
    expect(heard).not.toContain(ackTopic("lift-B"));
  });

  it("a box cannot send commands or acks to another box", async () => {
    const boxB = await connect("lift-B");
    const heard = await listen(boxB, commandTopic("lift-B"));
    const boxA = await connect("lift-A", 5);
    await expect(boxA.publishAsync(commandTopic("lift-B"), "{}", { qos: 1 })).rejects.toMatchObject({ code: 135 });
    await expect(boxA.publishAsync(ackTopic("lift-B"), "{}", { qos: 1 })).rejects.toMatchObject({ code: 135 });
    expect(heard).toEqual([]);
  });

  it("receivers share the fleet's events with $share/receivers/liftwatch/v1/+/event", async () => {
    const first = await connect("liftwatch.receiver");
    const second = await connect("liftwatch.receiver");
    const receivedByFirst = await listen(first, "$share/receivers/liftwatch/v1/+/event");
    const receivedBySecond = await listen(second, "$share/receivers/liftwatch/v1/+/event");
    const boxA = await connect("lift-A");
    const boxB = await connect("lift-B");
    for (let index = 0; index < 3; index++) {
      await boxA.publishAsync("liftwatch/v1/lift-A/event", "{}", { qos: 1 });
      await boxB.publishAsync("liftwatch/v1/lift-B/event", "{}", { qos: 1 });
    }
    // Each event reaches exactly one member of the group.
    await until(() => receivedByFirst.length + receivedBySecond.length === 6);
  });

  it("the receiver may acknowledge but not command; the operator may command but not acknowledge", async () => {
    const receiver = await connect("liftwatch.receiver");
    const operator = await connect("liftwatch.operator");
    await expect(receiver.publishAsync(ackTopic("lift-A"), "{}", { qos: 1 })).resolves.toBeDefined();
    await expect(receiver.publishAsync(commandTopic("lift-A"), "{}", { qos: 1 })).rejects.toMatchObject({ code: 135 });
    await expect(operator.publishAsync(commandTopic("lift-A"), "{}", { qos: 1 })).resolves.toBeDefined();
    await expect(operator.publishAsync(ackTopic("lift-A"), "{}", { qos: 1 })).rejects.toMatchObject({ code: 135 });
  });

  it("the README's deny rule shuts out a lost box and nobody else", async () => {
    const denying = await startRepositoryBroker({ ...brokerFiles(), acl: join(root, "acl-lost-box") }, { aclAdditions: "user lift-A\ntopic deny liftwatch/v1/#" });
    try {
      const lost = await connect("lift-A", 5, identities["lift-A"], denying.url);
      const other = await connect("lift-B", 5, identities["lift-B"], denying.url);
      await expect(lost.publishAsync("liftwatch/v1/lift-A/event", "{}", { qos: 1 })).rejects.toMatchObject({ code: 135 });
      await expect(other.publishAsync("liftwatch/v1/lift-B/event", "{}", { qos: 1 })).resolves.toBeDefined();
      await Promise.all([lost.endAsync(true), other.endAsync(true)]);
    } finally {
      await denying.stop();
    }
  });
});
