/**
 * Deployment on a Raspberry Pi (hardware/deploy/): the install script under a root prefix
 * and in a dry run, the systemd unit and journald drop-in, and the sd_notify watchdog the
 * firmware pings from its sampling loop, received on a fake NOTIFY_SOCKET.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../firmware/config/load.ts";
import { configSchema } from "../../firmware/config/schema.ts";
import { settingsOf } from "../../firmware/config/settings-list.ts";
import { EXIT_REBOOT, EXIT_STOPPED_WAITING } from "../../cli/live.ts";
import { ServiceNotifier, serviceNotifierFromEnvironment, type NotifyTransport } from "../../cli/service-notifier.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { boards, boardSummary } from "../../hal/boards/board-schema.ts";
import { liftwatchBin } from "../support/cli.ts";

const deploy = fileURLToPath(new URL("../../hardware/deploy/", import.meta.url));
const installScript = join(deploy, "install.sh");
const folder = mkdtempSync(join(tmpdir(), "liftwatch-deploy-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function install(...args: string[]) {
  const result = spawnSync("bash", [installScript, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `[section] key=value` lines of a systemd-style file; a key may repeat. */
function iniFile(file: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = "";
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header) section = header[1];
    else {
      const at = trimmed.indexOf("=");
      const key = `${section}.${trimmed.slice(0, at)}`;
      keys.set(key, [...(keys.get(key) ?? []), trimmed.slice(at + 1)]);
    }
  }
  return keys;
}

function one(keys: Map<string, string[]>, key: string): string {
  const values = keys.get(key);
  expect(values, key).toHaveLength(1);
  return values![0];
}

