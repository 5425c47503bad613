/**
 * A trip's record, held from the stop until that stop's leveling is measured (the car still
 * and its door open, see LevelingEstimator), so that the trip carries it: where the car came
 * to rest against its landing, stop after stop, is what maintenance plans by, not only the
 * faults. Released without it once it is clear none will come (the car moved on, left the
 * zone, the input ended) or after `waitS` (a lift parked with its doors shut).
 */
import type { DetectionRecord } from "../frame.ts";

export class HeldTrip {
  private held?: { record: DetectionRecord; untilT: number };

  /** `now`: s, the clock the records are raised by. */
  constructor(
    private readonly waitS: number,
    private readonly emit: (record: DetectionRecord) => void,
    private readonly now: () => number,
  ) {}

  /** The trip that ended at `at` waits for its stop's leveling (one held before goes now). */
  hold(record: DetectionRecord, at: number): void {
    this.release();
    this.held = { record, untilT: at + this.waitS };
  }

  /** The held trip goes, carrying its stop's leveling error where it was measured. */
  release(levelingErrorMm?: number): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.emit({ ...held.record, t: this.now(), ...(levelingErrorMm !== undefined ? { leveling_error_mm: levelingErrorMm } : {}) });
  }

  /** Time passes (s): past the wait, the trip goes without. */
  tick(t: number): void {
    if (this.held !== undefined && t >= this.held.untilT) this.release();
  }
}
