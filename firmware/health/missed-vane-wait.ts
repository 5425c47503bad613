/**
 * A stop reckoned inside a landing's door zone while the door-zone sensor reads outside is a
 * vane the sensor missed, unless the car is still on its way in: a levelling crawl too slow
 * to tell from drift ends its trip where the crawl began (see ../estimation/unseen-crawl.ts),
 * short of the zone, and a chip a few per cent off reckons that a few cm inside it. So the
 * fault is reported once the sensor has read outside for `confirmS`, or when the car next
 * moves or the input ends (it read outside through the whole stop), and not at all if the car
 * comes in (the sensor reads inside) first. It is dated at the stop either way, and raised
 * when it is reported. The wait runs on the box's clock.
 */
import type { Clock } from "../../hal/clock.ts";
import { ClockDeadline } from "../events/clock-deadline.ts";

export interface MissedVane {
  /** s, when the car stopped */
  at: number;
  landing: number;
  /** m, signed: where the stop was reckoned from the landing */
  offM: number;
}

export class MissedVaneWait {
  private readonly pending: ClockDeadline<MissedVane>;

  constructor(
    confirmS: number,
    private readonly clock: Clock,
    /** `t`: s, when it is reported */
    private readonly report: (missed: MissedVane, t: number) => void,
  ) {
    this.pending = new ClockDeadline(confirmS, clock, (missed) => this.reported(missed));
  }

  /** The car stopped at `missed.landing` by the reckoning, the sensor reading outside. */
  stopped(missed: MissedVane): void {
    this.pending.set(missed, missed.at);
  }

  /** The car moves again, or the input ends: what the sensor read through the stop stands. */
  confirmNow(): void {
    const missed = this.pending.take();
    if (missed) this.reported(missed);
  }

  /** The sensor read inside (the car came in), or the box stops: nothing to report. */
  cancel(): void {
    this.pending.take();
  }

  private reported(missed: MissedVane): void {
    this.report(missed, this.clock.now() / 1000);
  }
}
