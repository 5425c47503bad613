/**
 * DigitalInputPin over the GPIO character device (/dev/gpiochipN), the interface that stays:
 * the only one on a Pi 5 without sysfs GPIO, and the one with kernel time stamps. It runs
 * Debian's `gpiod` tools (apt install gpiod) as child processes: `gpioget` once for the level
 * at open, then `gpiomon` for every edge, its output parsed line by line. No npm package, so
 * nothing native to build at install time (node-libgpiod needs libgpiod-dev and a compiler).
 *
 * Both tool generations are handled; their syntax differs:
 * - libgpiod v1 (Debian bookworm, Raspberry Pi OS bookworm: 1.6.3):
 *   `gpiomon --line-buffered [--bias=pull-up] gpiochip0 17`, printing
 *   `event:  RISING EDGE offset: 17 timestamp: [     123.456789012]`;
 *   `gpioget [--bias=pull-up] gpiochip0 17` printing `1`.
 * - libgpiod v2 (Debian trixie): `gpiomon [--bias=pull-up] --chip gpiochip0 17`, printing
 *   `123.456789012<TAB>rising<TAB>gpiochip0 17` (flushed per event); `gpioget --chip
 *   gpiochip0 17` printing `"17"=active`. v2 spells "no bias" `disabled`, v1 `disable`.
 * Verified here: the v1 1.6.3 help text and error exit (no GPIO chip on this machine); the
 * output formats from both versions' source. Not verified: a run on a real chip.
 *
 * While gpiomon holds the line, gpioget on it would fail (busy), so the level is tracked
 * from the edges after the first read. Time stamps are CLOCK_MONOTONIC (the default for v2 and
 * for v1 on kernels ≥ 5.7), the clock process.hrtime reads, so they map exactly onto the box
 * clock.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { Clock } from "../clock.ts";
import type { DigitalInputPin, Level, Pull } from "../io/digital.ts";
import { HalError } from "../io/hal-error.ts";
import { addListener } from "../io/listeners.ts";

export type GpiodVersion = 1 | 2;

export interface GpiodEdge {
  level: Level;
  /** s, the event's kernel time stamp (CLOCK_MONOTONIC) */
  seconds: number;
}

/** The major version from `gpiomon --version` ("gpiomon (libgpiod) v1.6.3", "gpiomon v2.2 (libgpiod v2.2)"). */
export function parseGpiodVersion(text: string): GpiodVersion {
  const match = /libgpiod\)? ?v(\d+)\./.exec(text) ?? /\bv(\d+)\./.exec(text);
  if (!match) throw new HalError("unsupported", "gpiod tools", `cannot tell the libgpiod version from ${JSON.stringify(text.split("\n")[0])}`);
  return Number(match[1]) >= 2 ? 2 : 1;
}

/** One line of gpiomon's default output, either version; undefined for anything else. */
export function parseGpiomonLine(line: string): GpiodEdge | undefined {
  const v1 = /^event:\s+(RISING|FALLING) EDGE offset: \d+ timestamp: \[\s*(\d+)\.(\d{9})\]/.exec(line);
  if (v1) return { level: v1[1] === "RISING" ? 1 : 0, seconds: Number(v1[2]) + Number(v1[3]) / 1e9 };
  const v2 = /^(\d+)\.(\d{9})\s+(rising|falling)\b/.exec(line);
  if (v2) return { level: v2[3] === "rising" ? 1 : 0, seconds: Number(v2[1]) + Number(v2[2]) / 1e9 };
  return undefined;
}

/** gpioget's output for one line: v1 "1", v2 `"17"=active` (or `17=inactive` unquoted). */
export function parseGpiogetOutput(text: string): Level {
  const trimmed = text.trim();
  if (trimmed === "0" || trimmed === "1") return trimmed === "1" ? 1 : 0;
  const v2 = /=(active|inactive)$/.exec(trimmed);
  if (v2) return v2[1] === "active" ? 1 : 0;
  throw new HalError("bus", "gpioget", `unexpected output ${JSON.stringify(trimmed)}`);
}

function biasArguments(version: GpiodVersion, pull: Pull | undefined): string[] {
  if (pull === undefined) return [];
  const bias = pull === "up" ? "pull-up" : pull === "down" ? "pull-down" : version === 1 ? "disable" : "disabled";
  return [`--bias=${bias}`];
}

export function gpiomonArguments(version: GpiodVersion, chip: string, line: number, pull?: Pull): string[] {
  return version === 1
    ? ["--line-buffered", ...biasArguments(1, pull), chip, String(line)] // a pipe is block-buffered otherwise
    : [...biasArguments(2, pull), "--chip", chip, String(line)];
}

