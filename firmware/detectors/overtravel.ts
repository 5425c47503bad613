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
 * leave, one found is held until the run ends: it was one if the car is still out of the end
 * landing's zone it left (with a sound door-zone sensor: a wrong guess's car enters the next
 * landing's zone), or else stopped past the end by less than half the shortest storey (the pit
 * and the headroom hold no more; a wrong guess's stop is a storey or more past it).
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
   * detection.overtravel_margin_m); `halfStoreyM`: half the shortest storey.
   */
  constructor(
    private readonly config: DetectionConfig,
    private readonly shaft: Pick<ShaftPosition, "top" | "bottom" | "leftEndZone" | "mayBeWithinShaft">,
    private readonly marginM: number,
    private readonly halfStoreyM: number,
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
   * The run ended at `positionM` (as reckoned before it is placed): the overtravel held in it,
   * with `found` whether it was one. Undefined where none was held.
   */
  runEnded(positionM: number | undefined, zoneSound: boolean): (HeldOvertravel & { found: boolean }) | undefined {
    const held = this.held;
    this.held = undefined;
    if (!held || positionM === undefined) return undefined;
    const { end } = held.overtravel;
    const pastM = end === "top" ? positionM - this.shaft.top! : this.shaft.bottom! - positionM;
    return { ...held, found: zoneSound ? this.shaft.leftEndZone(end) : pastM < this.halfStoreyM };
  }

  rearm(): void {
    this.fired = false;
    this.held = undefined;
  }
}
