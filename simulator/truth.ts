/**
 * Ground truth the simulated lift records as things physically happen, for tests and the
 * accuracy harness: the firmware is judged against it, so it describes the lift, never what
 * a detector would make of it.
 */
import type { EventType } from "../protocols/contract.ts";

/** A contract event type (../shared/spec/trace-format.md §3) the firmware should raise. */
export type ExpectedEvent = EventType;

export type TruthRecord =
  | { type: "trip"; start: number; end: number; from: number; to: number; direction: "up" | "down"; distance_m: number }
  | { type: "stall"; t: number; position_m: number; occupied: boolean }
  | { type: "rescued"; t: number; landing: number }
  /**
   * A physical condition the firmware should report. `onset`: simulated second when it
   * began. `until`: when a durable condition (whose report waits a configured delay) ended;
   * undefined while it still holds at the end of the run. A report is due only if
   * `until - onset` reaches the configured delay. An overspeed's `until` is when the speed came
   * back under the limit: one shorter than the firmware's hold is no box's to see.
   */
  | { type: "expected"; event: ExpectedEvent; onset: number; until?: number; details: Record<string, unknown> };

export type ExpectedRecord = Extract<TruthRecord, { type: "expected" }>;

/**
 * A condition that holds for a while (entrapment, stopped outside the door zone): opens a
 * record when it starts to hold, closes it when it stops. A change of details while it
 * holds (the kind of entrapment) closes one record and opens another.
 */
export class DurableCondition {
  private open?: ExpectedRecord;

  /** `keep`: where a record goes when it opens (it is closed in place later). */
  constructor(private readonly keep: (record: ExpectedRecord) => void, private readonly event: ExpectedEvent) {}

  /** A record is open: the condition held at the last update. */
  get holding(): boolean {
    return this.open !== undefined;
  }

  update(holds: boolean, now: number, details: Record<string, unknown> = {}): void {
    if (this.open && (!holds || JSON.stringify(this.open.details) !== JSON.stringify(details))) {
      this.open.until = now;
      this.open = undefined;
    }
    if (holds && !this.open) {
      this.open = { type: "expected", event: this.event, onset: now, details };
      this.keep(this.open);
    }
  }
}
