// Test fixture: a private Mosquitto broker per caller, on an ephemeral port,
// so integration tests exercise a real broker without touching (or depending
// on) any system-wide instance on 1883.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 2_000;
const PORT_ATTEMPTS = 5;
const MAX_LOG_CHARS = 64 * 1024;

export interface MosquittoOptions {
  /** Log every MQTT packet (log_type all) and echo mosquitto's log to stderr. */
  protocolLogs?: boolean;
  /**
   * The broker's own configuration instead of the default plain, anonymous listener: given
   * the port and host to listen on, return it (e.g. a TLS listener, certificates, an ACL
   * file). Logging to stderr is still added, so logs() works.
   */
  config?: (port: number, host: string) => string;
  /** Scheme of `url`: mqtts when `config` makes a TLS listener. Default mqtt. */
  scheme?: "mqtt" | "mqtts";
}

export interface MosquittoBroker {
  url: string;
  port: number;
  pid: number;
  /** Mosquitto's stderr so far (tail), for debugging failed assertions. */
  logs(): string;
  /** Stops this broker (SIGTERM, SIGKILL after 2 s) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Path of the mosquitto binary; Debian installs it in /usr/sbin, often not on a user's PATH. */
export function mosquittoBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/sbin", "/usr/local/sbin"];
  return dirs.map((dir) => join(dir, "mosquitto")).find(isExecutableFile);
}

/** True if something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

/** Asks the OS for a free port. Racy by nature (it is released before use), hence the retries below. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/** Kills only the child we spawned; going through the ChildProcess (not a bare pid) avoids hitting a reused pid. */
async function killChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  child.kill("SIGTERM");
  if (await waitForExit(child, STOP_GRACE_MS)) return;
  child.kill("SIGKILL");
  await waitForExit(child, STOP_GRACE_MS);
}

function brokerConfig(port: number, options: MosquittoOptions): string {
  const protocolLogs = options.protocolLogs ?? false;
  const listener = options.config ? [options.config(port, HOST)] : [`listener ${port} ${HOST}`, "allow_anonymous true", "persistence false", "set_tcp_nodelay true"];
  return [
    ...listener,
    "log_dest stderr",
    ...(protocolLogs ? ["log_type all"] : ["log_type error", "log_type warning", "log_type notice", "log_type information"]),
    "",
  ].join("\n");
}

class AddressInUse extends Error {}

async function launch(binary: string, dir: string, options: MosquittoOptions): Promise<MosquittoBroker> {
  const protocolLogs = options.protocolLogs ?? false;
  const port = await freePort();
  const configPath = join(dir, `mosquitto-${port}.conf`);
  await writeFile(configPath, brokerConfig(port, options));

  const child = spawn(binary, ["-c", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-MAX_LOG_CHARS);
    if (protocolLogs) process.stderr.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));

  // If the test process exits without stop(), don't leave our broker behind.
  const onProcessExit = () => {
    if (!exited(child)) child.kill("SIGKILL");
  };
  process.once("exit", onProcessExit);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.off("exit", onProcessExit);
      await killChild(child);
    })());

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (spawnError || exited(child)) {
      await stop();
      if (/address already in use/i.test(log)) throw new AddressInUse(log);
      throw new Error(
        `mosquitto (${binary}) exited before accepting connections on ${HOST}:${port}` +
          (spawnError ? `: ${spawnError.message}` : ` (code ${child.exitCode}, signal ${child.signalCode})`) +
          `\n--- mosquitto output ---\n${log}`,
      );
    }
    // Connectable and still alive means the listener is mosquitto's, not a port thief's.
    if ((await isPortOpen(port)) && !exited(child)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `mosquitto did not accept connections on ${HOST}:${port} within ${READY_TIMEOUT_MS} ms` +
          `\n--- mosquitto output ---\n${log}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return { url: `${options.scheme ?? "mqtt"}://${HOST}:${port}`, port, pid: child.pid!, logs: () => log, stop };
}

/** Starts a private broker; remember to `await broker.stop()` (e.g. in afterAll). */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const binary = mosquittoBinary();
  if (!binary) throw new Error("mosquitto not found in PATH, /usr/sbin or /usr/local/sbin (apt-get install mosquitto)");

  const dir = await mkdtemp(join(tmpdir(), "liftwatch-mosquitto-"));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  for (let attempt = 1; ; attempt++) {
    try {
      const broker = await launch(binary, dir, options);
      return {
        ...broker,
        stop: async () => {
          await broker.stop();
          await removeDir();
        },
      };
    } catch (error) {
      // Another process grabbed the port between freePort() and mosquitto's bind: try a new one.
      if (error instanceof AddressInUse && attempt < PORT_ATTEMPTS) continue;
      await removeDir();
      throw error instanceof AddressInUse
        ? new Error(`mosquitto could not bind a free port after ${PORT_ATTEMPTS} attempts\n--- mosquitto output ---\n${error.message}`)
        : error;
    }
  }
}
