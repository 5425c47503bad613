/**
 * Provisioning: the files a box, a platform service or the broker needs to take part in the
 * fleet, signed by the fleet CA. The CLI (cli/provision-command.ts) is a thin face on this.
 */
import { join } from "node:path";
import { isIP } from "node:net";
import { InputError } from "../config/input-error.ts";
import { issueCertificate, loadOrCreateCa, type CertificateAuthority } from "./certificates.ts";
import { COMMISSIONING_TOKEN_FILE, createCommissioningToken } from "./commissioning-token.ts";
import { ensureDirectory, existingFiles, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, writeSecurityFile } from "./key-files.ts";
import { generateEd25519, loadOrCreateOperatorKeys } from "./signing-keys.ts";

/** Same rule as `device.id` in firmware/config/schema.ts: it is a topic level and a certificate CN. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * Platform services (receiver, operator console) have a dot in their name, which no device
 * id can have, so no box is ever issued a service's broker rights by a name clash.
 */
export const SERVICE_NAME_PATTERN = /^(?=.{3,64}$)[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;
const DNS_NAME_PATTERN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const DEVICE_FILES = {
  caCertificate: "ca.pem",
  tlsCertificate: "tls-cert.pem",
  tlsKey: "tls-key.pem",
  evidenceKey: "evidence-key.pem",
  evidencePublicKey: "evidence-pub.pem",
  operatorPublicKey: "operator-pub.pem",
  commissioningToken: COMMISSIONING_TOKEN_FILE,
} as const;
export const SERVICE_FILES = { caCertificate: "ca.pem", tlsCertificate: "tls-cert.pem", tlsKey: "tls-key.pem" } as const;
export const BROKER_FILES = { caCertificate: "ca.pem", certificate: "server-cert.pem", privateKey: "server-key.pem" } as const;

export interface ProvisionPlaces {
  /** Directory that receives this identity's files. */
  out: string;
  /** Directory of the fleet CA: reused when present, created when absent. */
  caDir: string;
  /** Replace this identity's existing keys (never the CA's). */
  force?: boolean;
}

export interface ProvisionResult {
  /** Paths written, in the order written. */
  written: string[];
  caCreated: boolean;
}

function refuseOverwrite(out: string, names: readonly string[], force: boolean | undefined): void {
  const present = existingFiles(out, names);
  if (present.length > 0 && !force) throw new InputError(`--out ${out}: already holds ${present.join(", ")}; use --force to replace its keys`);
}

async function prepare(places: ProvisionPlaces, names: readonly string[]): Promise<{ ca: CertificateAuthority; caCreated: boolean }> {
  // Refuse before creating anything, so a refusal leaves no new CA behind.
  refuseOverwrite(places.out, names, places.force);
  const { ca, created } = await loadOrCreateCa(places.caDir);
  ensureDirectory(places.out);
  return { ca, caCreated: created };
}

function writer(out: string, written: string[]) {
  return (name: string, text: string, mode: number) => {
    const file = join(out, name);
    writeSecurityFile(file, text, mode);
    written.push(file);
  };
}

export async function provisionDevice(
  places: ProvisionPlaces & { deviceId: string; operatorDir: string },
): Promise<ProvisionResult & { commissioningToken: string; operatorCreated: boolean }> {
  if (!DEVICE_ID_PATTERN.test(places.deviceId)) throw new InputError(`--device "${places.deviceId}": letters, digits, '-' or '_' (1-64 characters)`);
  const { ca, caCreated } = await prepare(places, Object.values(DEVICE_FILES));
  const operator = loadOrCreateOperatorKeys(places.operatorDir);
  const tls = await issueCertificate(ca, { commonName: places.deviceId, role: "client" });
  const evidence = generateEd25519();
  const { token, record } = createCommissioningToken();

  const written: string[] = [];
  const write = writer(places.out, written);
  write(DEVICE_FILES.tlsKey, tls.privateKeyPem, PRIVATE_FILE_MODE);
  write(DEVICE_FILES.evidenceKey, evidence.privateKeyPem, PRIVATE_FILE_MODE);
  // The hash is not a secret, but nobody but the box needs to read it.
  write(DEVICE_FILES.commissioningToken, JSON.stringify(record, null, 2) + "\n", PRIVATE_FILE_MODE);
  write(DEVICE_FILES.tlsCertificate, tls.certificatePem, PUBLIC_FILE_MODE);
  write(DEVICE_FILES.evidencePublicKey, evidence.publicKeyPem, PUBLIC_FILE_MODE);
  write(DEVICE_FILES.operatorPublicKey, operator.publicKeyPem, PUBLIC_FILE_MODE);
  write(DEVICE_FILES.caCertificate, ca.certificatePem + "\n", PUBLIC_FILE_MODE);
  return { written, caCreated, commissioningToken: token, operatorCreated: operator.created };
}

/** A platform service's broker login, e.g. liftwatch.receiver (see hardware/mosquitto/acl). */
export async function provisionService(places: ProvisionPlaces & { name: string }): Promise<ProvisionResult> {
  if (!SERVICE_NAME_PATTERN.test(places.name)) throw new InputError(`--client "${places.name}": a dotted name such as liftwatch.receiver (letters, digits, '-', '_'; 3-64 characters)`);
  const { ca, caCreated } = await prepare(places, Object.values(SERVICE_FILES));
  const tls = await issueCertificate(ca, { commonName: places.name, role: "client" });
  const written: string[] = [];
  const write = writer(places.out, written);
  write(SERVICE_FILES.tlsKey, tls.privateKeyPem, PRIVATE_FILE_MODE);
  write(SERVICE_FILES.tlsCertificate, tls.certificatePem, PUBLIC_FILE_MODE);
  write(SERVICE_FILES.caCertificate, ca.certificatePem + "\n", PUBLIC_FILE_MODE);
  return { written, caCreated };
}

/** The broker's server certificate, for every name and address the boxes reach it at. */
export async function provisionBroker(places: ProvisionPlaces & { hosts: string[] }): Promise<ProvisionResult> {
  if (places.hosts.length === 0) throw new InputError(`--broker-host: give at least one host name`);
  for (const host of places.hosts) {
    if (!isIP(host) && !DNS_NAME_PATTERN.test(host)) throw new InputError(`--broker-host "${host}": not a DNS name or IP address`);
  }
  const { ca, caCreated } = await prepare(places, Object.values(BROKER_FILES));
  const server = await issueCertificate(ca, { commonName: places.hosts[0]!, role: "server", hosts: places.hosts });
  const written: string[] = [];
  const write = writer(places.out, written);
  write(BROKER_FILES.privateKey, server.privateKeyPem, PRIVATE_FILE_MODE);
  write(BROKER_FILES.certificate, server.certificatePem, PUBLIC_FILE_MODE);
  write(BROKER_FILES.caCertificate, ca.certificatePem + "\n", PUBLIC_FILE_MODE);
  return { written, caCreated };
}
