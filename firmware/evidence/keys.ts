/**
 * The device's Ed25519 key pair, kept as PEM files: PKCS#8 for the private key (on the box
 * only) and SPKI for the public key (handed to the platform). `liftwatch provision` makes
 * them; the firmware loads them, and a verifier needs only the public one.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { InputError } from "../config/input-error.ts";
import type { Config } from "../config/schema.ts";

export interface DeviceKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface KeyFiles {
  /** PKCS#8 PEM private key */
  privateKeyFile: string;
  /** SPKI PEM public key */
  publicKeyFile: string;
}

export function generateDeviceKeys(): DeviceKeys {
  return generateKeyPairSync("ed25519");
}

export function publicKeyPem(keys: Pick<DeviceKeys, "publicKey">): string {
  return keys.publicKey.export({ type: "spki", format: "pem" }).toString();
}

export function privateKeyPem(keys: Pick<DeviceKeys, "privateKey">): string {
  return keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** Writes a new pair (private key readable by the owner only); refuses to overwrite one. */
export function createDeviceKeyFiles(files: KeyFiles): DeviceKeys {
  for (const file of [files.privateKeyFile, files.publicKeyFile]) {
    if (existsSync(file)) throw new InputError(`${file}: a key file already exists; refusing to replace a device's identity`);
  }
  const keys = generateDeviceKeys();
  mkdirSync(dirname(files.privateKeyFile), { recursive: true });
  mkdirSync(dirname(files.publicKeyFile), { recursive: true });
  writeFileSync(files.privateKeyFile, privateKeyPem(keys), { mode: 0o600 });
  writeFileSync(files.publicKeyFile, publicKeyPem(keys), { mode: 0o644 });
  return keys;
}

/** Loads the pair and checks that the two halves belong together, so a box never signs with a key the platform cannot verify. */
export function loadDeviceKeys(files: KeyFiles): DeviceKeys {
  const privateKey = readKey(files.privateKeyFile, "private", (pem) => createPrivateKey(pem));
  const publicKey = loadPublicKey(files.publicKeyFile);
  const probe = Buffer.from("liftwatch key pair probe");
  if (!verify(null, probe, publicKey, sign(null, probe, privateKey))) {
    throw new InputError(`${files.publicKeyFile}: not the public half of ${files.privateKeyFile}`);
  }
  return { privateKey, publicKey };
}

/** Creates the pair when neither file exists yet (first start of a box), loads it otherwise. */
export function loadOrCreateDeviceKeys(files: KeyFiles): DeviceKeys {
  if (!existsSync(files.privateKeyFile) && !existsSync(files.publicKeyFile)) return createDeviceKeyFiles(files);
  return loadDeviceKeys(files);
}

export function loadPublicKey(file: string): KeyObject {
  return readKey(file, "public", (pem) => createPublicKey(pem));
}

function readKey(file: string, half: "private" | "public", parse: (pem: string) => KeyObject): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot read the ${half} key (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let key: KeyObject;
  try {
    key = parse(pem);
  } catch {
    throw new InputError(`${file}: not a PEM ${half === "private" ? "PKCS#8 private" : "SPKI public"} key`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new InputError(`${file}: a ${key.asymmetricKeyType} key; liftwatch signs with Ed25519`);
  return key;
}

/** The provisioned evidence key pair, or the one made beside the journal `file`. */
export function evidenceKeyFiles(config: Config, file = config.journal.file): KeyFiles {
  const provisioned = config.journal.evidence_key;
  // provision writes evidence-key.pem and evidence-pub.pem side by side.
  return provisioned
    ? { privateKeyFile: provisioned, publicKeyFile: provisioned.replace(/evidence-key\.pem$/, "evidence-pub.pem") }
    : { privateKeyFile: `${file}.evidence-key.pem`, publicKeyFile: `${file}.evidence-pub.pem` };
}

