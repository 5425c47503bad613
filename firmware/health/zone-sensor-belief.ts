/**
 * Whether the door-zone sensor's word is taken. One found reading nothing (outside all through a
 * trip past whole zones, or reading the car out of its zone at rest with nothing moving it: a
 * cut wire, a sensor knocked off its vanes) is not believed until it next changes, over a restart
 * too: the box works as one without it, the zone reckoned at each stop (see ReckonedZone).
 * Believed, its "outside" made every stop with the door shut a stop outside the zone and every
 * early opening a door opened while moving, false insured events at most arrivals.
 */
export class ZoneSensorBelief {
  private dead = false;
  /** found so before the box stopped: its first reading, if outside still, is no fact either */
  private deadBeforeStart: boolean;

  constructor(
    private readonly fitted: boolean,
    deadBeforeStart: boolean,
    /** kept for the next start (in the journal) */
    private readonly keep: ((dead: boolean) => void) | undefined,
    /** the belief changed: not believed from `notBelievedFrom` (s), or believed again (undefined) */
    private readonly changed: (notBelievedFrom?: number) => void,
  ) {
    this.deadBeforeStart = deadBeforeStart;
  }

  /** A sensor is fitted and not found reading nothing: its word is taken. */
  get believed(): boolean {
    return this.fitted && !this.dead;
  }

  /** Found reading nothing: not believed until it changes. */
  get foundDead(): boolean {
    return this.dead;
  }

  /** Found reading nothing at `at`. */
  foundDeadAt(at: number): void {
    this.keep?.(true);
    this.notBelieved(at);
  }

  /**
   * The sensor reads `inside` or not at `at` (`first`: its first reading since the start). True
   * where the reading is no fact: found dead before the box stopped, and reading outside still
   * (`stillDead` reports it). Otherwise it is believed, again where it was not.
   */
  reading(at: number, first: boolean, inside: boolean, stillDead: () => void): boolean {
    const carried = first && this.deadBeforeStart;
    this.deadBeforeStart = false;
    if (carried && !inside) {
      stillDead();
      this.notBelieved(at);
      return true;
    }
    // Mended while the box was down.
    if (carried) this.keep?.(false);
    if (this.dead) {
      this.dead = false;
      this.keep?.(false);
      this.changed();
    }
    return false;
  }

  private notBelieved(at: number): void {
    this.dead = true;
    this.changed(at);
  }
}
