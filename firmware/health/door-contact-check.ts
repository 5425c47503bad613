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
 */
import { round } from "../rounding.ts";
import type { SensorHealth } from "./sensor-health.ts";

const SENSOR = "door_closed";
/** Runs started with the contact reading open, unchanged, that find it at fault: a creep with the door open is one, its braking a second. */
export const OPEN_RUNS = 3;
const NO_DRIVE = "a lift does not run with its car door open (a cut wire, or the door's safety circuit bridged); no longer used";

export class DoorContactCheck {
  /** the run under way began with the contact reading open, and it has not changed since */
  private openSinceRunStart = false;
  /** runs started with the contact reading open, and it has not changed since the first */
  private openRuns = 0;

  constructor(private readonly health: SensorHealth) {}

  /** Not found reading open for good (it may chatter: that is the inputs' to say). */
  get sound(): boolean {
    return this.health.causeOf(SENSOR) !== "data";
  }

  /** A run starts at `t`, the contact reading open (`open`) or not: true where the contact is found at fault by it. */
  runStarted(t: number, open: boolean): boolean {
    // Not judged while it is faulty already (chattering, or found so).
    this.openSinceRunStart = open && !this.health.isFaulty(SENSOR);
    if (!this.openSinceRunStart) return false;
    if (++this.openRuns < OPEN_RUNS) return false;
    this.atFault(t, `read open, unchanged, as the car started ${this.openRuns} times: ${NO_DRIVE}`);
    return true;
  }

  /** The contact changed at `at` (seen at `t`): believed again. */
  changed(t: number, at: number): void {
    this.openSinceRunStart = false;
    this.openRuns = 0;
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
    this.health.fault(SENSOR, "data", t, t, reason);
  }
}
