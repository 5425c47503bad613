/**
 * The bytes that are hashed and signed: RFC 8785 (JCS) canonical JSON as UTF-8, so any
 * consumer can recompute them from the parsed record whatever its JSON library wrote.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** prev_digest of the first event ever, and head of a chain with no event yet. */
export const GENESIS_DIGEST = "0".repeat(64);

export function canonicalJson(value: unknown): string {
  const text = isPlainRecord(value) ? recordWithTables(value) : canonicalize(value);
  if (text === undefined) throw new TypeError("cannot canonicalize a value that JSON cannot represent");
  return text;
}

/**
 * A record's members in key order as JCS puts them; a member that is a table of numbers (an
 * evidence window's rows, thousands of cells) written whole by JSON.stringify, which writes
 * finite numbers and null exactly as JCS does, and the rest by canonicalize. The library made
 * a string for every cell, and a fleet's evidence spent 4-7 % of its time there.
 */
function recordWithTables(record: Record<string, unknown>): string {
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === "symbol") continue;
    members.push(`${canonicalize(key)}:${isNumberTable(member) ? JSON.stringify(member) : canonicalize(member)}`);
  }
  return `{${members.join(",")}}`;
}

/** An object canonicalize would write member by member (not an array, nor one with toJSON). */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** Rows of finite numbers and nulls only (anything else goes to canonicalize, which checks it). */
function isNumberTable(value: unknown): value is (number | null)[][] {
  if (!Array.isArray(value)) return false;
  for (const row of value) {
    if (!Array.isArray(row)) return false;
    for (let index = 0; index < row.length; index++) {
      const cell: unknown = row[index];
      if (cell !== null && !(typeof cell === "number" && Number.isFinite(cell))) return false;
    }
  }
  return true;
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
