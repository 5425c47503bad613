/**
 * The car-door contact against the car's trips. A lift's drive does not run a car from one
 * landing to another with its door open: a contact that reads open through such a trip, from
 * before the car started, is at fault (most often a cut wire: the contact opens its circuit
 * when the door opens), or the door's safety circuit is bridged. So is one that reads open,
 * unchanged, as the car starts `OPEN_RUNS` times: each run begun with the door "open" is taken
 * for a creep (no drive holds a car's speed with its door open) and dropped at its cruise, and
 * its braking starts another, so no whole trip may come for many minutes. The first run raised
 * its insured unintended movement, as a bridged door's must; once found, the contact is a
 * sensor fault, no longer leaned on, until it changes. A field engineer's cut wire had lost 71
 * of 123 trips an hour and raised a false unintended movement or door open while moving.
 *
 * Against the presence sensor: nobody gets into a car standing with its door shut. A contact
 * that read closed from the stop of a car that ran empty (vacant from its start) while someone
 * got in there (vacant to occupied), at `SHUT_BOARDINGS` such stops in a row with no door seen
 * opening between, is stuck closed (a shorted contact): each stop raised a door fault (fails to
 * open), and someone who stayed in the car at a floor for the entrapment delay, a false insured
 * entrapment. An empty run, so that a passenger shut in and keeping still, whom the sensor
 * loses and finds again, is no boarding; two stops, as a sensor may trigger once in an empty
 * car (sunlight, heating); a door seen opening ends the count.
 */
import { round } from "../rounding.ts";
import type { SensorHealth } from "./sensor-health.ts";

const SENSOR = "door_closed";
/** Runs started with the contact reading open, unchanged, that find it at fault: a creep with the door open is one, its braking a second. */
export const OPEN_RUNS = 3;
const NO_DRIVE = "a lift does not run with its car door open (a cut wire, or the door's safety circuit bridged); no longer used";
/** Stops in a row at which someone got in while the contact read closed, that find it stuck closed. */
export const SHUT_BOARDINGS = 2;

export class DoorContactCheck {
  /** the run under way began with the contact reading open, and it has not changed since */
  private openSinceRunStart = false;
  /** runs started with the contact reading open, and it has not changed since the first */
  private openRuns = 0;
  /** the run under way began with the car vacant, and nobody has been seen in it since */
  private emptyRun = false;
  /** the car stopped from an empty run with the contact reading closed, and it has not changed since (no boarding counted yet at this stop) */
  private shutSinceStop = false;
  /** stops in a row, with no door change between, at which someone got in while the contact read closed */
  private shutBoardings = 0;

  constructor(private readonly health: SensorHealth) {}

  /** Not found reading open for good (it may chatter: that is the inputs' to say). */
  get sound(): boolean {
    return this.health.causeOf(SENSOR) !== "data";
  }

  /** A run starts at `t`, the contact reading open (`open`) or not, the car `vacant` or not: true where the contact is found at fault by it. */
  runStarted(t: number, open: boolean, vacant: boolean): boolean {
    this.emptyRun = vacant;
    // Not judged while it is faulty already (chattering, or found so).
    this.openSinceRunStart = open && !this.health.isFaulty(SENSOR);
    if (!this.openSinceRunStart) return false;
    if (++this.openRuns < OPEN_RUNS) return false;
    this.atFault(t, `read open, unchanged, as the car started ${this.openRuns} times: ${NO_DRIVE}`);
    return true;
  }

  /** The car came to rest, the contact reading closed (`closed`) or not. */
  stopped(closed: boolean): void {
    this.shutSinceStop = closed && this.emptyRun;
  }

  /** The presence sensor read occupied at `t`, after vacant, the car at rest (`atRest`) or not: true where the contact is found stuck closed by it. */
  occupied(t: number, atRest: boolean): boolean {
    this.emptyRun = false;
    if (!atRest || !this.shutSinceStop || this.health.isFaulty(SENSOR)) return false;
    this.shutSinceStop = false;
    if (++this.shutBoardings < SHUT_BOARDINGS) return false;
    this.atFault(t, `read closed while someone got into the stopped car, at ${this.shutBoardings} stops in a row: nobody gets in through a shut door (a shorted contact); no longer used`);
    return true;
  }

  /** The contact changed at `at` (seen at `t`): believed again. */
  changed(t: number, at: number): void {
    this.openSinceRunStart = false;
    this.openRuns = 0;
    this.shutSinceStop = false;
    this.shutBoardings = 0;
    this.health.recover(SENSOR, "data", t, at);
  }

  /** A run ended at `t`, a trip from landing `from` to `to`, `distanceM` long: true where the contact is found at fault by it. */
  tripEnded(t: number, from: number, to: number, distanceM: number): boolean {
    if (!this.openSinceRunStart || from === to) return false;
    this.atFault(t, `read open all through a ${round(distanceM, 2)} m trip from landing ${from} to ${to}: ${NO_DRIVE}`);
    return true;
  }

  private atFault(t: number, reason: string): void {
    this.openSinceRunStart = false;
    this.openRuns = 0;
    this.shutSinceStop = false;
    this.shutBoardings = 0;
    this.health.fault(SENSOR, "data", t, t, reason);
  }
}
