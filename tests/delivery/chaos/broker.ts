/**
 * A Mosquitto the chaos tests can freeze, kill and start again on the SAME port (the box
 * and the receiver reconnect to one URL). startMosquitto() picks a new port per launch, so
 * this spawns mosquitto itself. Persistence is off: a killed broker forgets everything it
 * had taken, which is the point of these tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPortOpen, mosquittoBinary } from "../../support/mosquitto.ts";

const HOST = "127.0.0.1";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitForExit(child: ChildProcess): Promise<void> {
  return exited(child) ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

export class RestartableMosquitto {
  private child?: ChildProcess;
  private frozen = false;
  private log = "";
  /** how many times it was started (1 + restarts) */
  starts = 0;
  private readonly killOnExit = () => this.child && !exited(this.child) && this.child.kill("SIGKILL");

  private constructor(readonly port: number, private readonly dir: string) {
    process.once("exit", this.killOnExit);
  }

  static async start(): Promise<RestartableMosquitto> {
    const dir = mkdtempSync(join(tmpdir(), "liftwatch-chaos-broker-"));
    const broker = new RestartableMosquitto(await freePort(), dir);
    writeFileSync(join(dir, "mosquitto.conf"), [`listener ${broker.port} ${HOST}`, "allow_anonymous true", "persistence false", "log_dest stderr", "log_type error", "log_type warning", ""].join("\n"));
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `mqtt://${HOST}:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && !exited(this.child);
  }

  logs(): string {
    return this.log;
  }

  /** SIGSTOP: connections stay open, nothing is answered. */
  freeze(): void {
    if (!this.running || this.frozen) return;
    this.child!.kill("SIGSTOP");
    this.frozen = true;
  }

  thaw(): void {
    if (!this.running || !this.frozen) return;
    this.child!.kill("SIGCONT");
    this.frozen = false;
  }

  /** SIGKILL: everything it held in memory is gone. */
  async kill(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    if (!exited(child)) child.kill("SIGKILL");
    await waitForExit(child);
    this.child = undefined;
    this.frozen = false;
  }

  /** Starts it again on the same port; resolves once it accepts connections. */
  async launch(): Promise<void> {
    if (this.running) throw new Error("mosquitto is already running");
    for (let attempt = 1; ; attempt++) {
      const child = spawn(mosquittoBinary()!, ["-c", join(this.dir, "mosquitto.conf")], { stdio: ["ignore", "ignore", "pipe"] });
      child.stderr?.on("data", (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-16_384)));
      this.child = child;
      this.starts += 1;
      const deadline = Date.now() + 5000;
      while (!exited(child) && !(await isPortOpen(this.port, HOST))) {
        if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${this.port}\n${this.log}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (!exited(child)) return;
      // The old socket may linger a moment after a kill: try the same port again.
      if (attempt >= 20) throw new Error(`mosquitto could not start again on ${this.port}\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.thaw();
    await this.kill();
    process.off("exit", this.killOnExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
