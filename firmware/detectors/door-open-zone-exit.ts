/**
 * A car that leaves its door zone with the door open has moved unintendedly once it has stayed
 * out for `confirmS`: a door-zone contact flickering out and back (a loose wire, a dirty
 * sensor, fewer changes than the chatter rule counts) is no movement. The wait runs on the
 * box's clock; the finding is dated when the car left.
 */
import type { Clock } from "../../hal/clock.ts";

export class DoorOpenZoneExit {
  private timer?: number;

  constructor(
    private readonly confirmS: number,
    private readonly clock: Clock,
    /** the car is still out of the zone, by a sound sensor */
    private readonly stillOut: () => boolean,
    private readonly stayedOut: (leftAt: number) => void,
  ) {}

  /** The car left the zone at `at` (s) with its door open. */
  left(at: number): void {
    this.cancel();
    const delayMs = Math.max(0, (at + this.confirmS) * 1000 - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.stillOut()) this.stayedOut(at);
    }, delayMs);
  }

  /** Back in a zone, or the box stopping: nothing left to confirm. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
