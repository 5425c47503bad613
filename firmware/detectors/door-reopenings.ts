/**
 * A door that fails to close: it opens again soon after closing, time after time, without
 * the car going anywhere. Someone holding the door does it once or twice.
 */
import type { DetectionConfig } from "../config/schema.ts";

export interface DoorFailsToClose {
  onset: number;
  reopenings: number;
}

export class DoorReopenings {
  private closedAt?: number;
  private count = 0;
  private firstAt = 0;
  private fired = false;

  constructor(private readonly config: DetectionConfig) {}

  closed(at: number): void {
    this.closedAt = at;
  }

  opened(at: number): DoorFailsToClose | undefined {
    const reopening = this.closedAt !== undefined && at - this.closedAt <= this.config.door_reopen_s;
    this.closedAt = undefined;
    if (!reopening) {
      this.count = 0;
      return undefined;
    }
    if (this.count++ === 0) this.firstAt = at;
    if (this.fired || this.count < this.config.door_reopen_count) return undefined;
    this.fired = true;
    return { onset: this.firstAt, reopenings: this.count };
  }

  /** The car moved: the door did its job. */
  moved(): void {
    this.count = 0;
    this.fired = false;
    this.closedAt = undefined;
  }
}
