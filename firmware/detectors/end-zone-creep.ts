/**
 * A car that leaves an end landing's door zone with its door open, no start felt (a slip too
 * gentle to feel: 0.12 m/s² or less was not, on a 0.2 m zone), is an unintended movement at once
 * (see DoorOpenZoneExit); whether it went away from the shaft, past the end landing, only the
 * braking that stops it tells, taken for a start back toward the shaft and found to be one
 * (see InertialMotion.brakingTakenForStart): an overtravel, dated where it left the zone. The
 * zone's edge is the overtravel's margin only where the margin is not set wider.
 */
import type { Direction } from "../estimation/inertial-motion.ts";
import type { Overtravel } from "./overtravel.ts";

export class EndZoneCreep {
  /** the zone left, with no start felt, at an end landing: when, which end, and the zone's outer edge (m) */
  private creep?: { at: number; end: Overtravel["end"]; edgeM: number };

  constructor(
    /** m: the landings' heights, bottom to top */
    private readonly landingsM: readonly number[],
    /** m: lift.door_zone_half_m */
    private readonly zoneHalfM: number,
    /** m: detection's overtravel margin */
    private readonly marginM: number,
  ) {}

  /** The car left the zone of `landing` at `at` with its door open, no start felt. */
  leftUnfelt(at: number, landing: number | undefined): void {
    const landingsM = this.landingsM;
    this.creep = undefined;
    if (this.marginM > this.zoneHalfM + 1e-9 || landingsM.length < 2) return;
    if (landing === 0) this.creep = { at, end: "bottom", edgeM: landingsM[0] - this.zoneHalfM };
    else if (landing === landingsM.length - 1) this.creep = { at, end: "top", edgeM: landingsM[landing] + this.zoneHalfM };
  }

  /**
   * The run going `direction` was the braking of the car's unseen motion: the overtravel, where
   * it braked toward the shaft from past an end landing's zone it crept out of, else nothing.
   */
  brakingFound(direction: Direction | null): (Overtravel & { at: number }) | undefined {
    const creep = this.creep;
    this.creep = undefined;
    if (!creep || direction !== (creep.end === "bottom" ? "up" : "down")) return undefined;
    return { at: creep.at, end: creep.end, position_m: creep.edgeM };
  }

  /** Back in a zone, or a trip seen: no creep left to tell. */
  forget(): void {
    this.creep = undefined;
  }
}
