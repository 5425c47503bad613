/**
 * The bytes that are hashed and signed: RFC 8785 (JCS) canonical JSON as UTF-8, so any
 * consumer can recompute them from the parsed record whatever its JSON library wrote.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** prev_digest of the first event ever, and head of a chain with no event yet. */
export const GENESIS_DIGEST = "0".repeat(64);

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("cannot canonicalize a value that JSON cannot represent");
  return text;
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), "utf8");
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Digest of a whole record (sig included): what the next link's prev_digest names. */
export function recordDigest(record: unknown): string {
  return sha256Hex(canonicalBytes(record));
}
