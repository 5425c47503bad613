/**
 * A stop reckoned inside a landing's door zone while the door-zone sensor reads outside is a
 * vane the sensor missed, unless the car is still on its way in: a levelling crawl too slow
 * to tell from drift ends its trip where the crawl began (see ../estimation/unseen-crawl.ts),
 * short of the zone, and a chip a few per cent off reckons that a few cm inside it. So the
 * fault is reported once the sensor has read outside for `confirmS`, or when the car next
 * moves or the input ends (it read outside through the whole stop), and not at all if the car
 * comes in (the sensor reads inside) first. It is dated at the stop either way, and raised
 * when it is reported. The wait runs on the box's clock.
 *
 * A stop reckoned near a landing by a reckoning not sure enough to overrule the sensor (a chip
 * not yet learnt, integrated metres from the last edge) is outside, as the sensor says, unless
 * the door opens within `openWithinS`: a lift opens its door only in the zone, so the sensor
 * missed the vane after all, and it is waited on as above.
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
  private inDoubt?: MissedVane;

  constructor(
    confirmS: number,
    private readonly openWithinS: number,
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

  /** The car stopped near `missed.landing` by a reckoning too unsure to overrule the sensor reading outside. */
  doubted(missed: MissedVane): void {
    this.inDoubt = missed;
  }

  /** The door opened at rest, at `at`: the stop in doubt it shows to be at its landing, if any, now waited on. */
  doorOpened(at: number): MissedVane | undefined {
    const missed = this.inDoubt;
    this.inDoubt = undefined;
    if (!missed || at - missed.at > this.openWithinS) return undefined;
    this.stopped(missed);
    return missed;
  }

  /** The car moves again, or the input ends: what the sensor read through the stop stands. */
  confirmNow(): void {
    this.inDoubt = undefined;
    const missed = this.pending.take();
    if (missed) this.reported(missed);
  }

  /** The sensor read inside (the car came in), or the box stops: nothing to report. */
  cancel(): void {
    this.inDoubt = undefined;
    this.pending.take();
  }

  private reported(missed: MissedVane): void {
    this.report(missed, this.clock.now() / 1000);
  }
}
