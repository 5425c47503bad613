/**
 * A presence sensor stuck reading "occupied" (a PIR that sees a light or the landing through
 * the door, a shorted line) makes every stop with the door shut look like someone shut in: a
 * field engineer's stuck trace raised an insured entrapment at each park, 12 in an hour, each a
 * rescue dispatched. The first cannot be told from a real one. After it, a working sensor
 * reads vacant once the passenger is let out and the car empties, within its hold time; one
 * that reads occupied without a break from before that entrapment, through the door opening
 * and then `holdS` into the car's next stop with the door shut, is stuck. It is reported
 * (sensor_fault) and no longer leaned on, as one that chatters is not, until it reads vacant.
 * Found so, it stays so across a restart (the journal keeps it): read occupied at the start, it
 * is reported again at once, not after one more false entrapment at each boot.
 */
import type { Clock } from "../../hal/clock.ts";
import { ClockDeadline } from "../events/clock-deadline.ts";
import { round } from "../rounding.ts";
import type { SensorHealth } from "./sensor-health.ts";

const SENSOR = "occupied";

export class PresenceCheck {
  /** s: since when it has read occupied without a break; NaN while it reads vacant or has not read */
  private occupiedSince = NaN;
  /** an entrapment was raised within the unbroken stretch ... */
  private raisedOn = false;
  /** ... and the door opened after it */
  private openedSince = false;
  private readonly keep?: (stuck: boolean) => void;
  /** the car's stop with the door shut, while its hold time runs */
  private readonly shutIn: ClockDeadline<number>;
  /** found stuck before the box started, and not read vacant since (until its first reading) */
  private stuckBeforeStart: boolean;

  constructor(
    holdS: number,
    clock: Clock,
    private readonly health: SensorHealth,
    /** found stuck at `t`: its "occupied" is no longer a fact */
    private readonly stuck: (t: number) => void,
    { stuckBeforeStart = false, keep }: { stuckBeforeStart?: boolean; keep?: (stuck: boolean) => void } = {},
  ) {
    this.stuckBeforeStart = stuckBeforeStart;
    this.keep = keep;
    this.shutIn = new ClockDeadline(holdS, clock, () => {
      const t = clock.now() / 1000;
      const forS = round(t - this.occupiedSince, 1);
      this.found(t, this.occupiedSince, `read occupied without a break for ${forS} s, through an entrapment, the door opening after it, and the next stop with the door shut; no longer used`);
    });
  }

  /** Its settled reading changed at `at` (`first`: its first since the start): true where it is found stuck by it, and is no fact. */
  reading(occupied: boolean, t: number, at: number, first = false): boolean {
    const stuckBeforeStart = first && this.stuckBeforeStart;
    this.stuckBeforeStart = false;
    if (occupied) {
      if (Number.isNaN(this.occupiedSince)) this.occupiedSince = at;
      if (stuckBeforeStart) this.found(t, at, "reads occupied, as when it was found stuck before the box started; no longer used");
      return stuckBeforeStart;
    }
    this.occupiedSince = NaN;
    this.raisedOn = false;
    this.shutIn.take();
    if (this.health.causeOf(SENSOR) === "data" || stuckBeforeStart) this.keep?.(false);
    this.health.recover(SENSOR, "data", t, at);
    return false;
  }

  /** An entrapment was raised. */
  entrapmentRaised(): void {
    if (Number.isNaN(this.occupiedSince)) return;
    this.raisedOn = true;
    this.openedSince = false;
  }

  /**
   * The lift model's facts after an event: the car `stopped` with its door `closed`, or not. A
   * stop with the door shut after a released entrapment starts the hold time; the car moving
   * or the door opening ends it.
   */
  lift(stoppedShut: boolean, t: number): void {
    if (!stoppedShut) {
      this.shutIn.take();
      return;
    }
    if (this.raisedOn && this.openedSince && !this.shutIn.waiting && !this.health.isFaulty(SENSOR)) this.shutIn.set(t, t);
  }

  /** The door opened: an entrapment raised before it is over. */
  doorOpened(): void {
    if (this.raisedOn) this.openedSince = true;
  }

  /** Stuck, found at `t`, reading occupied since `onset`. */
  private found(t: number, onset: number, reason: string): void {
    this.health.fault(SENSOR, "data", t, onset, reason);
    this.keep?.(true);
    this.stuck(t);
  }
}
