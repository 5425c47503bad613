/**
 * Whether the car may be moving unseen. After boot or a gap in the data the box cannot tell a
 * car going at an even speed from one at rest, and that car's braking would look like a start
 * the other way: a run begun then is not trusted (see InertialMotion.speedTrusted).
 *
 * The motion is known again once a rest is sure: the door opened, a whole run was seen,
 * `unseen_motion_s` passed with no start (longer than any run goes at an even speed), or the
 * car stayed still inside a door zone for `restInZoneS`. A car going fast enough for its
 * braking to begin a run (start_dv_mps) crosses a zone in well under that; one slower brakes
 * too little to begin one. A lift parked at a landing is known at rest seconds after boot, not
 * a minute: a free fall from rest in that minute was neither judged for overspeed nor overtravel.
 * (The gravity reference learnt meanwhile may hold a braking: it is learnt again where the door
 * or the zone first shows the car at rest, if it has moved since it warmed up; see
 * GravityReference.mayHoldMotion.)
 */
export class UnseenMotion {
  /** s: since when the car may be moving unseen; NaN while its motion is known */
  private since = NaN;
  /** s: since when nothing that could be motion was seen (NaN: something is) */
  private stillSince = NaN;
  /** s: since when the car has been inside a door zone, its sensor sound (NaN: it is not) */
  private zoneSince = NaN;

  /** `restInZoneS`: Infinity where no door-zone sensor is fitted. */
  constructor(private readonly timeoutS: number, private readonly restInZoneS: number) {}

  get unknown(): boolean {
    return !Number.isNaN(this.since);
  }

  /** The car may be moving unseen from `t` (boot, a gap in the data). */
  lost(t: number): void {
    this.since = t;
    this.stillSince = NaN;
  }

  /** The car's motion is known (a door opened, a whole run was seen). */
  known(): void {
    this.since = NaN;
  }

  /** A run began: stillness starts again after it. */
  moved(): void {
    this.stillSince = NaN;
  }

  /** The car is inside a door zone since `since`, its sensor sound (NaN: it is not). */
  zoneHeld(since: number): void {
    this.zoneSince = since;
  }

  /**
   * A reading with no run under way; `moving`: it shows what may be motion (a start noted, a
   * lobe past the start threshold). True when it made the motion known by the rest in a zone.
   */
  atRest(t: number, moving: boolean): boolean {
    if (t - this.since >= this.timeoutS) {
      this.known();
      return false;
    }
    if (moving) {
      this.stillSince = NaN;
      return false;
    }
    if (Number.isNaN(this.stillSince)) this.stillSince = t;
    if (!(t - Math.max(this.stillSince, this.zoneSince) >= this.restInZoneS)) return false;
    this.known();
    return true;
  }
}
