/**
 * Ed25519 key pairs: a box's evidence-signing key, and the operator's command-signing key.
 * Private keys as PKCS#8 PEM, public keys as SPKI PEM, what Node's crypto reads directly.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { InputError } from "../config/input-error.ts";
import { ensureDirectory, existingFiles, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readSecurityFile, writeSecurityFile } from "./key-files.ts";

export interface Ed25519PemPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateEd25519(): Ed25519PemPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export const OPERATOR_FILES = { privateKey: "operator-key.pem", publicKey: "operator-pub.pem" } as const;

/** The operator's command-signing key pair in `dir`: reused when present, created when absent. */
export function loadOrCreateOperatorKeys(dir: string): { publicKeyPem: string; created: boolean } {
  const present = existingFiles(dir, Object.values(OPERATOR_FILES));
  if (present.length === 1) throw new InputError(`--operator ${dir}: has ${present[0]} but not its pair`);
  if (present.length === 2) {
    const privateKeyPem = readSecurityFile(join(dir, OPERATOR_FILES.privateKey));
    const publicKeyPem = readSecurityFile(join(dir, OPERATOR_FILES.publicKey));
    let matches: boolean;
    try {
      const derived = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: "spki", format: "der" });
      matches = createPublicKey(publicKeyPem).asymmetricKeyType === "ed25519" && derived.equals(createPublicKey(publicKeyPem).export({ type: "spki", format: "der" }));
    } catch (error) {
      throw new InputError(`--operator ${dir}: not an Ed25519 key pair (${(error as Error).message})`);
    }
    if (!matches) throw new InputError(`--operator ${dir}: ${OPERATOR_FILES.publicKey} is not the public key of ${OPERATOR_FILES.privateKey}`);
    return { publicKeyPem, created: false };
  }
  const pair = generateEd25519();
  ensureDirectory(dir);
  writeSecurityFile(join(dir, OPERATOR_FILES.privateKey), pair.privateKeyPem, PRIVATE_FILE_MODE);
  writeSecurityFile(join(dir, OPERATOR_FILES.publicKey), pair.publicKeyPem, PUBLIC_FILE_MODE);
  return { publicKeyPem: pair.publicKeyPem, created: true };
}
