/**
 * Sealing: an envelope gets the digest of its predecessor and the device's signature; a
 * checkpoint commits to the head of the chain. Both sign the canonical bytes of the record
 * without `sig`.
 */
import { sign, verify, type KeyObject } from "node:crypto";
import type { Checkpoint, EventEnvelope } from "../../protocols/contract.ts";
import { canonicalBytes } from "./canonical.ts";

/** An envelope as the journal stores and publishes it: chained and signed. */
export type SealedEnvelope = EventEnvelope & { prev_digest: string; sig: string };

/** A stub kept in an export for an evicted (acknowledged, non-insured) event's body. */
/**
 * What stays of an acknowledged, non-insured event whose body was evicted: its chain link,
 * signed by the device, so nobody can put a stub in place of an insured event.
 */
export interface PrunedEvent {
  kind: "pruned";
  device_id: string;
  seq: number;
  prev_digest: string;
  digest: string;
  insured: false;
  sig: string;
}

export function signRecord<Record extends object>(unsigned: Record, privateKey: KeyObject): Record & { sig: string } {
  const signature = sign(null, canonicalBytes(unsigned), privateKey).toString("base64");
  return { ...unsigned, sig: signature };
}

/**
 * True when `sig` is the signer's over the rest of the record. The base64 must be exactly
 * what the 64 signature bytes encode to: lenient decoders ignore some altered characters.
 */
export function signatureValid(record: { sig?: unknown }, publicKey: KeyObject): boolean {
  const signed = signedBytes(record);
  return signed !== undefined && verify(null, signed.bytes, publicKey, signed.signature);
}

/**
 * As signatureValid, with the signature checked on libuv's thread pool: a receiver verifies a
 * burst on every core while its main thread stores and acknowledges (verifying in line took
 * 38 % of a backlog drain's time).
 */
export function signatureValidOffThread(record: { sig?: unknown }, publicKey: KeyObject): Promise<boolean> {
  const signed = signedBytes(record);
  if (signed === undefined) return Promise.resolve(false);
  return new Promise((resolve) => verify(null, signed.bytes, publicKey, signed.signature, (error, valid) => resolve(!error && valid)));
}

/** What a signature is checked over, and the signature; undefined where no signature can be valid. */
function signedBytes(record: { sig?: unknown }): { bytes: Buffer; signature: Buffer } | undefined {
  const { sig, ...unsigned } = record;
  if (typeof sig !== "string") return undefined;
  const signature = Buffer.from(sig, "base64");
  if (signature.length !== 64 || signature.toString("base64") !== sig) return undefined;
  try {
    return { bytes: canonicalBytes(unsigned), signature };
  } catch {
    // Values JSON cannot carry exactly (1e400 parses to Infinity): nothing was signed that way.
    return undefined;
  }
}

export function sealEnvelope(envelope: EventEnvelope, prevDigest: string, privateKey: KeyObject): SealedEnvelope {
  const { sig: _sig, prev_digest: _prev, ...body } = envelope;
  return signRecord({ ...body, prev_digest: prevDigest }, privateKey) as SealedEnvelope;
}

export type CheckpointFields = Omit<Checkpoint, "v" | "kind" | "sig">;

export function makeCheckpoint(fields: CheckpointFields, privateKey: KeyObject): Checkpoint {
  return signRecord({ v: 1 as const, kind: "checkpoint" as const, ...fields }, privateKey);
}
