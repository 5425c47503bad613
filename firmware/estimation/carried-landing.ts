/**
 * A landing carried over from the box's last start (the journal's last trip end) is where the
 * car was when the box stopped, not surely where it is now: the lift runs on while its box
 * restarts (a minute's update or watchdog reset in a busy hour moves the car a few floors).
 * Until the trips since the start fit that landing alone it is a guess. The trips are placed
 * from it meanwhile, but the landings they fit from any start are followed too (on evenly
 * spaced floors one trip rarely tells; a trip to an end of the shaft does): a guess they rule
 * out is dropped, and a run past an end of the shaft by the guess that would not be so from
 * every landing they leave is judged only as it ends (see OvertravelDetector).
 */
/** What a run's end says of the carried landing: `refuted` gives the landings the trips leave, where they are to be believed. */
export type CarriedVerdict = { verdict: "open" | "confirmed" } | { verdict: "refuted"; mayBeAt?: Set<number> };

const OPEN: CarriedVerdict = { verdict: "open" };

export class CarriedLanding {
  /** the landings the car may be at by the trips since the start alone; undefined once confirmed or refuted, or where nothing was carried */
  private mayBeAt?: Set<number>;

  constructor(private readonly landingCount: number, carried: boolean) {
    if (carried && landingCount > 1) this.mayBeAt = this.anyLanding();
  }

  /** The landings the car may be at by its trips since the start, while the carried one is unconfirmed; undefined otherwise. */
  get starts(): ReadonlySet<number> | undefined {
    return this.mayBeAt;
  }

  /**
   * A run ended: `reached` the landings its length leads to from one it may have started at
   * (undefined: a stop no landing explains, a braked one or one outside every zone, after which
   * the trips start again from any); `placed` the landing the carried guess puts it at, if any;
   * `agrees`: the guess's own trip is as long as the trip was (see ShaftPosition.carriedRunEnded).
   */
  runEnded(reached: Set<number> | undefined, placed: number | undefined, agrees = true): CarriedVerdict {
    if (!this.mayBeAt) return OPEN;
    const mayBeAt = (this.mayBeAt = reached && reached.size > 0 ? reached : this.anyLanding());
    if (!agrees) {
      // The guess's run and the zones counted disagree: one is wrong, and a vane missed would make the landings reached wrong too.
      this.mayBeAt = undefined;
      return { verdict: "refuted" };
    }
    const refuted = placed === undefined ? mayBeAt.size === 1 : !mayBeAt.has(placed);
    if (!refuted && !(mayBeAt.size === 1)) return OPEN;
    this.mayBeAt = undefined;
    return refuted ? { verdict: "refuted", mayBeAt } : { verdict: "confirmed" };
  }

  /** The position was lost for another reason: nothing carried is left to confirm. */
  forget(): void {
    this.mayBeAt = undefined;
  }

  private anyLanding(): Set<number> {
    return new Set(Array.from({ length: this.landingCount }, (_, index) => index));
  }
}
