/**
 * A landing is reported right or not at all: the check, against the simulated lift's truth,
 * that tests of boxes placing trips by reckoning share.
 */
import type { ScenarioRun } from "../../simulator/simulated-box.ts";

/** The box's trip over the same stretch of time as `truth` (a second either side), if it reported one. */
export function reportedTrip(run: ScenarioRun, truth: { start: number; end: number }): ScenarioRun["trips"][number] | undefined {
  return run.trips.find((trip) => trip.start.mono_ms / 1000 < truth.end + 1 && trip.end.mono_ms / 1000 > truth.start - 1);
}

/** Each true trip the box reported at a landing it did not go from or to, described; empty when none. */
export function misplacedTrips(run: ScenarioRun): string[] {
  return run.truth.flatMap((truth) => {
    if (truth.type !== "trip") return [];
    const trip = reportedTrip(run, truth);
    const misplaced = trip && ((trip.from_landing !== undefined && trip.from_landing !== truth.from) || (trip.to_landing !== undefined && trip.to_landing !== truth.to));
    return misplaced ? [`${truth.start.toFixed(0)} s: ${trip.from_landing}→${trip.to_landing}, truly ${truth.from}→${truth.to}`] : [];
  });
}
