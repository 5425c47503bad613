/**
 * Overtravel: the car beyond the top or bottom landing by the margin, still going away from
 * the shaft (a rescue back is no overtravel). Only a car beyond the margin by more than a few
 * σ of its position's own uncertainty has overtravelled (an estimate that may be a floor out
 * raises no insured event); where a sound door-zone sensor is fitted, only once it has seen
 * the car leave that landing's zone (integration alone, which vibration drifts decimetres in a
 * second, does not put it there). Once per run; the run's start re-arms it.
 *
 * Where the position rests on a landing carried over a restart that the trips have not
 * confirmed (see CarriedLanding), and the car would be within the shaft from a landing they
 * leave, one found is held until the run ends: it was one if the car stopped past the end by
 * surely less than the shortest storey less the door zone (a wrong guess's stop is in a
 * landing's zone, a storey or more past it; the pit and the headroom hold no storey) and, with
 * a sound door-zone sensor, is still out of the end landing's zone it left (a wrong guess's car
 * enters the next landing's, unless that vane is missed). Where the run cannot be judged (the
 * position lost in it, the box stopped), it is raised, as found.
 */
import type { DetectionConfig } from "../config/schema.ts";
import type { Direction } from "../estimation/inertial-motion.ts";
import type { ShaftPosition } from "../estimation/shaft-position.ts";
import { round } from "../rounding.ts";

export interface Overtravel {
  end: "top" | "bottom";
  /** m, where the car was reckoned when it was found */
  position_m: number;
}

/** An overtravel found on a guessed position, and when (see OvertravelDetector.runEnded). */
export interface HeldOvertravel {
  t: number;
  overtravel: Overtravel;
}

export class OvertravelDetector {
  private fired = false;
  private held?: HeldOvertravel;

  /**
   * `marginM`: beyond the end landing by this much is overtravel (see
   * detection.overtravel_margin_m); `nearestLandingM`: the least a stop in another landing's
   * door zone is from the end landing (the shortest storey less the zone's half height).
   */
  constructor(
    private readonly config: DetectionConfig,
    private readonly shaft: Pick<ShaftPosition, "top" | "bottom" | "leftEndZone" | "mayBeWithinShaft">,
    private readonly marginM: number,
    private readonly nearestLandingM: number,
  ) {}

  /** Found already in this run: nothing more to judge until it is re-armed. */
  get done(): boolean {
    return this.fired;
  }

  /**
   * `positionM` at `t` reckoned with `uncertaintyM` (one σ); `zoneSound`: a door-zone sensor is
   * fitted and not faulty. One found on a guessed position is held (see runEnded).
   */
  update(t: number, positionM: number, direction: Direction | undefined, uncertaintyM: number, zoneSound: boolean): Overtravel | undefined {
    const { top, bottom } = this.shaft;
    if (this.fired || top === undefined || bottom === undefined) return undefined;
    const margin = this.marginM + this.config.overtravel_confidence_sigma * uncertaintyM - 1e-6;
    const end = positionM >= top + margin && direction === "up" ? "top" : positionM <= bottom - margin && direction === "down" ? "bottom" : undefined;
    if (!end || (zoneSound && !this.shaft.leftEndZone(end))) return undefined;
    this.fired = true;
    const overtravel: Overtravel = { end, position_m: round(positionM, 3) };
    if (!this.shaft.mayBeWithinShaft(margin)) return overtravel;
    this.held = { t, overtravel };
    return undefined;
  }

  /**
   * The run ended at `positionM` (as reckoned before it is placed, to `uncertaintyM`, one σ):
   * the overtravel held in it, with `found` whether it was one. Undefined where none was held.
   */
  runEnded(positionM: number | undefined, uncertaintyM: number, zoneSound: boolean): (HeldOvertravel & { found: boolean }) | undefined {
    const held = this.held;
    this.held = undefined;
    if (!held || positionM === undefined) return undefined;
    const { end } = held.overtravel;
    const pastM = end === "top" ? positionM - this.shaft.top! : this.shaft.bottom! - positionM;
    const shortOfLanding = pastM + this.config.overtravel_confidence_sigma * uncertaintyM < this.nearestLandingM;
    return { ...held, found: shortOfLanding && (!zoneSound || this.shaft.leftEndZone(end)) };
  }

  /** The overtravel held in this run, if any, that its end will not judge now (see the class). */
  takeHeld(): HeldOvertravel | undefined {
    const held = this.held;
    this.held = undefined;
    return held;
  }

  rearm(): void {
    this.fired = false;
    this.held = undefined;
  }
}
