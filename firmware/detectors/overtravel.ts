/**
 * Overtravel: the car beyond the top or bottom landing by the margin, still going away from
 * the shaft (a rescue back is no overtravel). Only a car beyond the margin by more than a few
 * σ of its position's own uncertainty has overtravelled (an estimate that may be a floor out
 * raises no insured event); where a sound door-zone sensor is fitted, only once it has seen
 * the car leave that landing's zone (integration alone, which vibration drifts decimetres in a
 * second, does not put it there); and where the position rests on a landing carried over a
 * restart, only past the end from every landing the trips since allow (see CarriedLanding).
 * Once per run; the run's start re-arms it.
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

export class OvertravelDetector {
  private fired = false;

  /** `marginM`: beyond the end landing by this much is overtravel (see detection.overtravel_margin_m). */
  constructor(
    private readonly config: DetectionConfig,
    private readonly shaft: Pick<ShaftPosition, "top" | "bottom" | "leftEndZone" | "mayBeWithinShaft">,
    private readonly marginM: number,
  ) {}

  /** Found already in this run: nothing more to judge until it is re-armed. */
  get done(): boolean {
    return this.fired;
  }

  /**
   * `positionM` reckoned with `uncertaintyM` (one σ); `zoneSound`: a door-zone sensor is
   * fitted and not faulty.
   */
  update(positionM: number, direction: Direction | undefined, uncertaintyM: number, zoneSound: boolean): Overtravel | undefined {
    const { top, bottom } = this.shaft;
    if (this.fired || top === undefined || bottom === undefined) return undefined;
    const margin = this.marginM + this.config.overtravel_confidence_sigma * uncertaintyM - 1e-6;
    const end = positionM >= top + margin && direction === "up" ? "top" : positionM <= bottom - margin && direction === "down" ? "bottom" : undefined;
    if (!end || (zoneSound && !this.shaft.leftEndZone(end))) return undefined;
    // Past the end only by a landing carried over a restart that the trips have not confirmed: not yet known.
    if (this.shaft.mayBeWithinShaft(margin)) return undefined;
    this.fired = true;
    return { end, position_m: round(positionM, 3) };
  }

  rearm(): void {
    this.fired = false;
  }
}
