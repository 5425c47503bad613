/**
 * Starts Mosquitto from the repository's hardware/mosquitto/ files, so what is deployed is
 * what is tested: only the port and the file paths are swapped for the test's own.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, chownSync, copyFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMosquitto, type MosquittoBroker } from "../support/mosquitto.ts";

const repositoryDir = fileURLToPath(new URL("../../hardware/mosquitto/", import.meta.url));

export interface BrokerFiles {
  ca: string;
  certificate: string;
  privateKey: string;
  /** Where to put the copy of the repository's ACL file. */
  acl: string;
}

/** One rewrite per directive; each must match exactly one line, so a renamed directive fails loudly. */
export function adaptRepositoryConfig(text: string, port: number, host: string, files: BrokerFiles): string {
  const rewrites: [RegExp, string | null][] = [
    [/^listener 8883$/, `listener ${port} ${host}`],
    [/^cafile \S+$/, `cafile ${files.ca}`],
    [/^certfile \S+$/, `certfile ${files.certificate}`],
    [/^keyfile \S+$/, `keyfile ${files.privateKey}`],
    [/^acl_file \S+$/, `acl_file ${files.acl}`],
    // A test broker keeps nothing and logs to the helper's stderr.
    [/^persistence true$/, "persistence false"],
    [/^persistence_location \S+$/, null],
    [/^log_dest file \S+$/, null],
  ];
  const used = rewrites.map(() => 0);
  const lines = text.split("\n").flatMap((line) => {
    const index = rewrites.findIndex(([pattern]) => pattern.test(line.trim()));
    if (index < 0) return [line];
    used[index]!++;
    const replacement = rewrites[index]![1];
    return replacement === null ? [] : [replacement];
  });
  const wrong = rewrites.filter((_, index) => used[index] !== 1).map(([pattern]) => pattern.source);
  if (wrong.length > 0) throw new Error(`hardware/mosquitto/mosquitto.conf: expected exactly one line matching ${wrong.join(", ")}`);
  return lines.join("\n");
}

/**
 * Started as root, Mosquitto drops to the mosquitto user (nobody where there is none) before
 * it reads its certificates and ACL, as on a deployed broker: hand it its files the way
 * hardware/mosquitto/README.md tells the deployer to. The directories above must be traversable.
 */
function handToBrokerUser(files: BrokerFiles): void {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string, name: string) => Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  const user = ["mosquitto", "nobody"].find((name) => {
    try {
      return id("-u", name) >= 0;
    } catch {
      return false;
    }
  });
  if (!user) return;
  for (const path of [dirname(files.privateKey), files.privateKey, files.acl]) chownSync(path, id("-u", user), id("-g", user));
}

/** `aclAdditions`: lines an operator appends to the ACL (e.g. README's rule for a lost box). */
export function startRepositoryBroker(files: BrokerFiles, options: { protocolLogs?: boolean; aclAdditions?: string } = {}): Promise<MosquittoBroker> {
  copyFileSync(join(repositoryDir, "acl"), files.acl);
  if (options.aclAdditions) appendFileSync(files.acl, `\n${options.aclAdditions}\n`);
  chmodSync(files.acl, 0o644);
  handToBrokerUser(files);
  const text = readFileSync(join(repositoryDir, "mosquitto.conf"), "utf8");
  return startMosquitto({ protocolLogs: options.protocolLogs, scheme: "mqtts", config: (port, host) => adaptRepositoryConfig(text, port, host, files) });
}