describe("install.sh --root", () => {
  const root = join(folder, "root");
  let first: ReturnType<typeof install>;

  it("lays down the application, configuration, unit and journald drop-in without touching the system", () => {
    first = install("--root", root);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    for (const file of ["opt/liftwatch/bin/liftwatch.js", "opt/liftwatch/package.json", "opt/liftwatch/package-lock.json", "opt/liftwatch/cli/main.ts", "opt/liftwatch/hal/boards/board-schema.ts"]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    expect(readFileSync(join(root, "etc/systemd/system/liftwatch.service"), "utf8")).toBe(readFileSync(join(deploy, "liftwatch.service"), "utf8"));
    expect(readFileSync(join(root, "etc/systemd/journald.conf.d/liftwatch.conf"), "utf8")).toBe(readFileSync(join(deploy, "journald-liftwatch.conf"), "utf8"));
    expect(statSync(join(root, "var/lib/liftwatch")).isDirectory()).toBe(true);
    expect(statSync(join(root, "etc/liftwatch/config.yaml")).mode & 0o777).toBe(0o640);
    expect(readlinkSync(join(root, "usr/local/bin/liftwatch"))).toBe("/opt/liftwatch/dist/liftwatch.mjs");
    // The system is left alone: each command that would change it is named as skipped.
    for (const command of ["apt-get install", "Node.js 20", "useradd", "raspi-config nonint do_i2c 0", "npm ci --omit=dev", "npm run build", "systemctl enable liftwatch.service"]) {
      expect(first.stdout).toMatch(new RegExp(`skipped under --root: .*${command}`));
    }
    expect(first.stdout).not.toMatch(/would run/);
  });

  it("copies every part of the application the command loads, and of its build", () => {
    // npm ci and the build are skipped under --root: the checkout's own packages stand in for npm ci.
    const app = join(root, "opt/liftwatch");
    symlinkSync(fileURLToPath(new URL("../../node_modules", import.meta.url)), join(app, "node_modules"));
    const fromSources = spawnSync(process.execPath, [join(app, "bin/liftwatch.js"), "sim", "--list"], { encoding: "utf8", timeout: 60_000 });
    expect(fromSources.stderr).toBe("");
    expect(fromSources.stdout).toMatch(/^normal-hour\s/m);
    const build = spawnSync("npm", ["run", "build"], { cwd: app, encoding: "utf8", timeout: 120_000 });
    expect(build.status, build.stderr).toBe(0);
    // What the service and /usr/local/bin/liftwatch run: the built-in scenarios found from the bundle.
    const bundled = spawnSync(join(app, "dist/liftwatch.mjs"), ["sim", "--list"], { encoding: "utf8", timeout: 60_000 });
    expect(bundled.stderr).toBe("");
    expect(bundled.stdout).toBe(fromSources.stdout);
  });

  it("writes a configuration the firmware accepts, with the journal in the service's writable folder", () => {
    const config = loadConfig(join(root, "etc/liftwatch/config.yaml"));
    expect(config.board).toBe("pi-sensor-hat");
    const writable = one(iniFile(join(deploy, "liftwatch.service")), "Service.ReadWritePaths");
    expect(config.journal.file!.startsWith(`${writable}/`)).toBe(true);
    expect(first.stdout).toMatch(/not started: edit \/etc\/liftwatch\/config.yaml/);
  });

  it("runs again without overwriting the configuration, and replaces the application whole", () => {
    const configFile = join(root, "etc/liftwatch/config.yaml");
    writeFileSync(configFile, "device:\n  id: lift-0042\n");
    const stale = join(root, "opt/liftwatch/cli/removed-upstream.ts");
    writeFileSync(stale, "export {};\n");
    const again = install("--root", root);
    expect(again.code).toBe(0);
    expect(readFileSync(configFile, "utf8")).toBe("device:\n  id: lift-0042\n");
    expect(again.stdout).toMatch(/config.yaml kept as it is/);
    expect(existsSync(stale)).toBe(false);
    // Staged beside it and swapped in: nothing of the staging or the previous version is left.
    expect(existsSync(join(root, "opt/liftwatch.new"))).toBe(false);
    expect(existsSync(join(root, "opt/liftwatch.old"))).toBe(false);
    expect(existsSync(join(root, "opt/liftwatch/cli/main.ts"))).toBe(true);
    // An existing configuration means a box in service: it is restarted on the new version.
    expect(again.stdout).toMatch(/skipped under --root: systemctl restart liftwatch.service/);
  });
});

describe("install.sh --dry-run", () => {
  it("with a root prefix, prints each step and lays nothing down", () => {
    const root = join(folder, "dry");
    const result = install("--dry-run", "--root", root);
    expect(result.code).toBe(0);
    expect(existsSync(root)).toBe(false);
    expect(result.stdout).toMatch(/would run: install -m 0640 .*config.example.yaml .*\/etc\/liftwatch\/config.yaml/);
    expect(result.stdout).toMatch(/would run: install -D -m 0644 .*liftwatch.service .*\/etc\/systemd\/system\/liftwatch.service/);
    expect(result.stdout).toMatch(/skipped under --root: systemctl daemon-reload/);
  });

  it("on the real system, names the packages, user, I2C and service commands it would run", () => {
    const before = existsSync("/opt/liftwatch");
    const result = install("--dry-run");
    expect(result.code).toBe(0);
    expect(existsSync("/opt/liftwatch")).toBe(before);
    expect(result.stdout).toMatch(/would run: env DEBIAN_FRONTEND=noninteractive apt-get install .*gpiod/);
    expect(result.stdout).toMatch(/would run: usermod --append --groups i2c,gpio,dialout liftwatch/);
    expect(result.stdout).toMatch(/would run: systemctl enable liftwatch.service/);
    // The new version is installed and built beside the running one, and swapped in only then.
    const steps = [
      /would run: env --chdir=\/opt\/liftwatch.new npm ci --omit=dev/,
      /would run: env --chdir=\/opt\/liftwatch.new npm run build/,
      /would run: mv -T \/opt\/liftwatch.new \/opt\/liftwatch\n/,
      /would run: rm -rf \/opt\/liftwatch.old\n/,
      /would run: systemctl enable liftwatch.service/,
    ].map((step) => result.stdout.search(step));
    expect(steps.every((at) => at >= 0), String(steps)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it("refuses an unknown option in one line, exit 2", () => {
    const result = install("--dry-run", "--prefix", "/tmp/x");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/"--prefix".*expected --dry-run, --root DIR/)]);
    expect(install("--root").code).toBe(2);
  });
});

describe("liftwatch.service", () => {
  const unit = iniFile(join(deploy, "liftwatch.service"));

  it("restarts a failed or hung box, but not forever", () => {
    expect(one(unit, "Service.Type")).toBe("notify");
    expect(Number(one(unit, "Service.WatchdogSec"))).toBeGreaterThan(0);
    expect(one(unit, "Service.Restart")).toBe("on-failure");
    expect(one(unit, "Service.RestartSec")).toBe("5");
    // A stop while events wait in the journal (exit 3, cli/live.ts) is no failure; a journal failure (1) is.
    expect(one(unit, "Service.SuccessExitStatus")).toBe(String(EXIT_STOPPED_WAITING));
    // A signed reboot stops the box cleanly (exit 4): systemd restarts no clean exit of itself.
    expect(one(unit, "Service.RestartForceExitStatus")).toBe(String(EXIT_REBOOT));
    expect(Number(one(unit, "Unit.StartLimitBurst"))).toBeGreaterThan(1);
    expect(Number(one(unit, "Unit.StartLimitIntervalSec"))).toBeGreaterThan(Number(one(unit, "Unit.StartLimitBurst")) * 5);
  });

  it("pings at half the watchdog period, many sampling periods apart", () => {
    const watchdogMs = Number(one(unit, "Service.WatchdogSec")) * 1000;
    const notifier = serviceNotifierFromEnvironment({ NOTIFY_SOCKET: "@unused", WATCHDOG_USEC: String(watchdogMs * 1000) }, () => {});
    expect(notifier!.pingIntervalMs).toBe(watchdogMs / 2);
    expect(notifier!.pingIntervalMs! / loadConfig().sampling.poll_interval_ms).toBeGreaterThanOrEqual(100);
  });

  it("is confined: read-only system but for the journal's folder, limited memory, the board's groups", () => {
    expect(one(unit, "Service.ProtectSystem")).toBe("strict");
    expect(one(unit, "Service.ReadWritePaths")).toBe("/var/lib/liftwatch");
    expect(one(unit, "Service.MemoryMax")).toMatch(/^\d+M$/);
    expect(one(unit, "Service.Nice")).toMatch(/^-?\d+$/);
    expect(one(unit, "Service.User")).toBe("liftwatch");
    expect(one(unit, "Service.SupplementaryGroups").split(" ").sort()).toEqual(["dialout", "gpio", "i2c"]);
    expect(one(unit, "Service.ExecStart")).toMatch(/\/opt\/liftwatch\/dist\/liftwatch.mjs run --config \/etc\/liftwatch\/config.yaml$/);
  });

  it.skipIf(spawnSync("systemd-analyze", ["--version"]).status !== 0)("passes systemd-analyze verify with no warning", () => {
    const copy = join(folder, "verify");
    mkdirSync(copy, { recursive: true });
    copyFileSync(join(deploy, "liftwatch.service"), join(copy, "liftwatch.service"));
    const result = spawnSync("systemd-analyze", ["verify", join(copy, "liftwatch.service")], { encoding: "utf8" });
    expect(result.stderr.split("\n").filter((line) => line.includes("liftwatch.service"))).toEqual([]);
    expect(result.status).toBe(0);
  });
});

describe("journald drop-in", () => {
  it("caps the persistent system journal", () => {
    const conf = iniFile(join(deploy, "journald-liftwatch.conf"));
    expect(one(conf, "Journal.Storage")).toBe("persistent");
    expect(one(conf, "Journal.SystemMaxUse")).toMatch(/^\d+[KMG]$/);
    expect(one(conf, "Journal.RuntimeMaxUse")).toMatch(/^\d+[KMG]$/);
  });
});

/** A fake service manager's notification socket: every datagram, with when it came. */
function fakeNotifySocket(path: string) {
  const unixDgram = createRequire(import.meta.url)("unix-dgram") as {
    createSocket(type: "unix_dgram", listener: (message: Buffer) => void): { bind(path: string): void; close(): void };
  };
  const received: { message: string; atMs: number }[] = [];
  const socket = unixDgram.createSocket("unix_dgram", (message) => received.push({ message: message.toString(), atMs: performance.now() }));
  socket.bind(path);
  return { received, close: () => socket.close() };
}

function recordingTransport(): NotifyTransport & { sent: string[] } {
  const sent: string[] = [];
  return { sent, send: (message) => sent.push(message), close() {} };
}

describe("the sd_notify watchdog", () => {
  it("liftwatch run sends READY=1, then WATCHDOG=1 at half WATCHDOG_USEC, then STOPPING=1", async () => {
    const socketPath = join(folder, "notify.sock");
    const manager = fakeNotifySocket(socketPath);
    const cwd = mkdtempSync(join(folder, "run-"));
    const child = spawn(process.execPath, [liftwatchBin, "run"], {
      cwd,
      env: { ...process.env, NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: "400000", WATCHDOG_PID: undefined },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Run until a few seconds of pings have come after READY, then stop as systemd would.
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && manager.received.filter((entry) => entry.message === "WATCHDOG=1").length < 10) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    manager.close();

    const messages = manager.received.map((entry) => entry.message);
    expect(messages[0]).toMatch(/^READY=1\nSTATUS=running scenario normal-hour/);
    expect(messages.at(-1)).toBe("STOPPING=1");
    const pings = manager.received.filter((entry) => entry.message === "WATCHDOG=1");
    expect(pings.length).toBeGreaterThanOrEqual(10);
    const gaps = pings.slice(1).map((ping, index) => ping.atMs - pings[index].atMs).sort((a, b) => a - b);
    // Sent at most every 200 ms, paced by a 50 ms loop tick, so typically just after 200 ms.
    // Measured on receipt, a late delivery shortens the next gap: the mean is the firm bound.
    const meanGap = (pings.at(-1)!.atMs - pings[0].atMs) / (pings.length - 1);
    expect(meanGap).toBeGreaterThanOrEqual(190);
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(400);
    expect(stdout).toMatch(/service manager notified: ready \(watchdog pinged every 200 ms from the sampling loop\)/);
  }, 60_000);

  it("stops pinging when the sampling loop stalls, though the process lives on", () => {
    let realMs = 0;
    const transport = recordingTransport();
    const notifier = new ServiceNotifier(transport, 1000, () => realMs);
    const box = createSimulatedBox(loadScenario("normal-hour"), { sink: { event() {}, trip() {} }, onPoll: () => notifier.loopAlive() });
    notifier.ready("test");
    // 10 s of sampling, real time keeping pace with it.
    for (let step = 1; step <= 100; step++) {
      realMs += 100;
      box.clock.advanceTo(step * 100);
    }
    const pingsWhileSampling = transport.sent.filter((message) => message === "WATCHDOG=1").length;
    expect(pingsWhileSampling).toBeGreaterThanOrEqual(9);
    expect(pingsWhileSampling).toBeLessThanOrEqual(10);
    // The loop stalls (its clock no longer drives it) while 60 s of real time pass.
    realMs += 60_000;
    expect(transport.sent.filter((message) => message === "WATCHDOG=1")).toHaveLength(pingsWhileSampling);
    // It resumes: the very next sampling period pings again.
    box.clock.advanceTo(10_100);
    expect(transport.sent.filter((message) => message === "WATCHDOG=1")).toHaveLength(pingsWhileSampling + 1);
    box.device.stop();
  });

  it("pings nothing before READY, and only for the process WATCHDOG_PID names", () => {
    const transport = recordingTransport();
    let now = 0;
    const notifier = new ServiceNotifier(transport, 100, () => now);
    now = 1000;
    notifier.loopAlive();
    expect(transport.sent).toEqual([]);
    expect(serviceNotifierFromEnvironment({}, () => {})).toBeUndefined();
    expect(serviceNotifierFromEnvironment({ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "30000000", WATCHDOG_PID: "1" }, () => {}, 4242)!.pingIntervalMs).toBeUndefined();
    expect(serviceNotifierFromEnvironment({ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "30000000", WATCHDOG_PID: "4242" }, () => {}, 4242)!.pingIntervalMs).toBe(15_000);
    expect(serviceNotifierFromEnvironment({ NOTIFY_SOCKET: "@x" }, () => {})!.pingIntervalMs).toBeUndefined();
  });
});

describe("the field engineer's pages", () => {
  const hardware = fileURLToPath(new URL("../../hardware/", import.meta.url));
  const pages = ["calibration.md", "deploy/README.md", "deploy/time.md"].map((page) => readFileSync(join(hardware, page), "utf8"));

  it("quote the start line the box prints for the sensor hat", () => {
    expect(pages[0]).toContain(boardSummary(boards["pi-sensor-hat"]).slice(0, 80));
  });

  it("name only settings that exist, with their defaults where they give one", () => {
    const defaults = loadConfig() as unknown as Record<string, Record<string, unknown>>;
    // `section.key`, a file name aside (`install.sh`, `config.yaml`).
    const named = pages
      .flatMap((page) => [...page.matchAll(/`([a-z_]+)\.([a-z_]+)`(?:, ([0-9.]+) ?(?:s|m|MiB)?\b)?/g)])
      .filter((match) => !/^(sh|md|yaml|ts|js|json|conf|service|db|pem|txt|target)$/.test(match[2]));
    expect(named.length).toBeGreaterThan(5);
    // Every setting of the schema, optional ones (no default) included.
    const settings = settingsOf(configSchema).map((setting) => setting.path.join("."));
    for (const [text, section, key, stated] of named) {
      expect(settings, text).toContain(`${section}.${key}`);
      if (stated !== undefined) expect(defaults[section][key], text).toBe(Number(stated));
    }
  });
});