export function gpiogetArguments(version: GpiodVersion, chip: string, line: number, pull?: Pull): string[] {
  return version === 1 ? [...biasArguments(1, pull), chip, String(line)] : [...biasArguments(2, pull), "--chip", chip, String(line)];
}

export interface GpiodInputOptions {
  /** Line offset on the chip: 17 for GPIO17. */
  line: number;
  clock: Clock;
  /** Chip name, number or path; default "gpiochip0" (the header on a Pi 4, and on a Pi 5 since kernel 6.6.x renumbering; earlier Pi 5 kernels: gpiochip4). */
  chip?: string;
  /** Pull resistor to set; default leave as is. */
  pull?: Pull;
  /** Tool directory; default found on PATH. */
  toolDirectory?: string;
}

export function openGpiodInput(options: GpiodInputOptions): DigitalInputPin {
  const chip = options.chip ?? "gpiochip0";
  const name = `${chip} line ${options.line}`;
  const tool = (program: string) => (options.toolDirectory ? `${options.toolDirectory}/${program}` : program);
  const version = parseGpiodVersion(runTool(tool("gpiomon"), ["--version"], name));
  const initial = parseGpiogetOutput(runTool(tool("gpioget"), gpiogetArguments(version, chip, options.line, options.pull), name));
  const child = spawn(tool("gpiomon"), gpiomonArguments(version, chip, options.line, options.pull), { stdio: ["ignore", "pipe", "pipe"] });
  return new GpiodInputPin(name, child, initial, options.clock);
}

function runTool(program: string, args: string[], part: string): string {
  try {
    return execFileSync(program, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 5000 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") throw new HalError("unsupported", part, `${program} is not installed: sudo apt install gpiod`);
    const detail = (failure.stderr ?? failure.message).trim().split("\n")[0];
    if (/No such file or directory|cannot find/i.test(detail)) throw new HalError("not_found", part, detail);
    if (/busy/i.test(detail)) throw new HalError("bus", part, `${detail} (another process holds the line)`);
    throw new HalError("bus", part, detail);
  }
}

/**
 * s, the box clock less kernel monotonic time (process.hrtime's clock): read side by side a few
 * times, the pair read closest together. Taken at every edge, a busy process preempted between
 * the two reads put its edges milliseconds off each other.
 */
function clockOffsetS(clock: Clock): number {
  let best = { spanS: Infinity, offsetS: 0 };
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = Number(process.hrtime.bigint()) / 1e9;
    const boxS = clock.now() / 1000;
    const after = Number(process.hrtime.bigint()) / 1e9;
    if (after - before < best.spanS) best = { spanS: after - before, offsetS: boxS - (before + after) / 2 };
  }
  return best.offsetS;
}

class GpiodInputPin implements DigitalInputPin {
  private level: Level;
  private readonly listeners = new Set<(level: Level, t: number) => void>();
  private failure: HalError | undefined;
  private stderr = "";
  private closed = false;
  /** s: the box clock less kernel monotonic time; taken once (both clocks are monotonic), see clockOffsetS */
  private readonly offsetS: number;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    initial: Level,
    clock: Clock,
  ) {
    this.level = initial;
    this.offsetS = clockOffsetS(clock);
    createInterface({ input: child.stdout! }).on("line", (line) => this.onLine(line));
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-500)));
    child.on("error", (error) => (this.failure = new HalError("bus", this.name, `gpiomon: ${error.message}`)));
    child.on("exit", (code, signal) => {
      if (!this.closed) this.failure = new HalError("bus", this.name, `gpiomon stopped (${signal ?? `exit ${code}`}): ${this.stderr.trim() || "no message"}`);
    });
  }

  read(): Level {
    this.assertUsable();
    return this.level;
  }

  onEdge(listener: (level: Level, t: number) => void): () => void {
    this.assertUsable();
    return addListener(this.listeners, listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.child.kill("SIGTERM");
  }

  private onLine(line: string): void {
    const edge = parseGpiomonLine(line);
    if (edge === undefined || this.closed || edge.level === this.level) return;
    this.level = edge.level;
    const t = edge.seconds + this.offsetS;
    for (const listener of [...this.listeners]) listener(edge.level, t);
  }

  private assertUsable(): void {
    if (this.closed) throw new HalError("closed", this.name, "pin is closed");
    if (this.failure) throw this.failure;
  }
}
