/**
 * The commissioning token: a random secret shown once to whoever provisions the box, kept
 * on the box only as an scrypt hash, so a copied device directory does not reveal it.
 * There is no default token: each box gets its own.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const TOKEN_BYTES = 24;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** scrypt cost: about 100 ms on a small ARM board, far too slow to guess 192 random bits. */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** its file, beside the device's keys */
export const COMMISSIONING_TOKEN_FILE = "commissioning-token.json";

export const commissioningRecordSchema = z.strictObject({
  algorithm: z.literal("scrypt"),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string().describe("base64url"),
  hash: z.string().describe("base64url"),
});
export type CommissioningRecord = z.infer<typeof commissioningRecordSchema>;

function hash(token: string, salt: Buffer, cost: { N: number; r: number; p: number }): Buffer {
  return scryptSync(token, salt, HASH_BYTES, { ...cost, maxmem: COST.maxmem });
}

/** A new token (to print once) and the record to store in its place. */
export function createCommissioningToken(): { token: string; record: CommissioningRecord } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = COST;
  return { token, record: { algorithm: "scrypt", N, r, p, salt: salt.toString("base64url"), hash: hash(token, salt, COST).toString("base64url") } };
}

export function verifyCommissioningToken(token: string, record: CommissioningRecord): boolean {
  const expected = Buffer.from(record.hash, "base64url");
  const actual = hash(token, Buffer.from(record.salt, "base64url"), record);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The same check off the main thread (libuv's pool): a login on a running box must not hold
 * up its sampling loop for the hash's ~100 ms.
 */
export async function verifyCommissioningTokenAsync(token: string, record: CommissioningRecord): Promise<boolean> {
  const expected = Buffer.from(record.hash, "base64url");
  const { N, r, p } = record;
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(token, Buffer.from(record.salt, "base64url"), HASH_BYTES, { N, r, p, maxmem: COST.maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
