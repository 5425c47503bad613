/**
 * The calibration record reaches the platform: the box publishes the signed record it runs
 * with at every connect (retained), and the reference receiver verifies it with the device's
 * key and stores it once; a tampered record, or another device's, is refused and kept aside.
 * On the embedded broker (aedes, MQTT 3.1.1) and on a real Mosquitto (MQTT 5).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedBroker } from "../../cli/embedded-broker.ts";
import { calibrationInForce } from "../../firmware/calibration/in-force.ts";
import { signCalibration, type CalibrationRecord, type UnsignedCalibration } from "../../firmware/calibration/record.ts";
import { defaultConfig } from "../../firmware/config/schema.ts";
import { MqttLink } from "../../firmware/delivery/mqtt-link.ts";
import { publicKeyPem } from "../../firmware/evidence/keys.ts";
import { contractViolation } from "../../protocols/contract.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { calibrateSimulated } from "../../simulator/calibration-run.ts";
import { uniqueClientId } from "../support/ids.ts";
import { mosquittoBinary, startMosquitto } from "../support/mosquitto.ts";
import { query, ROOT, TestDevice, testReceiver, temporaryFolder, until, type TestReceiver } from "./support.ts";

function unsignedCalibration(deviceId: string): UnsignedCalibration {
  return {
    v: 1,
    kind: "calibration",
    device_id: deviceId,
    config_version: "site-7-v1",
    calibrated_at: "2026-11-30T09:15:00.000Z",
    source: "simulator:five-stops",
    mount: { gravity_chip: { x: 0.05, y: -0.07, z: 0.996 }, g_mps2: 9.81, g_uncertainty_mps2: 0.001, scale: 0.99966, roll_deg: -4, pitch_deg: -3, yaw_deg: null, noise_mps2: 0.02 },
    lift: { landings_m: [0, 3.1, 6.05], landings_uncertainty_m: [0, 0.01, 0.014], door_zone_half_m: 0.15, door_zone_half_uncertainty_m: 0.005, rated_speed_mps: 1, rated_speed_uncertainty_mps: 0.01 },
    barometer: { pressures_pa: [101325, 101288.1, 101253.2], scale_m_per_pa: -0.0843 },
    inputs: { door_contact: { polarity: "normal", agreeing_reads: 120, disagreeing_reads: 0 } },
    steps: [{ name: "mount", result: "ok", detail: "|g| 9.810 m/s²" }],
  };
}

const calibrationRows = (running: TestReceiver, deviceId: string) =>
  query<{ digest: string; calibrated_at: string; record: string }>(running.dbFile, "SELECT digest, calibrated_at, record FROM calibrations WHERE device_id = ?", deviceId);
const rejections = (running: TestReceiver, deviceId: string) =>
  query<{ reason: string }>(running.dbFile, "SELECT reason FROM rejected WHERE device_id = ? AND topic LIKE '%/calibration'", deviceId).map((row) => row.reason);

it("the record `liftwatch calibrate` writes is a CalibrationRecord of the wire contract", () => {
  const device = new TestDevice("contract-box");
  const scenario = loadScenario("start-at-boot");
  const record = signCalibration(calibrateSimulated(scenario, { config: { device: { id: device.id } } }), device.keys.privateKey);
  expect(contractViolation("CalibrationRecord", record)).toBeUndefined();
  expect(contractViolation("CalibrationRecord", { ...record, device_id: "no such/box" })).toMatch(/device_id/);
});

const brokers = [
  { name: "the embedded broker (aedes, MQTT 3.1.1)", start: () => startEmbeddedBroker(), protocolVersion: 4 as const, group: null, skip: false },
  { name: "Mosquitto (MQTT 5, shared subscription)", start: () => startMosquitto(), protocolVersion: 5 as const, group: undefined, skip: !mosquittoBinary() },
];

describe.each(brokers)("the calibration record on $name", ({ start, protocolVersion, group, skip }) => {
  let broker: { url: string; stop?: () => Promise<void>; close?: () => Promise<void> };
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    if (!skip) broker = await start();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await (broker?.stop ?? broker?.close)?.call(broker);
  });

  async function receiver(devicesDir?: string): Promise<TestReceiver> {
    const running = await testReceiver(broker.url, { protocolVersion, ...(group === null ? { group: null } : {}), ...(devicesDir ? { devices: devicesDir } : {}) });
    cleanups.push(() => running.receiver.stop());
    return running;
  }

  /** A box as `liftwatch run` starts it: the record in force read from calibration.file, published by the link at connect. */
  function connectBox(device: TestDevice, recordFile: string, publicKeyFile: string): MqttLink {
    const config = defaultConfig({ device: { id: device.id }, calibration: { file: recordFile }, mqtt: { protocol_version: protocolVersion, reconnect_s: 0.2 } });
    const link = new MqttLink({ config, url: broker.url, status: (online) => ({ v: 1, device_id: device.id, online }), calibration: calibrationInForce(config, publicKeyFile) });
    cleanups.push(() => link.close());
    return link;
  }

  function deviceFiles(device: TestDevice, record: CalibrationRecord) {
    const folder = temporaryFolder();
    const recordFile = join(folder, "calibration.json");
    const publicKeyFile = join(folder, "evidence-pub.pem");
    writeFileSync(recordFile, JSON.stringify(record, null, 2));
    writeFileSync(publicKeyFile, publicKeyPem(device.keys));
    return { recordFile, publicKeyFile };
  }

  async function publishRaw(deviceId: string, payload: string): Promise<void> {
    const client = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("forger"), protocolVersion });
    await client.publishAsync(`${ROOT}/${deviceId}/calibration`, payload, { qos: 1, retain: true });
    await client.endAsync();
  }

  it.skipIf(skip)("is stored once after the box connected twice, as signed", async () => {
    const running = await receiver();
    const device = new TestDevice(uniqueClientId("box"), running.devicesDir);
    const record = signCalibration(unsignedCalibration(device.id), device.keys.privateKey);
    const files = deviceFiles(device, record);
    const first = connectBox(device, files.recordFile, files.publicKeyFile);
    await until(() => running.receiver.stats().calibrations === 1, 10_000, "the first connect's record stored");
    await first.close();
    connectBox(device, files.recordFile, files.publicKeyFile);
    await until(() => running.lines.some((line) => line.startsWith(`calibration ${device.id}`) && line.endsWith(": duplicate")), 10_000, "the second connect's record seen");
    const rows = calibrationRows(running, device.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].calibrated_at).toBe(record.calibrated_at);
    expect(JSON.parse(rows[0].record)).toEqual(record);
    expect(running.receiver.stats()).toMatchObject({ calibrations: 1, rejected: 0 });
  });

  // The contract: "byte for byte as signed". A review client found the box sent the record
  // re-serialised, its layout gone (1,410 bytes of an 1,887-byte file).
  it.skipIf(skip)("is published byte for byte as its file holds it", async () => {
    const device = new TestDevice(uniqueClientId("box"), join(temporaryFolder(), "devices"));
    const files = deviceFiles(device, signCalibration(unsignedCalibration(device.id), device.keys.privateKey));
    const listener = await mqtt.connectAsync(broker.url, { clientId: uniqueClientId("platform"), protocolVersion });
    const payloads: string[] = [];
    listener.on("message", (_topic, payload) => payloads.push(payload.toString("utf8")));
    await listener.subscribeAsync(`${ROOT}/${device.id}/calibration`, { qos: 1 });
    connectBox(device, files.recordFile, files.publicKeyFile);
    try {
      await until(() => payloads.length > 0, 10_000, "the record published");
      expect(payloads[0]).toBe(readFileSync(files.recordFile, "utf8"));
    } finally {
      await listener.endAsync();
    }
  });

  it.skipIf(skip)("reaches a receiver that starts after the box connected (retained)", async () => {
    const devicesDir = join(temporaryFolder(), "devices");
    const device = new TestDevice(uniqueClientId("box"), devicesDir);
    const files = deviceFiles(device, signCalibration(unsignedCalibration(device.id), device.keys.privateKey));
    const link = connectBox(device, files.recordFile, files.publicKeyFile);
    await until(() => link.pending === 0, 10_000, "the box's messages taken by the broker");
    const running = await receiver(devicesDir);
    await until(() => calibrationRows(running, device.id).length === 1, 10_000, "the retained record stored");
  });

  it.skipIf(skip)("refuses a tampered record and another device's, and keeps working", async () => {
    const running = await receiver();
    const device = new TestDevice(uniqueClientId("box"), running.devicesDir);
    const other = new TestDevice(uniqueClientId("other"), running.devicesDir);
    const signed = signCalibration(unsignedCalibration(device.id), device.keys.privateKey);
    // A landing moved after signing.
    await publishRaw(device.id, JSON.stringify({ ...signed, lift: { ...signed.lift, landings_m: [0, 3.1, 6.5] } }));
    // Another box's own record, published on this box's topic.
    await publishRaw(device.id, JSON.stringify(signCalibration(unsignedCalibration(other.id), other.keys.privateKey)));
    // This box's id, signed with another box's key.
    await publishRaw(device.id, JSON.stringify(signCalibration(unsignedCalibration(device.id), other.keys.privateKey)));
    await until(() => rejections(running, device.id).length >= 3, 10_000, "three refusals kept");
    // Not JSON, then the box's real record: still taken.
    await publishRaw(device.id, "{ not json");
    await until(() => rejections(running, device.id).length >= 4, 10_000, "the malformed one refused");
    await publishRaw(device.id, JSON.stringify(signed));
    await until(() => calibrationRows(running, device.id).length === 1, 10_000, "the genuine record stored");
    const reasons = rejections(running, device.id);
    expect(reasons.filter((reason) => reason.startsWith("bad signature"))).toHaveLength(2);
    expect(reasons.some((reason) => reason.includes(`device_id "${other.id}" published on the topic of "${device.id}"`))).toBe(true);
    expect(reasons).toContain("not JSON");
    expect(calibrationRows(running, other.id)).toEqual([]);
    expect(running.receiver.stats()).toMatchObject({ calibrations: 1, rejected: 4 });
  });
});
