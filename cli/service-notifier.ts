/**
 * The service manager's notification protocol (sd_notify, `NOTIFY_SOCKET`): `READY=1` once
 * the box runs, `WATCHDOG=1` from the box's own sampling loop (never from a timer of its
 * own, so a hung loop stops the pings and systemd restarts the box), `STOPPING=1` at a
 * clean stop. hardware/deploy/liftwatch.service sets `Type=notify` and `WatchdogSec=`.
 *
 * Node's dgram has no unix datagram sockets: the `unix-dgram` package (a small native
 * addon, the most used one for this) sends them. Where it is not built, or the socket is in
 * the abstract namespace it cannot address, each message goes through `systemd-notify`
 * (the unit sets `NotifyAccess=all` so systemd takes it from a child process).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

/** Sends one notification datagram (newline-separated `KEY=value` lines). */
export interface NotifyTransport {
  send(message: string): void;
  close(): void;
}

interface UnixDatagramSocket {
  send(buffer: Buffer, offset: number, length: number, path: string, callback?: (error?: Error) => void): void;
  on(event: "error", listener: (error: Error) => void): unknown;
  close(): void;
}

export function openNotifyTransport(socketPath: string, warn: (line: string) => void): NotifyTransport {
  let warned = false;
  const warnOnce = (line: string) => {
    if (!warned) warn(line);
    warned = true;
  };
  if (!socketPath.startsWith("@")) {
    try {
      const unixDgram = createRequire(import.meta.url)("unix-dgram") as { createSocket(type: "unix_dgram"): UnixDatagramSocket };
      const socket = unixDgram.createSocket("unix_dgram");
      socket.on("error", (error) => warnOnce(`! service manager notification failed: ${error.message}`));
      return {
        send(message) {
          const bytes = Buffer.from(message);
          socket.send(bytes, 0, bytes.length, socketPath, (error) => error && warnOnce(`! service manager notification to ${socketPath} failed: ${error.message}`));
        },
        close: () => socket.close(),
      };
    } catch (error) {
      warn(`unix-dgram not available (${(error as Error).message.split("\n")[0]}): notifying the service manager through systemd-notify`);
    }
  }
  return {
    send(message) {
      spawn("systemd-notify", [`--pid=${process.pid}`, ...message.split("\n")], { stdio: "ignore" }).on("error", (error) =>
        warnOnce(`! systemd-notify failed: ${error.message}`),
      );
    },
    close() {},
  };
}

export class ServiceNotifier {
  private lastPingMs = 0;
  private running = false;

  /** `pingIntervalMs`: undefined when the service has no watchdog. */
  constructor(
    private readonly transport: NotifyTransport,
    readonly pingIntervalMs: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  ready(status: string): void {
    this.transport.send(`READY=1\nSTATUS=${status.replace(/\n/g, " ")}`);
    this.running = true;
    this.lastPingMs = this.now();
  }

  /** Called by the sampling loop each period; pings at most once per interval. */
  loopAlive(): void {
    if (!this.running || this.pingIntervalMs === undefined) return;
    const now = this.now();
    if (now - this.lastPingMs < this.pingIntervalMs) return;
    this.lastPingMs = now;
    this.transport.send("WATCHDOG=1");
  }

  stopping(): void {
    if (this.running) this.transport.send("STOPPING=1");
    this.running = false;
  }

  close(): void {
    this.running = false;
    this.transport.close();
  }
}

/**
 * The notifier systemd asked for through the environment, or undefined outside a notify
 * service. Pings go at half the watchdog period, as sd_watchdog_enabled(3) advises.
 */
export function serviceNotifierFromEnvironment(
  environment: NodeJS.ProcessEnv,
  warn: (line: string) => void,
  pid = process.pid,
): ServiceNotifier | undefined {
  const socketPath = environment.NOTIFY_SOCKET;
  if (!socketPath) return undefined;
  const watchdogMicroseconds = Number(environment.WATCHDOG_USEC);
  // WATCHDOG_PID names the process the watchdog is meant for; a child that inherited it must not ping.
  const forUs = environment.WATCHDOG_PID === undefined || Number(environment.WATCHDOG_PID) === pid;
  const watchdog = forUs && Number.isFinite(watchdogMicroseconds) && watchdogMicroseconds > 0;
  return new ServiceNotifier(openNotifyTransport(socketPath, warn), watchdog ? watchdogMicroseconds / 2000 : undefined);
}
