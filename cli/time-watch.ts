/**
 * The box's wall clock after start: a box often boots before its network, so it starts
 * unsynchronised; once NTP has set the clock (or stepped it), later events must carry the
 * synchronised wall time and say so. What was sealed before keeps what was true then.
 */
import { execFile } from "node:child_process";

/** A step of the wall clock against the monotonic one beyond this is a new reference. */
export const WALL_STEP_MS = 500;

export interface TimeWatchOptions {
  synchronised: boolean;
  wallAtMonotonicZeroMs: number;
  /** asks the system whether the wall clock is synchronised */
  check: () => Promise<boolean>;
  wallNowMs: () => number;
  monotonicNowMs: () => number;
  onChange: (synchronised: boolean, wallAtMonotonicZeroMs: number) => void;
}

export class TimeWatch {
  private synchronised: boolean;
  private wallAtZeroMs: number;

  constructor(private readonly options: TimeWatchOptions) {
    this.synchronised = options.synchronised;
    this.wallAtZeroMs = options.wallAtMonotonicZeroMs;
  }

  /** One look: the quality changed or the wall clock was stepped → onChange. */
  async check(): Promise<void> {
    const synchronised = await this.options.check();
    const wallAtZeroMs = this.options.wallNowMs() - this.options.monotonicNowMs();
    if (synchronised === this.synchronised && Math.abs(wallAtZeroMs - this.wallAtZeroMs) <= WALL_STEP_MS) return;
    this.synchronised = synchronised;
    this.wallAtZeroMs = wallAtZeroMs;
    this.options.onChange(synchronised, wallAtZeroMs);
  }

  /** Looks every `periodMs` of real time; returns what stops it. */
  every(periodMs: number): () => void {
    const timer = setInterval(() => void this.check(), periodMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** systemd-timesyncd or chrony says the wall clock is synchronised (hardware/deploy/time.md), asked without blocking the sampling loop; false when timedatectl cannot answer. */
export function timedatectlSynchronised(): Promise<boolean> {
  return new Promise((resolve) =>
    execFile("timedatectl", ["show", "--property=NTPSynchronized", "--value"], { encoding: "utf8", timeout: 5000 }, (error, stdout) => resolve(!error && stdout.trim() === "yes")),
  );
}
