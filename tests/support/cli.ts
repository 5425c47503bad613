/** Runs the real `liftwatch` command as a user would, and collects what it prints. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const liftwatchBin = fileURLToPath(new URL("../../bin/liftwatch.js", import.meta.url));

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `stopAfterMs`: send SIGTERM then, as an operator stopping the service would; `input`: piped
 * to its stdin, then closed; `bin`: another entry than bin/liftwatch.js (the built bundle).
 */
export function liftwatch(args: string[], options: { timeoutMs?: number; stopAfterMs?: number; input?: string; bin?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? liftwatchBin, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    // Closed at once (as /dev/null would be) when there is nothing to type.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`liftwatch ${args.join(" ")} did not finish in ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    const stopper = options.stopAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGTERM"), options.stopAfterMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      clearTimeout(stopper);
      resolve({ code, stdout, stderr });
    });
  });
}
