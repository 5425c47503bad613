/** Runs the real `liftwatch` command as a user would, and collects what it prints. */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { until } from "./until.ts";

export const liftwatchBin = fileURLToPath(new URL("../../bin/liftwatch.js", import.meta.url));

/**
 * Every `liftwatch` a test file started that has not exited: a `run` that a failing test never
 * got to stop (by a signed reboot, say) would outlive the test run. Ended with the file.
 */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

function started<Child extends ChildProcess>(child: Child): Child {
  running.add(child);
  child.on("close", () => running.delete(child));
  return child;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `stopAfterMs`: send SIGTERM then, as an operator stopping the service would (`stopAgainAfterMs`
 * later, a second, as a process group's and its supervisor's both), counted from when it first
 * prints `stopAfterOutput` where that is given (a loaded machine may take seconds to start it,
 * and a SIGTERM before its handler is set kills it with no exit code); `input`: piped to its
 * stdin, then closed; `bin`: another entry than bin/liftwatch.js (the built bundle); `cwd`: the
 * folder it is started in.
 */
export function liftwatch(args: string[], options: { timeoutMs?: number; stopAfterMs?: number; stopAfterOutput?: string; stopAgainAfterMs?: number; input?: string; bin?: string; cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = started(spawn(process.execPath, [options.bin ?? liftwatchBin, ...args], { stdio: ["pipe", "pipe", "pipe"], cwd: options.cwd }));
    // Closed at once (as /dev/null would be) when there is nothing to type.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    let stdout = "";
    let stderr = "";
    let stopper: NodeJS.Timeout | undefined;
    const stopLater = (afterMs: number) => {
      stopper = setTimeout(() => {
        child.kill("SIGTERM");
        if (options.stopAgainAfterMs !== undefined) setTimeout(() => child.kill("SIGTERM"), options.stopAgainAfterMs);
      }, afterMs);
    };
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (options.stopAfterMs !== undefined && options.stopAfterOutput !== undefined && stopper === undefined && stdout.includes(options.stopAfterOutput)) stopLater(options.stopAfterMs);
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`liftwatch ${args.join(" ")} did not finish in ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    if (options.stopAfterMs !== undefined && options.stopAfterOutput === undefined) stopLater(options.stopAfterMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      clearTimeout(stopper);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningPageBox {
  /** the commissioning token provisioning printed */
  token: string;
  /** the page's port, as `run` announced it */
  port: string;
  /** everything the command printed so far */
  output(): string;
  /** SIGTERM, as an operator stopping the service would, and its exit */
  stop(): Promise<void>;
}

/**
 * `liftwatch run` on a provisioned simulated box (the `commissioning` scenario) with its
 * commissioning page on, in `folder`, once the page's port is announced.
 */
export async function runBoxWithPage(folder: string, device: string, options: { bin?: string; speed?: number } = {}): Promise<RunningPageBox> {
  const provisioned = await liftwatch(["provision", "--device", device, "--out", join(folder, device)], { bin: options.bin });
  if (provisioned.code !== 0) throw new Error(`liftwatch provision failed: ${provisioned.stderr}`);
  const token = /commissioning token for \S+ .*: (\S+)/.exec(provisioned.stdout)![1];
  const config = join(folder, `${device}.yaml`);
  // The token record is found beside the provisioned evidence key.
  writeFileSync(
    config,
    [
      `device: { id: ${device} }`,
      `journal: { file: ${join(folder, `${device}.db`)}, evidence_key: ${join(folder, device, "evidence-key.pem")} }`,
      `simulation: { scenario: commissioning, speed: ${options.speed ?? 1} }`,
      "commissioning: { enabled: true, listen: 127.0.0.1, port: 0 }",
    ].join("\n"),
  );
  const child = started(spawn(process.execPath, [options.bin ?? liftwatchBin, "run", "--config", config], { stdio: ["ignore", "pipe", "pipe"] }));
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
  };
  const announced = /commissioning page on \S+ \(.*port (\d+)\)/;
  try {
    await until(() => announced.test(output), 30_000, `the page's port in:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { token, port: announced.exec(output)![1], output: () => output, stop };
}
