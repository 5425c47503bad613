/**
 * Where a technician on the car roof stops the car during an inspection: half-way between
 * landings (well outside any door zone), first in the gap above the car (below it at the
 * top), then one gap further on, and finally back to the landing the car started from.
 */
import { pointToPoint, type MotionLimits } from "../motion-profile.ts";

export interface InspectionPlan {
  /** s after the switch is turned on, before the first move: climbing onto the roof */
  firstMoveAfter: number;
  /** s the technician works at each stop */
  work: number;
  /** positions (m), the last one the start landing */
  stops: number[];
}

const CLIMB_S = 10;
const MARGIN_S = 10;
const MIN_WORK_S = 5;

function runDuration(distance: number, limits: MotionLimits): number {
  return pointToPoint(distance, limits).reduce((sum, piece) => sum + piece.duration, 0);
}

export function inspectionPlan(landings: readonly number[], startLanding: number, duration: number, limits: MotionLimits): InspectionPlan {
  const home = landings[startLanding];
  const gap = (index: number) => (landings[index] + landings[index + 1]) / 2;
  const upward = startLanding < landings.length - 1;
  const first = upward ? gap(startLanding) : gap(startLanding - 1);
  const secondIndex = upward ? startLanding + 1 : startLanding - 2;
  const candidates = secondIndex >= 0 && secondIndex < landings.length - 1 ? [first, gap(secondIndex)] : [first];
  for (let count = candidates.length; count > 0; count--) {
    const stops = [...candidates.slice(0, count), home];
    let moving = 0;
    let from = home;
    for (const stop of stops) {
      moving += runDuration(stop - from, limits);
      from = stop;
    }
    const work = (duration - CLIMB_S - MARGIN_S - moving) / count;
    if (work >= MIN_WORK_S) return { firstMoveAfter: CLIMB_S, work, stops };
  }
  return { firstMoveAfter: CLIMB_S, work: 0, stops: [] };
}
