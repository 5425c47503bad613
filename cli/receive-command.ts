/**
 * `liftwatch receive --broker <url> --db <file> --devices <dir> ...`: the reference receiver
 * (platform/receiver) as a service. Prints one line per event, checkpoint, rejection and
 * gap; stops cleanly on SIGINT or SIGTERM. Bad options are an InputError (one line, exit 2).
 */
import { readFileSync, statSync } from "node:fs";
import { InputError } from "../firmware/config/input-error.ts";
import { tlsProblem, type TlsFiles } from "../firmware/security/tls-files.ts";
import { DEFAULT_TOPIC_ROOT } from "../firmware/security/topics.ts";
import { startReceiver } from "../platform/receiver/receiver.ts";

export interface ReceiveOptions {
  broker: string;
  db: string;
  devices: string;
  root?: string;
  group?: string;
  ca?: string;
  cert?: string;
  key?: string;
  clientId?: string;
}

export async function receiveCommand(options: ReceiveOptions): Promise<number> {
  const root = options.root ?? DEFAULT_TOPIC_ROOT;
  if (!/^[^#+/]+(\/[^#+/]+)*$/.test(root)) throw new InputError(`--root "${root}": topic levels without wildcards or empty levels, e.g. liftwatch/v1`);
  const group = options.group ?? "receivers";
  if (!/^[^#+/]+$/.test(group)) throw new InputError(`--group "${group}": one topic level without wildcards`);
  if (options.clientId !== undefined && options.clientId.trim() === "") throw new InputError(`--client-id: must not be empty`);
  if (!isDirectory(options.devices)) throw new InputError(`--devices ${options.devices}: not a directory (expected <dir>/<device-id>/evidence-pub.pem)`);
  if (isDirectory(options.db)) throw new InputError(`--db ${options.db}: a directory, expected a database file`);
  const tls = tlsFiles(options);

  const log = (line: string) => process.stdout.write(`${line}\n`);
  let receiver;
  try {
    receiver = await startReceiver({ broker: options.broker, db: options.db, devices: options.devices, root, group, clientId: options.clientId, tls, log });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new Error(`cannot receive from ${options.broker}: ${(error as Error).message}`);
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await receiver.stop();
  const stats = receiver.stats();
  log(`stopped (${signal}): ${stats.stored} stored, ${stats.duplicates} duplicates, ${stats.rejected} rejected, ${stats.unknownDevice} from unknown devices, ${stats.findings} findings, ${stats.resendRequests} resend requests`);
  return 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function tlsFiles(options: ReceiveOptions): TlsFiles | undefined {
  const given = [options.ca, options.cert, options.key].some((file) => file !== undefined);
  if (!given) return undefined;
  if (!options.broker.startsWith("mqtts://")) throw new InputError(`--ca, --cert and --key are for an mqtts:// broker, not ${options.broker}`);
  if ((options.cert === undefined) !== (options.key === undefined)) throw new InputError(`--cert and --key go together (the receiver's client certificate and its key)`);
  const read = (option: string, file: string | undefined) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      throw new InputError(`${option} ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };
  const files = { ca: read("--ca", options.ca), cert: read("--cert", options.cert), key: read("--key", options.key) };
  const problem = tlsProblem(files);
  if (problem) throw new InputError(`--${problem.role} ${options[problem.role]}: ${problem.problem}`);
  return files;
}
