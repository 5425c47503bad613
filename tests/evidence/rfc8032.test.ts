/**
 * RFC 8032 §7.1 Ed25519 test vectors (TEST 1, 2 and 3; TEST 1024 is left out: its 1023-byte
 * message cannot be typed here reliably), run through the project's key handling and signing.
 *
 * What exactly each vector runs through, honestly:
 * - the key files: the RFC seed and public key written as PKCS#8 / SPKI PEM and loaded by
 *   loadDeviceKeys (firmware/evidence/keys.ts), which also checks the halves belong together;
 * - the signature over the RFC's message: node:crypto sign(null, message, key), the primitive
 *   that signRecord (seal.ts) and signCommand (commands.ts) call. signRecord itself cannot be
 *   given these messages: it signs the canonical JSON of an object, never 0, 1 or 2 raw bytes;
 * - signRecord / signatureValid: a record sealed with the RFC key carries exactly the signature
 *   the primitive gives over canonicalBytes(record), base64, and verifies with the RFC public key.
 */
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalBytes } from "../../firmware/evidence/canonical.ts";
import { loadDeviceKeys, loadPublicKey } from "../../firmware/evidence/keys.ts";
import { signatureValid, signRecord } from "../../firmware/evidence/seal.ts";
import { temporaryFolder } from "./fixtures.ts";

const PKCS8_ED25519_PREFIX = "302e020100300506032b657004220420";
const SPKI_ED25519_PREFIX = "302a300506032b6570032100";

/** RFC 8032 §7.1, typed from the RFC text. */
const vectors = [
  {
    name: "TEST 1",
    secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    name: "TEST 2",
    secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
  {
    name: "TEST 3",
    secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    public: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  },
];

const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END ${label}-----\n`;

function keyFiles(vector: (typeof vectors)[number]) {
  const folder = temporaryFolder();
  const files = { privateKeyFile: join(folder, "device.key"), publicKeyFile: join(folder, "device.pub") };
  writeFileSync(files.privateKeyFile, pem("PRIVATE KEY", Buffer.from(PKCS8_ED25519_PREFIX + vector.secret, "hex")));
  writeFileSync(files.publicKeyFile, pem("PUBLIC KEY", Buffer.from(SPKI_ED25519_PREFIX + vector.public, "hex")));
  return files;
}

describe.each(vectors)("RFC 8032 Ed25519 $name", (vector) => {
  const message = Buffer.from(vector.message, "hex");
  const expected = Buffer.from(vector.signature, "hex");

  it("the secret key derives the RFC public key", () => {
    const privateKey = createPrivateKey({ key: Buffer.from(PKCS8_ED25519_PREFIX + vector.secret, "hex"), format: "der", type: "pkcs8" });
    const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
    expect(spki.subarray(0, 12).toString("hex")).toBe(SPKI_ED25519_PREFIX);
    expect(spki.subarray(12).toString("hex")).toBe(vector.public);
  });

  it("loadDeviceKeys accepts the pair from PEM files; the signing primitive gives the RFC signature, which the RFC public key verifies", () => {
    const files = keyFiles(vector);
    const keys = loadDeviceKeys(files);
    expect(sign(null, message, keys.privateKey).toString("hex")).toBe(vector.signature);
    expect(verify(null, message, keys.publicKey, expected)).toBe(true);
    expect(verify(null, message, loadPublicKey(files.publicKeyFile), expected)).toBe(true);
    const altered = Buffer.from(expected);
    altered[0] ^= 1;
    expect(verify(null, message, keys.publicKey, altered)).toBe(false);
  });

  it("signRecord with the RFC key signs the record's canonical bytes, and signatureValid accepts it with the RFC public key only", () => {
    const keys = loadDeviceKeys(keyFiles(vector));
    const record = { v: 1, device_id: "box-7", seq: 1, message: vector.message };
    const sealed = signRecord(record, keys.privateKey);
    expect(sealed.sig).toBe(sign(null, canonicalBytes(record), keys.privateKey).toString("base64"));
    expect(verify(null, canonicalBytes(record), loadPublicKey(keyFiles(vector).publicKeyFile), Buffer.from(sealed.sig, "base64"))).toBe(true);
    expect(signatureValid(sealed, keys.publicKey)).toBe(true);
    const otherVector = vectors.find((other) => other !== vector)!;
    expect(signatureValid(sealed, loadPublicKey(keyFiles(otherVector).publicKeyFile))).toBe(false);
    expect(signatureValid({ ...sealed, seq: 2 } as { sig?: unknown }, keys.publicKey)).toBe(false);
  });
});

it("loadDeviceKeys refuses an RFC secret key filed with another vector's public key", () => {
  const files = keyFiles({ ...vectors[0], public: vectors[1].public });
  expect(() => loadDeviceKeys(files)).toThrow(/not the public half/);
});
