/**
 * The car-door contact against what the car does. Each finding is a sensor fault, dated from
 * the contact's last change and held until it changes again.
 *
 * Stuck open (most often a cut wire), or the door's safety circuit bridged: the reason names
 * both. A lift's drive does not run a car between landings with its door open, so a contact is
 * at fault that reads open, unchanged since before the run began, through a trip from one
 * landing to another that ended as trips end (not braked hard), or while the car went through
 * another landing's door zone (out of zones before it as long as a car takes between two, not a
 * relevel at an edge) and then stayed `REST_IN_ZONE_S` in a zone. It is no longer leaned on (the
 * door is unknown), and the journal keeps it across a restart. A field engineer's cut wire lost
 * 71 of 123 trips an hour (each run begun with the door "open" taken for a creep and dropped at
 * its cruise) and raised an unintended movement, which the first ride still raises, as a bridged
 * door's must. Judged at rest, not as runs start: a review helper found a count of runs begun
 * with the contact open took relevels for them (a slip after two was missed) and trusted a
 * dropped run's braking as a run once found (60 m at twice the rated speed, on a box without a
 * door-zone sensor). A slip carrying the car, door open, through a landing's zone into the next
 * is taken for a cut wire where it stops as trips do, not braked hard; its event is raised.
 *
 * Stuck closed (a shorted contact): nobody gets into a car standing with its door shut. A
 * contact is reported that read closed from the end of a trip the car made empty (vacant from
 * its start, to another landing, not braked hard) while someone got in there, at
 * `SHUT_BOARDINGS` such stops in a row with no door change between, outside maintenance: it
 * explains the door fault (fails to open) each stop raises. Its readings are still used: an
 * entrapment at a floor leans on the door reading shut, and a helper found that, dropped, a
 * passenger really shut in by a failed door went unreported. A trip, so that a relevel is none
 * (a passenger shut in a relevelling car, lost and found again by the presence sensor, had been
 * two boardings); two stops, as a presence sensor may trigger once in an empty car.
 */
import type { Clock } from "../../hal/clock.ts";
import { ClockDeadline } from "../events/clock-deadline.ts";
import { round } from "../rounding.ts";
import type { SensorHealth } from "./sensor-health.ts";

const SENSOR = "door_closed";
/** s: in a door zone this long, the car is at a landing, not passing one (a 0.4 m zone at 0.13 m/s). */
export const REST_IN_ZONE_S = 3;
/** Stops in a row at which someone got in while the contact read closed, that find it stuck closed. */
export const SHUT_BOARDINGS = 2;
const NO_DRIVE = "a lift does not run with its car door open (a cut wire, or the door's safety circuit bridged); no longer used";

export class DoorContactCheck {
  /** s: when the contact last changed (NaN: not since the start) */
  private changedAt = NaN;
  /** it was found stuck open (not merely reported shorted), and has not changed since */
  private openFound = false;
  /** it has read open, unchanged, since before a run began */
  private openThroughRun = false;
  /** and the car entered the zone it is in since then, from another's */
  private enteredSinceOpen = false;
  /** s: when the car last left a zone */
  private leftZoneAt = -Infinity;
  /** door zones the car went through, entered and left, since then */
  private zonesPassed = 0;
  /** the car in a zone after passing others, until it has stayed there REST_IN_ZONE_S */
  private readonly restingInZone: ClockDeadline<number>;
  /** the run under way began with the car vacant, and nobody has been seen in it since */
  private emptyRun = false;
  /** the car stopped from an empty run with the contact reading closed, and it has not changed since (no boarding counted yet at this stop) */
  private shutSinceStop = false;
  /** stops in a row, with no door change between, at which someone got in while the contact read closed */
  private shutBoardings = 0;

  /** found stuck open before the box started, and not changed since (until its first reading) */
  private stuckOpenBeforeStart: boolean;
  private readonly keep?: (stuckOpen: boolean) => void;

  constructor(
    private readonly clock: Clock,
    private readonly health: SensorHealth,
    /** s: the least a car takes from one landing's door zone to the next's (Infinity where unknown: no zone is taken for another's) */
    private readonly zoneToZoneS: number,
    /** found stuck open at `t`: the door's state is unknown */
    private readonly found: (t: number) => void,
    { stuckOpenBeforeStart = false, keep }: { stuckOpenBeforeStart?: boolean; keep?: (stuckOpen: boolean) => void } = {},
  ) {
    this.stuckOpenBeforeStart = stuckOpenBeforeStart;
    this.keep = keep;
    this.restingInZone = new ClockDeadline(REST_IN_ZONE_S, clock, () => {
      this.atFault(this.clock.now() / 1000, `read open while the car went through the door zones of ${this.zonesPassed} landing(s) and came to rest in another: ${NO_DRIVE}`);
    });
  }

