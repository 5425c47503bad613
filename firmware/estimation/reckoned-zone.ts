/**
 * Where a box without a door-zone sensor tells the lift model the car stopped: outside every
 * zone where the reckoning (or an emergency stop's braking) says so, so that someone shut in
 * between floors is found; otherwise nothing, the zone staying unknown. The pipeline decides
 * "between floors" at each stop; this holds what the model was told and when to take it back.
 *
 * Nothing is told while the door stands open: the model would read the car leaving a zone
 * with its door open, an unintended movement. A stop made with the door open (a brake
 * slipping at a landing) is told once the door shuts, dated at the stop.
 */
export type ZoneEvent = { type: "ZONE_LEFT" | "ZONE_UNKNOWN"; at: number };

export class ReckonedZone {
  /** the model was told the car is outside every zone */
  private told = false;
  /** s: a stop between floors made with the door open, to be told when it shuts */
  private pendingSince?: number;

  constructor(private readonly send: (event: ZoneEvent) => void) {}

  /** The car stopped at `at`; `betweenFloors` as the pipeline reckoned it. */
  stopped(at: number, betweenFloors: boolean, doorOpen: boolean): void {
    if (!betweenFloors) return;
    if (doorOpen) this.pendingSince = at;
    else this.tell(at);
  }

  doorClosed(): void {
    if (this.pendingSince === undefined) return;
    this.tell(this.pendingSince);
    this.pendingSince = undefined;
  }

  /** The car moved, or its door opened (doors open at landings: it relevelled in a movement too small to see). */
  forget(at: number): void {
    this.pendingSince = undefined;
    if (!this.told) return;
    this.told = false;
    this.send({ type: "ZONE_UNKNOWN", at });
  }

  private tell(at: number): void {
    this.told = true;
    this.send({ type: "ZONE_LEFT", at });
  }
}
