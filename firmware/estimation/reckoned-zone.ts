/**
 * Where a box without a door-zone sensor (or with one found reading nothing) tells the lift
 * model the car stopped, so that someone shut in is found: outside every zone, or inside a
 * landing's, as the pipeline reckons it at each stop; otherwise nothing, the zone staying
 * unknown. This holds what the model was told and when to take it back: when the car moves,
 * and, for "outside", when the door opens (doors open at landings: the car relevelled there in
 * a movement too small to see).
 *
 * "Outside" is not told while the door stands open: the model would read the car leaving a
 * zone with its door open, an unintended movement. A stop made with the door open (a brake
 * slipping at a landing) is told once the door shuts, dated at the stop.
 */
export type ZoneEvent = { type: "ZONE_LEFT" | "ZONE_ENTERED" | "ZONE_UNKNOWN"; at: number };
export type ReckonedStop = "outside" | "inside" | undefined;

export class ReckonedZone {
  private told?: "ZONE_LEFT" | "ZONE_ENTERED";
  /** s: a stop between floors made with the door open, to be told when it shuts */
  private pendingSince?: number;

  constructor(private readonly send: (event: ZoneEvent) => void) {}

  /** The car stopped at `at`, where the pipeline reckoned it. */
  stopped(at: number, zone: ReckonedStop, doorOpen: boolean): void {
    if (zone === "inside") this.tell("ZONE_ENTERED", at);
    else if (zone === "outside" && doorOpen) this.pendingSince = at;
    else if (zone === "outside") this.tell("ZONE_LEFT", at);
  }

  doorClosed(): void {
    if (this.pendingSince === undefined) return;
    this.tell("ZONE_LEFT", this.pendingSince);
    this.pendingSince = undefined;
  }

  doorOpened(at: number): void {
    this.pendingSince = undefined;
    if (this.told === "ZONE_LEFT") this.forget(at);
  }

  moved(at: number): void {
    this.pendingSince = undefined;
    this.forget(at);
  }

  /** A sensor tells the zone again (see DetectionPipeline.zoneDead): nothing told is taken back. */
  reset(): void {
    this.told = undefined;
    this.pendingSince = undefined;
  }

  private forget(at: number): void {
    if (this.told === undefined) return;
    this.told = undefined;
    this.send({ type: "ZONE_UNKNOWN", at });
  }

  private tell(type: "ZONE_LEFT" | "ZONE_ENTERED", at: number): void {
    this.told = type;
    this.send({ type, at });
  }
}
