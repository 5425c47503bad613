/**
 * A trip's record, held from the stop until that stop's leveling is measured (the car still
 * and its door open, see LevelingEstimator), so that the trip carries it: where the car came
 * to rest against its landing, stop after stop, is what maintenance plans by, not only the
 * faults. Released without it once it is clear none will come (the car moved on, left the
 * zone, the input ended) or after `waitS` on the box's clock (a lift parked with its doors
 * shut; see ClockDeadline).
 * Held, it is in memory only: the wait is kept short, as a crash then loses it.
 */
import type { Clock } from "../../hal/clock.ts";
import type { DetectionRecord } from "../frame.ts";
import { ClockDeadline } from "./clock-deadline.ts";

export class HeldTrip {
  private readonly held: ClockDeadline<DetectionRecord>;

  constructor(
    waitS: number,
    private readonly emit: (record: DetectionRecord) => void,
    private readonly clock: Clock,
  ) {
    this.held = new ClockDeadline(waitS, clock, (record) => this.emitted(record));
  }

  /** The trip that ended at `at` waits for its stop's leveling (one held before goes now, after this one is kept). */
  hold(record: DetectionRecord, at: number): void {
    const before = this.held.set(record, at);
    if (before) this.emitted(before);
  }

  /** The held trip goes, carrying its stop's leveling error where it was measured. */
  release(levelingErrorMm?: number): void {
    const record = this.held.take();
    if (record) this.emitted(record, levelingErrorMm);
  }

  private emitted(record: DetectionRecord, levelingErrorMm?: number): void {
    this.emit({ ...record, t: this.clock.now() / 1000, ...(levelingErrorMm !== undefined ? { leveling_error_mm: levelingErrorMm } : {}) });
  }
}
