/**
 * The shaft's landings as geometry: which landing a position is at, how sure that must be,
 * which door-zone edge a car crosses, and which landings a trip leads to by its length or by
 * the door zones it entered. It holds the building only; where the car is, ShaftPosition keeps.
 */
import type { Direction } from "./inertial-motion.ts";
import type { TripEnd } from "./shaft-position.ts";

export interface ZoneEdge {
  landing: number;
  /** m, height of the edge */
  position: number;
  /**
   * m: the car left the zone after travelling only this far through it since it entered, less
   * than half its height: the sensor lost the vane early, and the edge is not used to put the
   * position right
   */
  earlyExitM?: number;
}

/** A door zone entered during a run: when, and how far the run had integrated (m, + up). */
export interface ZoneEntry {
  t: number;
  integratedM: number;
}

export class ShaftLandings {
  /**
   * `heightsM` bottom first; `snapM`: a stop this close to a landing is at it; `zoneHalfM`: half
   * the door zone's height; other landings must lie `confidenceSigma` σ of a position's
   * uncertainty away for it to be placed.
   */
  constructor(readonly heightsM: number[], private readonly snapM: number, readonly zoneHalfM: number, readonly confidenceSigma: number) {}

  /** `positionM` lies above the top landing's door zone or below the bottom one's (false without landings). */
  beyondEndZones(positionM: number): boolean {
    const { heightsM, zoneHalfM } = this;
    return heightsM.length > 0 && (positionM > heightsM[heightsM.length - 1] + zoneHalfM || positionM < heightsM[0] - zoneHalfM);
  }

  /** The edge nearest `positionM` that a car crosses entering (or leaving) a zone going `direction`. */
  nearestEdge(entered: boolean, direction: Direction, positionM: number): ZoneEdge {
    // Entering while going up crosses a zone's lower edge; leaving while going up, its upper.
    const side = (entered ? -1 : 1) * (direction === "up" ? 1 : -1);
    let best = { landing: 0, position: this.heightsM[0] + side * this.zoneHalfM };
    this.heightsM.forEach((height, landing) => {
      const position = height + side * this.zoneHalfM;
      if (Math.abs(position - positionM) < Math.abs(best.position - positionM)) best = { landing, position };
    });
    return best;
  }

  /**
   * The landings a trip leads to from one of `starts` (any, where undefined) by the door zones it
   * entered: as many landings on, each zone entered where the storeys from that start put it (to
   * `confidenceSigma` σ of the trip's integration, in proportion, or the zone's half height),
   * and the trip's length too. On evenly spaced floors a length alone rarely tells the landings
   * apart; a count does. Undefined where no zone was entered, or no start fits them all: a vane
   * missed puts every entry after it a storey out, and the count is not to be believed.
   */
  countedEnds(starts: ReadonlySet<number> | undefined, trip: TripEnd, entries: readonly ZoneEntry[]): Set<number> | undefined {
    const { heightsM: landingsM, zoneHalfM } = this;
    const way = Math.sign(trip.displacement_m);
    if (entries.length === 0 || way === 0) return undefined;
    const sigmaM = trip.integrationUncertaintyM ?? 0;
    const lengthM = Math.abs(trip.displacement_m);
    const within = (offM: number, spanM: number) => Math.abs(offM) <= Math.max(zoneHalfM, (this.confidenceSigma * sigmaM * Math.abs(spanM)) / lengthM);
    const ends = new Set<number>();
    landingsM.forEach((startM, start) => {
      const end = start + way * entries.length;
      if ((starts && !starts.has(start)) || end < 0 || end >= landingsM.length || !within(landingsM[end] - startM - trip.displacement_m, lengthM)) return;
      // Going up a zone is entered at its lower edge, going down at its upper.
      const fits = entries.every(({ t, integratedM }, index) => {
        const expectedM = landingsM[start + way * (index + 1)] - way * zoneHalfM - startM;
        return within(integratedM - driftAt(trip, t) - expectedM, expectedM);
      });
      if (fits) ends.add(end);
    });
    return ends.size > 0 ? ends : undefined;
  }

  /**
   * The landings a trip of `displacementM` leads to from one of `starts` (any, when undefined):
   * within 3 σ of the trip's own uncertainty, or the zone's half height where that is less.
   */
  tripEnds(starts: ReadonlySet<number> | undefined, displacementM: number, tripUncertaintyM: number): Set<number> {
    const reachM = Math.max(this.zoneHalfM, this.confidenceSigma * tripUncertaintyM);
    const ends = new Set<number>();
    this.heightsM.forEach((start, from) => {
      if (starts && !starts.has(from)) return;
      this.heightsM.forEach((end, to) => {
        if (from !== to && Math.abs(end - start - displacementM) <= reachM) ends.add(to);
      });
    });
    return ends;
  }

  /** The landings within `confidenceSigma` σ of a position; where there are none, the nearest alone, if `orNearest`. */
  plausible(position: number, uncertaintyM: number, orNearest = true): Set<number> {
    const near = this.heightsM.flatMap((height, index) => (Math.abs(height - position) < this.confidenceSigma * uncertaintyM ? [index] : []));
    const nearest = this.nearest(position, Infinity);
    return new Set(near.length > 0 || !orNearest ? near : nearest === undefined ? [] : [nearest]);
  }

  /**
   * The landing a position (m) with `uncertaintyM` (one σ) is at: the nearest within the snap
   * distance, provided every other landing lies `confidenceSigma` σ away; else undefined.
   */
  placed(position: number, uncertaintyM: number): number | undefined {
    const landing = this.nearest(position, this.snapM);
    if (landing === undefined || uncertaintyM <= 0) return landing;
    const plausible = this.heightsM.some((height, index) => index !== landing && Math.abs(height - position) < this.confidenceSigma * uncertaintyM);
    return plausible ? undefined : landing;
  }

  nearest(position: number | undefined, within: number): number | undefined {
    if (position === undefined) return undefined;
    let best: number | undefined;
    this.heightsM.forEach((height, index) => {
      if (Math.abs(height - position) <= within && (best === undefined || Math.abs(height - position) < Math.abs(this.heightsM[best] - position))) best = index;
    });
    return best;
  }
}

/**
 * m: the integration drift in the displacement at `t` (s), of the trip's whole drift_m: a
 * speed error growing linearly through the run, so growing with the square of the time into it.
 */
export function driftAt(trip: TripEnd, t: number): number {
  if (!trip.drift_m || trip.start === undefined || trip.end === undefined || !(trip.end > trip.start)) return 0;
  const intoRun = Math.min(Math.max((t - trip.start) / (trip.end - trip.start), 0), 1);
  return trip.drift_m * intoRun * intoRun;
}
