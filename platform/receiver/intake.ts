/**
 * What must hold before a message is stored: JSON, a known device, the contract, the
 * device named by the topic (the broker's ACL ties a topic to one box), and the signature
 * (an event's may be checked off the main thread). Pure checks: nothing here writes.
 */
import type { KeyObject } from "node:crypto";
import type { CalibrationRecord, Checkpoint } from "../../protocols/contract.ts";
import { contractViolation } from "../../protocols/contract.ts";
import { signatureValid, signatureValidOffThread, type SealedEnvelope } from "../../firmware/evidence/seal.ts";
import type { DeviceKeyDirectory } from "./device-keys.ts";

export type Judgement<Record> =
  | { ok: true; record: Record }
  /** unknownDevice: no public key for the topic's device, so nothing could be checked */
  | { ok: false; reason: string; seq?: number; unknownDevice?: boolean };

export function judgeEvent(topicDevice: string, payload: Buffer, keys: DeviceKeyDirectory): Judgement<SealedEnvelope> {
  return signed(checkedEvent(topicDevice, payload, keys), signatureValid);
}

/** As judgeEvent, with the signature checked on libuv's thread pool (see signatureValidOffThread). */
export async function judgeEventOffThread(topicDevice: string, payload: Buffer, keys: DeviceKeyDirectory): Promise<Judgement<SealedEnvelope>> {
  const checked = checkedEvent(topicDevice, payload, keys);
  if ("reason" in checked) return checked;
  const valid = await signatureValidOffThread(checked.record, checked.key);
  return signed(checked, () => valid);
}

function checkedEvent(topicDevice: string, payload: Buffer, keys: DeviceKeyDirectory): Checked<SealedEnvelope> {
  return checkedUnsigned(topicDevice, payload, keys, "EventEnvelope", (envelope: SealedEnvelope) => {
    if (envelope.prev_digest === undefined || envelope.sig === undefined) return "not sealed (no prev_digest or sig)";
    if (envelope.event_id !== `${envelope.device_id}:${envelope.boot}:${envelope.seq}`) return `event_id ${envelope.event_id} does not match device, boot and seq`;
    return undefined;
  });
}

export function judgeCheckpoint(topicDevice: string, payload: Buffer, keys: DeviceKeyDirectory): Judgement<Checkpoint> {
  return signed(checkedUnsigned(topicDevice, payload, keys, "Checkpoint", () => undefined), signatureValid);
}

/** A calibration record: signed by the device key, and for the topic's device (never another box's record). */
export function judgeCalibration(topicDevice: string, payload: Buffer, keys: DeviceKeyDirectory): Judgement<CalibrationRecord> {
  return signed(checkedUnsigned(topicDevice, payload, keys, "CalibrationRecord", () => undefined), signatureValid);
}

/** Every check but the signature: a refusal, or the record and the key its signature must be by. */
type Checked<Record> = Extract<Judgement<Record>, { ok: false }> | { record: Record; key: KeyObject; seq?: number };

function checkedUnsigned<Record extends { device_id: string; seq?: number; sig?: string }>(
  topicDevice: string,
  payload: Buffer,
  keys: DeviceKeyDirectory,
  message: "EventEnvelope" | "Checkpoint" | "CalibrationRecord",
  extraCheck: (record: Record) => string | undefined,
): Checked<Record> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString("utf8"));
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const seq = typeof (parsed as { seq?: unknown })?.seq === "number" ? (parsed as { seq: number }).seq : undefined;
  const lookup = keys.lookup(topicDevice);
  if ("problem" in lookup) return { ok: false, reason: lookup.problem, seq, unknownDevice: true };
  const violation = contractViolation(message, parsed, "received");
  if (violation) return { ok: false, reason: `contract: ${violation}`, seq };
  const record = parsed as Record;
  if (record.device_id !== topicDevice) return { ok: false, reason: `device_id "${record.device_id}" published on the topic of "${topicDevice}"`, seq };
  const extra = extraCheck(record);
  if (extra) return { ok: false, reason: extra, seq };
  return { record, key: lookup.key, seq };
}

/** The judgement once `valid` has checked the signature. */
function signed<Record extends { sig?: string }>(checked: Checked<Record>, valid: (record: Record, key: KeyObject) => boolean): Judgement<Record> {
  if ("reason" in checked) return checked;
  const { record, key, seq } = checked;
  if (!valid(record, key)) return { ok: false, reason: "bad signature (altered, or not signed by this device's key)", seq };
  return { ok: true, record };
}
