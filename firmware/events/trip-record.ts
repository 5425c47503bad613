/**
 * The `trip` record of the replay contract (spec/trace-format.md §3) for a run that ended:
 * its times, way, distance and fastest speed, the landings it went between where the box
 * placed them, and the stop's leveling and the ride's quality where they were measured.
 */
import type { Movement } from "../estimation/inertial-motion.ts";
import type { DetectionRecord } from "../frame.ts";
import type { RideQuality } from "../quality/ride-metrics.ts";
import { round } from "../rounding.ts";

export interface TripEnd {
  /** s, when the record is raised */
  t: number;
  movement: Movement;
  landingsM: readonly number[];
  from?: number;
  to?: number;
  levelingErrorMm?: number;
  rideQuality?: RideQuality;
}

export function tripRecord({ t, movement, landingsM, from, to, levelingErrorMm, rideQuality }: TripEnd): DetectionRecord {
  return {
    type: "trip",
    t,
    onset: movement.start,
    start: movement.start,
    end: movement.end,
    direction: movement.direction,
    // Between two known landings their distance beats the integration (a crawl it cannot see, drift).
    distance_m: round(from !== undefined && to !== undefined ? Math.abs(landingsM[to] - landingsM[from]) : Math.abs(movement.displacement_m), 3),
    integrated_distance_m: round(Math.abs(movement.displacement_m), 3),
    max_speed_mps: round(movement.max_speed_mps, 3),
    ...(from !== undefined ? { from_landing: from } : {}),
    ...(to !== undefined ? { to_landing: to } : {}),
    ...(levelingErrorMm !== undefined ? { leveling_error_mm: levelingErrorMm } : {}),
    ...(rideQuality ? { ride_quality: rideQuality } : {}),
  };
}