  /** Not found at fault (it may chatter: that is the inputs' to say). */
  get sound(): boolean {
    return this.health.causeOf(SENSOR) !== "data";
  }

  /** A run starts, the contact reading open (`open`) or not, the car `vacant` or not. */
  runStarted(open: boolean, vacant: boolean): void {
    this.emptyRun = vacant;
    this.shutSinceStop = false;
    // Not judged while it is faulty already (chattering, or found so).
    if (open && !this.health.isFaulty(SENSOR)) this.openThroughRun = true;
  }

  /**
   * A run ended at `t`, from landing `from` to `to` where both are known (`distanceM` apart),
   * braked hard (`emergency`) or not, the contact reading closed (`closed`) or not. A hard stop
   * is no drive's: a brake slip's, whose zones passed are no trip's either.
   */
  runEnded(t: number, from: number | undefined, to: number | undefined, distanceM: number, emergency: boolean, closed: boolean): void {
    const trip = from !== undefined && to !== undefined && from !== to && !emergency;
    this.shutSinceStop = trip && closed && this.emptyRun;
    if (emergency) {
      this.zonesPassed = 0;
      this.restingInZone.take();
    } else if (this.openThroughRun && trip) {
      this.atFault(t, `read open all through a ${round(distanceM, 2)} m trip from landing ${from} to ${to}: ${NO_DRIVE}`);
    }
  }

  /** The door-zone sensor says the car entered a zone at `at`. */
  zoneEntered(at: number): void {
    if (!this.openThroughRun) return;
    this.enteredSinceOpen = at - this.leftZoneAt >= this.zoneToZoneS;
    if (this.zonesPassed > 0) this.restingInZone.set(at, at);
  }

  /** The door-zone sensor says the car left a zone at `at`. */
  zoneLeft(at: number): void {
    this.leftZoneAt = at;
    this.restingInZone.take();
    if (this.openThroughRun && this.enteredSinceOpen) this.zonesPassed++;
    this.enteredSinceOpen = false;
  }

  /** The presence sensor read occupied at `t`, after vacant, the car at rest in normal service (`judged`) or not. */
  occupied(t: number, judged: boolean): void {
    this.emptyRun = false;
    if (!judged || !this.shutSinceStop || this.health.isFaulty(SENSOR)) return;
    this.shutSinceStop = false;
    if (++this.shutBoardings < SHUT_BOARDINGS) return;
    const reason = `read closed while someone got into the stopped car after an empty trip, at ${this.shutBoardings} stops in a row: nobody gets in through a shut door (a shorted contact?)`;
    this.forget();
    this.health.fault(SENSOR, "data", t, this.onset(t), reason);
  }

  /**
   * The contact changed at `at` (seen at `t`; `first`: its first reading since the start), to
   * `open` or not: believed again, unless it was found stuck open before the start and reads
   * open still (then true: the reading is no fact).
   */
  changed(t: number, at: number, first: boolean, open: boolean): boolean {
    const carried = first && this.stuckOpenBeforeStart;
    this.stuckOpenBeforeStart = false;
    this.changedAt = at;
    if (carried && open) {
      this.atFault(t, `reads open, as when it was found at fault before the box started: ${NO_DRIVE}`);
      return true;
    }
    if (carried || this.openFound) this.keep?.(false);
    this.forget();
    this.health.recover(SENSOR, "data", t, at);
    this.openFound = false;
    return false;
  }


  /** Found stuck open: no longer leaned on. */
  private atFault(t: number, reason: string): void {
    this.forget();
    this.health.fault(SENSOR, "data", t, this.onset(t), reason);
    this.openFound = true;
    this.keep?.(true);
    this.found(t);
  }

  /** When it last changed, or `t` where that was before the start. */
  private onset(t: number): number {
    return Number.isNaN(this.changedAt) ? t : this.changedAt;
  }

  private forget(): void {
    this.openThroughRun = false;
    this.enteredSinceOpen = false;
    this.zonesPassed = 0;
    this.restingInZone.take();
    this.shutSinceStop = false;
    this.shutBoardings = 0;
  }
}
