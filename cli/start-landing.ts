/**
 * Where a box on hardware takes its car to be as it starts: at the first start on a journal,
 * the landing the configuration names; at every later one, the landing the journal kept as the
 * last run ended. Where neither says, the box places the car from its trips, and until then
 * raises nothing that needs its place: an installer who left `lift.start_landing` out is told.
 */
import type { Config } from "../firmware/config/schema.ts";

/** The start landing handed to the pipeline: undefined for the configuration's, null for none known. */
export function startLandingAcrossBoots(boot: number, keptLanding: number | null | undefined): number | null | undefined {
  return boot <= 1 ? undefined : (keptLanding ?? null);
}

/** One line for the start's output where the box has landings to place the car at and does not know which it is at (`startLanding` as startLandingAcrossBoots gives it); else undefined. */
export function unknownStartLanding(lift: Config["lift"], startLanding: number | null | undefined): string | undefined {
  if (lift.landings_m.length === 0) return undefined;
  const unplaced = "where the car is, is not known until its trips place it, and nothing that needs its place is raised until then (an overtravel; a stop outside the door zone without a zone sensor)";
  if (startLanding === undefined) return lift.start_landing === undefined ? `! lift.start_landing is not set: ${unplaced}. Set it when the box is fitted (hardware/calibration.md)` : undefined;
  return startLanding === null ? `! the journal kept no landing from the last start (it stopped during a run, or the car was not placed): ${unplaced}` : undefined;
}
