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
 *
 * One stuck reading "vacant" (a cut wire, a sensor dead or blinded) hides every passenger shut
 * in: no entrapment is raised without the alarm. People ride most trips (a car fetches someone,
 * then carries them), so one that reads vacant all through `vacantTrips` trips in a row is
 * reported the same way and counts as no sensor (entrapments raised, suspected) until it reads
 * occupied for BELIEVED_AGAIN_S (a glitch, a chatter's first flip, had undone the finding and
 * hidden the next passenger shut in). Trips while it chatters tell nothing and start the count
 * again. Found so, it stays so across a restart (the journal keeps it): read
 * vacant at the start, it is reported again at once.
 */
import type { Clock } from "../../hal/clock.ts";
import { ClockDeadline } from "../events/clock-deadline.ts";
import { round } from "../rounding.ts";
import type { SensorHealth } from "./sensor-health.ts";

const SENSOR = "occupied";

/** What a box started again carries over (the journal keeps it): a sensor found stuck either way before. */
export interface AcrossRestarts {
  stuckBeforeStart?: boolean;
  keep?: (stuck: boolean) => void;
  stuckVacantBeforeStart?: boolean;
  keepVacant?: (stuck: boolean) => void;
}

/** s: how long a sensor found stuck vacant must read occupied to be believed again */
const BELIEVED_AGAIN_S = 2;

export class PresenceCheck {
  /** s: since when it has read occupied without a break; NaN while it reads vacant or has not read */
  private occupiedSince = NaN;
  /** an entrapment was raised within the unbroken stretch ... */
  private raisedOn = false;
  /** ... and the door opened after it */
  private openedSince = false;
  private readonly keep?: (stuck: boolean) => void;
  private readonly keepVacant?: (stuck: boolean) => void;
  private readonly vacantTripsLimit: number;
  /** the car's stop with the door shut, while its hold time runs */
  private readonly shutIn: ClockDeadline<number>;
  /** found stuck before the box started, and not read vacant since (until its first reading) */
  private stuckBeforeStart: boolean;
  /** s: since when it has read vacant without a break; NaN while it reads occupied or has not read */
  private vacantSince = NaN;
  /** it read occupied in the run under way */
  private occupiedInRun = false;
  /** trips in a row through which it read vacant */
  private vacantTrips = 0;
  /** found stuck vacant, and not read occupied since for BELIEVED_AGAIN_S */
  private stuckVacant = false;
  /** a sensor found stuck vacant reads occupied (since when), while BELIEVED_AGAIN_S runs */
  private readonly occupiedAgain: ClockDeadline<number>;

  constructor(
    { holdS, vacantTrips }: { holdS: number; vacantTrips: number },
    private readonly clock: Clock,
    private readonly health: SensorHealth,
    /** found stuck at `t`: what it reads is no longer a fact */
    private readonly stuck: (t: number) => void,
    /** found stuck vacant, it read occupied from `at` long enough: that is a fact again */
    private readonly occupiedAfterAll: (at: number) => void,
    { stuckBeforeStart = false, keep, stuckVacantBeforeStart = false, keepVacant }: AcrossRestarts = {},
  ) {
    this.stuckBeforeStart = stuckBeforeStart;
    this.keep = keep;
    // Found stuck vacant before the start: not believed until it reads occupied long enough, and reported at its first vacant reading.
    this.stuckVacant = stuckVacantBeforeStart;
    this.keepVacant = keepVacant;
    this.vacantTripsLimit = vacantTrips;
    this.occupiedAgain = new ClockDeadline(BELIEVED_AGAIN_S, clock, (at) => {
      this.stuckVacant = false;
      this.health.recover(SENSOR, "data", this.clock.now() / 1000, at);
      this.keepVacant?.(false);
      this.occupiedAfterAll(at);
    });
    this.shutIn = new ClockDeadline(holdS, clock, () => {
      const t = clock.now() / 1000;
      const forS = round(t - this.occupiedSince, 1);
      this.found(t, this.occupiedSince, `read occupied without a break for ${forS} s, through an entrapment, the door opening after it, and the next stop with the door shut; no longer used`);
    });
  }

