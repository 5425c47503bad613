/**
 * The platform's acknowledgement as the box reads it: outside input, so anything that is not
 * a PlatformAck for this box is a problem named in one line, never an exception. Fields it
 * does not know are ignored, as the contract says of every reader.
 */
import { contractViolation, type PlatformAck } from "../../protocols/contract.ts";

export function parsePlatformAck(payload: Uint8Array, deviceId: string): PlatformAck | { problem: string } {
  let ack: unknown;
  try {
    ack = JSON.parse(Buffer.from(payload).toString("utf8"));
  } catch {
    return { problem: "acknowledgement is not JSON" };
  }
  const problem = contractViolation("PlatformAck", ack, "received");
  if (problem) return { problem };
  const valid = ack as PlatformAck;
  if (valid.device_id !== deviceId) return { problem: `acknowledgement for device ${valid.device_id}` };
  for (const range of valid.resend ?? []) if (range.to < range.from) return { problem: `resend range ${range.from}..${range.to} runs backwards` };
  return valid;
}
