/**
 * A car that leaves its door zone with the door open has moved unintendedly once it has stayed
 * out for `confirmS`: a door-zone contact flickering out and back (a loose wire, a dirty
 * sensor, fewer changes than the chatter rule counts) is no movement. The wait runs on the
 * box's clock; the finding is dated when the car left.
 */
import type { Clock } from "../../hal/clock.ts";
import { ClockDeadline } from "../events/clock-deadline.ts";

export class DoorOpenZoneExit {
  /** when the car left, while its staying out is waited for */
  private readonly leftAt: ClockDeadline<number>;

  constructor(
    confirmS: number,
    clock: Clock,
    /** the car is still out of the zone, by a sound sensor */
    stillOut: () => boolean,
    stayedOut: (leftAt: number) => void,
  ) {
    this.leftAt = new ClockDeadline(confirmS, clock, (at) => {
      if (stillOut()) stayedOut(at);
    });
  }

  /** The car left the zone at `at` (s) with its door open. */
  left(at: number): void {
    this.leftAt.set(at, at);
  }

  /** Back in a zone, or the box stopping: nothing left to confirm. */
  cancel(): void {
    this.leftAt.take();
  }
}