  /** Its settled reading changed at `at` (`first`: its first since the start): true where it is no fact (found stuck by it, or stuck vacant still). */
  reading(occupied: boolean, t: number, at: number, first = false): boolean {
    const stuckBeforeStart = first && this.stuckBeforeStart;
    this.stuckBeforeStart = false;
    if (occupied) {
      if (Number.isNaN(this.occupiedSince)) this.occupiedSince = at;
      this.vacantSince = NaN;
      this.occupiedInRun = true;
      this.vacantTrips = 0;
      if (this.stuckVacant) this.occupiedAgain.set(at, at);
      if (stuckBeforeStart) this.found(t, at, "reads occupied, as when it was found stuck before the box started; no longer used");
      return stuckBeforeStart || this.stuckVacant;
    }
    if (this.stuckVacant) {
      // Occupied for less than BELIEVED_AGAIN_S: a glitch; still stuck vacant.
      this.occupiedAgain.take();
      this.occupiedSince = NaN;
      this.vacantSince = at;
      if (this.health.causeOf(SENSOR) !== "data") this.foundVacant(at, "reads vacant, as when it was found stuck vacant before the box started; no longer used");
      return true;
    }
    this.occupiedSince = NaN;
    if (Number.isNaN(this.vacantSince)) this.vacantSince = at;
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

  /** A run started. */
  runStarted(): void {
    this.occupiedInRun = !Number.isNaN(this.occupiedSince);
  }

  /**
   * A run ended at `at`; `trip`: one to another landing (or one no landing placed, as long as a
   * trip), outside maintenance, not stopped in an emergency (the others neither count nor break
   * the count).
   */
  runEnded(at: number, trip: boolean): void {
    if (!trip || this.stuckVacant) return;
    // Read occupied, or at fault otherwise (chattering: what it read says nothing), the count starts again.
    if (this.occupiedInRun || this.health.isFaulty(SENSOR) || Number.isNaN(this.vacantSince)) {
      this.vacantTrips = 0;
      return;
    }
    if (++this.vacantTrips < this.vacantTripsLimit) return;
    this.stuckVacant = true;
    this.foundVacant(at, `read vacant all through ${this.vacantTrips} trips in a row: stuck vacant, or a car nobody rode; no longer used`);
  }

  /** The input began chattering: an "occupied" it gave as it began is none to believe again by. */
  chatterStarted(): void {
    this.occupiedAgain.take();
  }

  /**
   * A fact the input gives at `at` outside a change of its reading (a chatter's end: it reads what
   * it did): true where it is no fact to send, the sensor found stuck. Found stuck vacant, reading
   * occupied as a chatter ends (a cut wire mended) is believed once it holds BELIEVED_AGAIN_S.
   */
  chatterEnded(occupied: boolean, at: number): boolean {
    if (this.stuckVacant) {
      if (occupied) this.occupiedAgain.set(at, at);
      return true;
    }
    return occupied && this.health.causeOf(SENSOR) === "data";
  }

  /** The door opened: an entrapment raised before it is over. */
  doorOpened(): void {
    if (this.raisedOn) this.openedSince = true;
  }

  /** Stuck vacant, reading so since vacantSince: no fact from `at`. */
  private foundVacant(at: number, reason: string): void {
    this.health.fault(SENSOR, "data", this.clock.now() / 1000, this.vacantSince, reason);
    this.keepVacant?.(true);
    this.stuck(at);
  }

  /** Stuck, found at `t`, reading occupied since `onset`. */
  private found(t: number, onset: number, reason: string): void {
    this.health.fault(SENSOR, "data", t, onset, reason);
    this.keep?.(true);
    this.stuck(t);
  }
}
