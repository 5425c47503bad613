// Remote commands as the box takes them (firmware/commands/remote-commands.ts): unit level
// with a real journal, then through MQTT on a real Mosquitto (skipped only where absent).
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteCommands, type CommandActions } from "../../firmware/commands/remote-commands.ts";
import { defaultConfig } from "../../firmware/config/schema.ts";
import { MqttLink } from "../../firmware/delivery/mqtt-link.ts";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { Journal } from "../../firmware/journal/journal.ts";
import { signCommand, type UnsignedCommand } from "../../firmware/security/commands.ts";
import type { CommandReply } from "../../protocols/contract.ts";
import { temporaryFolder } from "../evidence/fixtures.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, startMosquitto, type MosquittoBroker } from "../support/mosquitto.ts";

const operator = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const NOW = Date.parse("2026-11-30T12:00:00Z");

function command(deviceId: string, counter: number, name: string, args: Record<string, unknown> = {}, expiresInS = 60): UnsignedCommand {
  return { v: 1, device_id: deviceId, counter, expires: new Date(NOW + expiresInS * 1000).toISOString(), name, args };
}

function box(deviceId = "box-7") {
  const journal = Journal.open({ file: join(temporaryFolder(), "journal.db"), deviceId, keys: generateDeviceKeys() });
  journal.startBoot();
  const done: string[] = [];
  const actions: CommandActions = {
    status: () => ({ v: 1, device_id: deviceId, online: true }),
    setMode: (mode) => void done.push(`mode ${mode}`),
    checkpoint: () => journal.checkpoint("on_demand"),
    evidence: (digest) => {
      const bytes = journal.window(digest);
      return bytes && JSON.parse(bytes.toString("utf8"));
    },
    reboot: () => void done.push("reboot"),
  };
  const commands = new RemoteCommands(journal, operator.publicKey, deviceId, actions, () => NOW);
  const send = (unsigned: UnsignedCommand, key = operator.privateKey) => commands.handle(Buffer.from(JSON.stringify(signCommand(unsigned, key))));
  return { journal, commands, done, send };
}

describe("remote commands on the box", () => {
  it("acts on a signed, current command for this box, and keeps its counter across a restart", () => {
    const { journal, done, send } = box();
    expect(send(command("box-7", 5, "set_mode", { mode: "maintenance" }))).toMatchObject({ accepted: true, counter: 5, name: "set_mode" });
    expect(done).toEqual(["mode maintenance"]);
    expect(journal.commandCounter).toBe(5);
  });

  it("refuses replayed, expired, foreign, unsigned and garbage commands, journals each, and does nothing", () => {
    const { journal, done, send, commands } = box();
    send(command("box-7", 5, "request_status"));
    const refusals: [CommandReply, string][] = [
      [send(command("box-7", 5, "reboot")), "replayed"],
      [send(command("box-7", 4, "reboot")), "replayed"],
      [send(command("box-7", 6, "reboot", {}, -1)), "expired"],
      [send(command("box-8", 7, "reboot")), "wrong_device"],
      [send(command("box-7", 8, "reboot"), stranger.privateKey), "bad_signature"],
      [commands.handle(Buffer.from(JSON.stringify(command("box-7", 9, "reboot")))), "malformed_command"],
      [commands.handle(Buffer.from("{not json")), "malformed_json"],
    ];
    for (const [reply, reason] of refusals) expect(reply).toMatchObject({ accepted: false, reason });
    expect(done).toEqual([]);
    expect(journal.commandCounter).toBe(5);
    expect(journal.securityRecords().map((record) => record.reason).reverse()).toEqual(refusals.map(([, reason]) => `command_${reason}`));
  });

  it("hands out a stored evidence window by its digest, and says so when it has none", () => {
    const { journal, send } = box();
    const window = { v: 1, kind: "evidence_window", rows: [[1, 0.1, 0.2, 9.8]] };
    const digest = journal.storeWindow(window);
    expect(send(command("box-7", 1, "get_evidence", { digest }))).toMatchObject({ accepted: true, result: { digest, window } });
    expect(send(command("box-7", 2, "get_evidence", { digest: "0".repeat(64) }))).toMatchObject({ accepted: false, reason: "failed" });
  });
});

describe.skipIf(!mosquittoBinary())("remote commands over MQTT (Mosquitto)", () => {
  let broker: MosquittoBroker;
  beforeAll(async () => (broker = await startMosquitto()));
  afterAll(async () => broker?.stop());

  it("answers each command on its reply topic: done, or refused with the reason", async () => {
    const deviceId = uniqueClientId("box").replace(/[^A-Za-z0-9_-]/g, "-");
    const { journal, commands } = box(deviceId);
    const config = defaultConfig();
    config.device.id = deviceId;
    config.mqtt.protocol_version = 5;
    const link = new MqttLink({ config, url: broker.url, journal, commands, status: (online) => ({ v: 1, device_id: deviceId, online }) });
    const operatorClient = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("operator"), protocolVersion: 5 });
    const replies: CommandReply[] = [];
    operatorClient.on("message", (_topic, payload) => replies.push(JSON.parse(payload.toString())));
    await operatorClient.subscribeAsync(`liftwatch/v1/${deviceId}/reply`, { qos: 1 });
    const publish = (payload: object) => operatorClient.publishAsync(`liftwatch/v1/${deviceId}/command`, JSON.stringify(payload), { qos: 1 });
    const deadline = Date.now() + 5000;
    // The box subscribes once connected: send until the first answer comes.
    while (replies.length === 0 && Date.now() < deadline) {
      await publish(signCommand(command(deviceId, 1, "request_status"), operator.privateKey));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await publish(signCommand(command(deviceId, 1, "request_status"), operator.privateKey));
    while (replies.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(replies[0]).toMatchObject({ device_id: deviceId, accepted: true, name: "request_status", result: { status: { online: true } } });
    expect(replies.at(-1)).toMatchObject({ accepted: false, reason: "replayed" });
    await link.close();
    await operatorClient.endAsync();
    journal.close();
  });
});
