/**
 * The fleet's certificate authority and the certificates it signs, on Node's WebCrypto.
 * ECDSA P-256 with SHA-256: what Mosquitto (OpenSSL) and small TLS stacks all accept.
 */
import { createPrivateKey, createPublicKey, randomBytes, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import { join } from "node:path";
import { InputError } from "../config/input-error.ts";
import { ensureDirectory, existingFiles, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readSecurityFile, writeSecurityFile } from "./key-files.ts";
import { x509 } from "./x509.ts";

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A CA outlives the boxes it vouches for; a box is in service for about a decade. */
const CA_VALIDITY_DAYS = 25 * 365;
const LEAF_VALIDITY_DAYS = 12 * 365;
/** Certificates start a little in the past so a box whose clock lags still accepts them. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

export const CA_FILES = { certificate: "ca-cert.pem", privateKey: "ca-key.pem" } as const;

export interface CertificateAuthority {
  certificate: x509.X509Certificate;
  certificatePem: string;
  privateKey: CryptoKey;
}

export interface IssuedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** Positive 128-bit serial: unique without a register of issued serials. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString("hex");
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + days * DAY_MS) };
}

async function createCa(dir: string): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: ["liftwatch fleet CA"] }],
    ...validity(CA_VALIDITY_DAYS),
    keys,
    signingAlgorithm: ECDSA_P256,
    extensions: [
      // pathLength 0: this CA signs boxes, brokers and services, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certificatePem = certificate.toString("pem");
  ensureDirectory(dir);
  writeSecurityFile(join(dir, CA_FILES.privateKey), await privateKeyPem(keys.privateKey), PRIVATE_FILE_MODE);
  writeSecurityFile(join(dir, CA_FILES.certificate), certificatePem + "\n", PUBLIC_FILE_MODE);
  return { certificate, certificatePem, privateKey: keys.privateKey };
}

async function loadCa(dir: string): Promise<CertificateAuthority> {
  const certificateFile = join(dir, CA_FILES.certificate);
  const keyFile = join(dir, CA_FILES.privateKey);
  const keyPem = readSecurityFile(keyFile);
  let certificate: x509.X509Certificate;
  let privateKey: CryptoKey;
  try {
    certificate = new x509.X509Certificate(readSecurityFile(certificateFile));
    const der = createPrivateKey(keyPem).export({ type: "pkcs8", format: "der" });
    privateKey = await webcrypto.subtle.importKey("pkcs8", der, ECDSA_P256, false, ["sign"]);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`--ca ${dir}: not a liftwatch CA (ECDSA P-256 ${CA_FILES.certificate} and ${CA_FILES.privateKey}): ${(error as Error).message}`);
  }
  const keyOfCertificate = Buffer.from(certificate.publicKey.rawData);
  const keyOfPrivateKey = createPublicKey(keyPem).export({ type: "spki", format: "der" });
  if (!keyOfCertificate.equals(keyOfPrivateKey)) throw new InputError(`--ca ${dir}: ${CA_FILES.privateKey} is not the key of ${CA_FILES.certificate}`);
  return { certificate, certificatePem: certificate.toString("pem"), privateKey };
}

/** The CA in `dir`: reused when present, created when absent, never overwritten. */
export async function loadOrCreateCa(dir: string): Promise<{ ca: CertificateAuthority; created: boolean }> {
  const present = existingFiles(dir, Object.values(CA_FILES));
  if (present.length === 2) return { ca: await loadCa(dir), created: false };
  if (present.length === 1) throw new InputError(`--ca ${dir}: has ${present[0]} but not its pair; refusing to make a new CA over half of one`);
  return { ca: await createCa(dir), created: true };
}

export interface LeafRequest {
  /** Common name: the device id, the service name or the broker's host name. */
  commonName: string;
  /** client: a box or a platform service logging in; server: the broker. */
  role: "client" | "server";
  /** Server only: DNS names and IP addresses the broker is reached at. */
  hosts?: string[];
}

/** A fresh P-256 key pair and its certificate signed by the CA. */
export async function issueCertificate(ca: CertificateAuthority, request: LeafRequest): Promise<IssuedCertificate> {
  const keys = await generateKeys();
  const extendedUsage = request.role === "client" ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([extendedUsage], false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
  ];
  if (request.hosts && request.hosts.length > 0) {
    const names = request.hosts.map((host) => ({ type: isIP(host) ? ("ip" as const) : ("dns" as const), value: host }));
    extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [request.commonName] }],
    issuer: ca.certificate.subject,
    ...validity(LEAF_VALIDITY_DAYS),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: ECDSA_P256,
    extensions,
  });
  return { certificatePem: certificate.toString("pem") + "\n", privateKeyPem: await privateKeyPem(keys.privateKey) };
}
