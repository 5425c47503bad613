/**
 * The TLS files a client connects with (the box's, the receiver's), checked as TLS would take
 * them before anything starts. Unchecked, a key that is not the certificate's, or a certificate
 * file holding something else, failed only at the first connect, in OpenSSL's words ("key values
 * mismatch", "DECODER routines::unsupported") naming no file, after the journal had counted a
 * boot; and `config check` passed it.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { InputError } from "../config/input-error.ts";
import type { Config } from "../config/schema.ts";
import { cannotRead } from "../config/yaml-file.ts";

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export type TlsRole = keyof TlsFiles;

/** What is wrong with one of the files: "expected … (got …)", for the caller to place. */
export interface TlsProblem {
  role: TlsRole;
  problem: string;
}

/** The configuration's TLS files (undefined: none named); one that cannot be read is an InputError naming it and its setting. */
export function readTlsFiles({ mqtt }: Pick<Config, "mqtt">): TlsFiles | undefined {
  if (!mqtt.ca_file && !mqtt.cert_file && !mqtt.key_file) return undefined;
  const read = (role: TlsRole) => {
    const file = mqtt[`${role}_file`];
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      throw cannotRead(file, `mqtt.${role}_file`, error);
    }
  };
  return { ca: read("ca"), cert: read("cert"), key: read("key") };
}

/** The configuration's TLS files, read and checked as TLS would take them: a bad one is one line naming it and its setting. */
export function tlsFiles(config: Pick<Config, "mqtt">): TlsFiles | undefined {
  const files = readTlsFiles(config);
  const problem = files && tlsProblem(files);
  if (problem) throw new InputError(`${config.mqtt[`${problem.role}_file`]}: mqtt.${problem.role}_file: ${problem.problem}`);
  return files;
}

/** The first problem the files have, in the order TLS would meet them; undefined if TLS takes them. */
export function tlsProblem(files: TlsFiles): TlsProblem | undefined {
  const { ca, cert, key } = files;
  if (ca && !parses(() => new X509Certificate(ca))) return { role: "ca", problem: `expected the PEM certificate(s) the broker's certificate chains to (got ${pemContent(ca)})` };
  const certificate = cert ? parses(() => new X509Certificate(cert)) : undefined;
  if (cert && !certificate) return { role: "cert", problem: `expected the client's PEM certificate (got ${pemContent(cert)})` };
  if (key && /ENCRYPTED/.test(pemLabels(key).join(" ") + key.toString("latin1", 0, 200))) {
    return { role: "key", problem: "expected a private key without a passphrase, which nothing could give at a connect (got an encrypted key)" };
  }
  const privateKey: KeyObject | undefined = key ? parses(() => createPrivateKey(key)) : undefined;
  if (key && !privateKey) return { role: "key", problem: `expected the client's PEM private key (got ${pemContent(key)})` };
  if (certificate && privateKey && !certificate.checkPrivateKey(privateKey)) {
    return { role: "key", problem: `expected the private key of the client certificate (${certificate.subject.replace(/\n/g, ", ")}) (got another key)` };
  }
  try {
    createSecureContext({ ca, cert, key });
  } catch (error) {
    return { role: cert ? "cert" : "ca", problem: `expected files TLS accepts (got ${(error as Error).message})` };
  }
  return undefined;
}

function parses<Parsed>(parse: () => Parsed): Parsed | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

function pemLabels(bytes: Buffer): string[] {
  return [...bytes.toString("latin1").matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((match) => match[1]);
}

/** What a file holds, as its PEM blocks say: a key where a certificate was expected is the usual slip. */
function pemContent(bytes: Buffer): string {
  const labels = [...new Set(pemLabels(bytes))];
  if (labels.length === 0) return bytes.length === 0 ? "an empty file" : "no PEM block";
  return labels.map((label) => `a PEM ${label}`).join(" and ");
}
