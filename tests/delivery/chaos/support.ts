/** For the chaos tests: a seeded PRNG, a provisioned box, a box in its own process or in this one, the journal read from outside. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { MqttLink } from "../../../firmware/delivery/mqtt-link.ts";
import { generateDeviceKeys, privateKeyPem, publicKeyPem, type DeviceKeys } from "../../../firmware/evidence/keys.ts";
import { Journal } from "../../../firmware/journal/journal.ts";
import type { StatusMessage } from "../../../protocols/contract.ts";
import { bundleScript } from "../../../scripts/bundle.ts";
import { eventDraft } from "../../evidence/fixtures.ts";
import type { BoxProcessOptions } from "./box-process.ts";
import { until } from "../../support/until.ts";
export { until };

/** mulberry32: small, seedable, good enough to pick kill moments reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


export interface ProvisionedBox {
  deviceId: string;
  keys: DeviceKeys;
  privateKeyFile: string;
  publicKeyFile: string;
  journalFile: string;
}

/** Key files for the box in `folder`, and its public key where the receiver looks (`<devicesDir>/<id>/evidence-pub.pem`). */
export function provisionBox(deviceId: string, folder: string, devicesDir: string): ProvisionedBox {
  const keys = generateDeviceKeys();
  const privateKeyFile = join(folder, "evidence-key.pem");
  const publicKeyFile = join(folder, "evidence-pub.pem");
  writeFileSync(privateKeyFile, privateKeyPem(keys), { mode: 0o600 });
  writeFileSync(publicKeyFile, publicKeyPem(keys));
  mkdirSync(join(devicesDir, deviceId), { recursive: true });
  writeFileSync(join(devicesDir, deviceId, "evidence-pub.pem"), publicKeyPem(keys));
  return { deviceId, keys, privateKeyFile, publicKeyFile, journalFile: join(folder, "journal.db") };
}

const boxScript = fileURLToPath(new URL("./box-process.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The box script bundled into one file (scripts/bundle.ts): a box then loads in about 0.4 s
 * instead of 1.2 s under tsx, which is what lets 50 kill cycles fit in CI's time. Without
 * esbuild the box runs under tsx: slower, same behaviour. Returns the node arguments that
 * run the box; `remove` deletes the bundle.
 */
export async function prepareBoxScript(): Promise<{ nodeArgs: string[]; remove: () => void }> {
  try {
    const { file, remove } = await bundleScript(boxScript, "chaos-box");
    return { nodeArgs: [file], remove };
  } catch {
    return { nodeArgs: ["--import", "tsx", boxScript], remove: () => {} };
  }
}

export interface BoxProcess {
  child: ChildProcess;
  /** seqs the box printed as sealed (committed to its journal) */
  sealed: number[];
  lines: string[];
  stderr(): string;
  exited: Promise<void>;
  /** lets a loaded box open its journal and connect */
  go(): void;
  waitFor(line: string, timeoutMs: number): Promise<void>;
  kill9(): Promise<void>;
}

export function spawnBox(nodeArgs: string[], box: ProvisionedBox, options: Omit<BoxProcessOptions, "journal" | "privateKeyFile" | "publicKeyFile" | "deviceId">): BoxProcess {
  const full: BoxProcessOptions = { journal: box.journalFile, privateKeyFile: box.privateKeyFile, publicKeyFile: box.publicKeyFile, deviceId: box.deviceId, ...options };
  const child = spawn(process.execPath, [...nodeArgs, JSON.stringify(full)], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  const sealed: number[] = [];
  let partial = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (line.startsWith("sealed ")) sealed.push(Number(line.slice(7)));
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-16_384)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  return {
    child,
    sealed,
    lines,
    stderr: () => stderr,
    exited,
    go: () => child.stdin!.write("go\n"),
    waitFor: async (line, timeoutMs) => {
      const done = () => lines.includes(line) || child.exitCode !== null || child.signalCode !== null;
      await until(done, timeoutMs, `box: "${line}"`).catch((error) => {
        throw new Error(`${(error as Error).message}\n--- box stderr ---\n${stderr}`);
      });
      if (!lines.includes(line)) throw new Error(`box exited (${child.exitCode ?? child.signalCode}) before "${line}"\n--- box stderr ---\n${stderr}`);
    },
    kill9: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The journal's events as another process sees them (the box has exited or is killed). */
export function journalEvents(file: string): { seq: number; acknowledged: number }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT seq, acknowledged FROM events ORDER BY seq").all() as { seq: number; acknowledged: number }[];
  } finally {
    db.close();
  }
}

/** A box in this process (real Journal + MqttLink), for tests that need no kill -9. */
export function openBox(box: ProvisionedBox, url: string, ackTimeoutS: number, onConnectionChange?: (connected: boolean) => void) {
  const journal = Journal.open({ file: box.journalFile, deviceId: box.deviceId, keys: box.keys });
  const boot = journal.startBoot();
  const config = defaultConfig();
  config.device.id = box.deviceId;
  config.device.boot = boot;
  config.mqtt.protocol_version = 5;
  config.mqtt.reconnect_s = 0.1;
  config.mqtt.platform_ack_timeout_s = ackTimeoutS;
  const status = (online: boolean): StatusMessage => ({ v: 1, device_id: box.deviceId, online, boot });
  const link = new MqttLink({ config, url, journal, status, onConnectionChange });
  const raise = () => link.event({ ...eventDraft("entrapment"), event_id: `${box.deviceId}:${boot}:0`, device_id: box.deviceId, boot, seq: 1 }).seq;
  return { journal, link, raise, close: async () => (await link.close(), journal.close()) };
}
