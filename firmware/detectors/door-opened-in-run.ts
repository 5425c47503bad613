/**
 * A car door opened while the car still moved: how fast, where, and what the run's end says of
 * it. Faster than doors open outside a zone (door_open_speed_mps) is a door opened while moving,
 * unless the car may be in a zone: read in one, or, where no sensor reads it in one, near a
 * landing by the reckoning. There the limit is the early opening's (door_preopening_speed_mps,
 * EN 81-20's doors opening as the car levels).
 *
 * A door opened under that limit yet faster than outside a zone was opened early, or forced open
 * as the car passed a zone (a slow lift's 0.63 m/s): the car leaving the zone tells them apart
 * (see DoorOpenZoneExit), and where no sensor read the zone, how the run ends does. A door forced
 * open outside every zone breaks the safety chain: the brake stops the car, harder than the lift
 * was braking; a lift landing with its door opening early goes on braking as it was.
 */
import type { Movement } from "../estimation/inertial-motion.ts";

export interface DoorOpenedInRunSettings {
  /** m/s: detection.door_open_speed_mps */
  outsideZoneMps: number;
  /** m/s: detection.door_preopening_speed_mps */
  inZoneMps: number;
  /** detection.early_opening_braking_ratio */
  landingBrakingRatio: number;
}

/** A door opened early in the run (see the header): when, at what speed (m/s). */
export interface EarlyOpening {
  at: number;
  speed: number;
}

export class DoorOpenedInRun {
  /** s: when the car door last opened (NaN: not yet) */
  private lastOpenedAt = NaN;
  /**
   * a door opened in this run under the early opening's limit, yet faster than doors open outside
   * a zone; `unseenZone`: where no sensor read the car in a zone; `brakingBefore`: the run's
   * hardest braking until the door opened (m/s²)
   */
  private early?: EarlyOpening & { unseenZone: boolean; brakingBefore: number };
  /** a door opened in this run while the car went faster than door_open_speed_mps */
  private atSpeed = false;

  constructor(private readonly settings: DoorOpenedInRunSettings) {}

  /** s: when the car door last opened (NaN: not yet). */
  get openedAt(): number {
    return this.lastOpenedAt;
  }

  /** A door opened at speed in this run: a braking harder than its start was a stop, not a landing. */
  get openedAtSpeed(): boolean {
    return this.atSpeed;
  }

  runStarted(): void {
    this.early = undefined;
    this.atSpeed = false;
  }

  /**
   * The door opened at `at`, the car going `speed` (m/s; `measured`: a trusted run's). `inZone`:
   * read in a zone it is not leaving; `unseenZone`: read in none, yet near a landing by the
   * reckoning. `brakingBefore`: the run's hardest braking so far. True where it was travelling,
   * faster than doors open where it was: a door opened while moving.
   */
  opened(at: number, speed: number, measured: boolean, inZone: boolean, unseenZone: boolean, brakingBefore: () => number): boolean {
    this.lastOpenedAt = at;
    const { outsideZoneMps, inZoneMps } = this.settings;
    const travelling = measured && speed > (inZone || unseenZone ? inZoneMps : outsideZoneMps);
    if (measured && speed > outsideZoneMps) {
      this.atSpeed = true;
      if (!travelling) this.early = { at, speed, unseenZone, brakingBefore: brakingBefore() };
    }
    return travelling;
  }

  /** The car left the zone the door opened early in, and stayed out: the door was forced open as it passed. */
  takeForced(): EarlyOpening | undefined {
    const early = this.early;
    this.early = undefined;
    return early && { at: early.at, speed: early.speed };
  }

  /**
   * The run ended: a door that opened early where no sensor read the car in a zone was opened in
   * one if the car then `landed` there (braking as lifts land, see landedGently); else it was
   * forced open outside every zone, returned.
   */
  judged(landed: boolean): EarlyOpening | undefined {
    const early = this.early;
    this.early = undefined;
    return early?.unseenZone && !landed ? { at: early.at, speed: early.speed } : undefined;
  }

  /**
   * The run braked as lifts land: not an `emergency`, and no harder than landingBrakingRatio times
   * the hardest of its own start, its braking until a door opened early in it, and how this lift
   * lands (`learntRatio`, NaN while unknown; see LandingBraking). A door forced open stops the car
   * on its brake, from under 0.8 m/s often not an emergency by its braking alone; a lift that
   * brakes harder than it starts lands so with its door opening early too.
   */
  landedGently(movement: Movement | undefined, emergency: boolean, learntRatio: number): boolean {
    const starting = movement?.starting_mps2;
    if (emergency || starting === undefined) return false;
    const landing = Math.max(starting, this.early?.brakingBefore ?? 0, Number.isNaN(learntRatio) ? 0 : learntRatio * starting);
    return (movement!.braking_mps2 ?? 0) <= this.settings.landingBrakingRatio * landing;
  }

  /**
   * The door, read open (`readOpen`), opened in the run begun at `runStart`, not at speed, or
   * early where no sensor read the zone, the car then braking as lifts land: lifts open their
   * doors early only in the zone. Not a door open all through the run (a contact stuck open) nor
   * one forced open at speed.
   */
  vouchesForLanding(readOpen: boolean, runStart: number, landedGently: boolean): boolean {
    const openedEarly = landedGently && this.early?.unseenZone === true && this.early.at === this.lastOpenedAt;
    return readOpen && (!this.atSpeed || openedEarly) && this.lastOpenedAt >= runStart;
  }
}
