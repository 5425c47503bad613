/**
 * What the shaft's geometry allows a run: how far it can go at all, how far without crossing a
 * door-zone edge, how soon the car can reach the next landing's zone, and how far off a span
 * between two edges would be were the run placed a landing out. Numbers from the configured
 * landings, the door zone, the overtravel margin and the chip's tolerance; the pipeline asks.
 */
import type { Config } from "../config/schema.ts";
import { STOP_RESIDUAL_FLOOR_MPS } from "./inertial-motion.ts";
import type { RunEdge } from "./run-scale.ts";

export class ShaftLimits {
  /** m, + up: every distance a trip between two landings can go */
  readonly landingDistancesM: number[];
  /** m: the shortest storey (Infinity with fewer than two landings) */
  readonly shortestStoreyM: number;
  /**
   * s: the least a car takes from leaving one landing's door zone to entering the next, at the
   * severe overspeed; Infinity where the landings or the rated speed are not known
   */
  readonly zoneToZoneS: number;
  /** m: how far past an end landing a car is overtravelled (detection.overtravel_margin_m, by default the door zone's half height) */
  readonly overtravelMarginM: number;
  /**
   * m: the furthest a run can go, end to end of the shaft and beyond each end by the overtravel
   * margin and a metre, as a chip 3 σ off its sensitivity integrates it (see runImpossible)
   */
  private readonly longestRunM: number;
  /** m: the furthest a run goes without crossing a door-zone edge (see edgeless) */
  private readonly longestEdgelessM: number;
  private readonly landingsM: readonly number[];

  constructor({ lift, detection, motion }: Pick<Config, "lift" | "detection" | "motion">) {
    const landings = (this.landingsM = lift.landings_m);
    this.landingDistancesM = landings.flatMap((start) => landings.filter((end) => end !== start).map((end) => end - start));
    this.shortestStoreyM = Math.min(...this.landingDistancesM.map(Math.abs));
    const sensitivityMargin = 1 + detection.landing_confidence_sigma * motion.accelerometer_scale_uncertainty;
    const overtravelMarginM = (this.overtravelMarginM = detection.overtravel_margin_m ?? lift.door_zone_half_m);
    const gapM = this.shortestStoreyM - 2 * lift.door_zone_half_m;
    const fastestMps = (lift.rated_speed_mps ?? NaN) * detection.overspeed_severe_factor;
    this.zoneToZoneS = gapM > 0 && fastestMps > 0 ? gapM / fastestMps : Infinity;
    this.longestRunM = ((landings.at(-1) ?? NaN) - (landings[0] ?? NaN) + 2 * (overtravelMarginM + 1)) * sensitivityMargin;
    const widestGapM = Math.max(...landings.slice(1).map((height, index) => height - landings[index])) - 2 * lift.door_zone_half_m;
    this.longestEdgelessM = landings.length > 1 ? (Math.max(widestGapM, 2 * lift.door_zone_half_m) + 2 * overtravelMarginM) * sensitivityMargin : Infinity;
  }

  /** A run's displacement the shaft holds, end to end and its slack (checked every moving step: see runImpossible). */
  withinShaft(displacementM: number): boolean {
    return Math.abs(displacementM) <= this.longestRunM;
  }

  /**
   * No car goes further than its shaft. A whole run may integrate further: a chip over-sensitive
   * within its tolerance (5 % over is 4.6 m on a 92 m run, beyond the shaft's slack), and the
   * drift a run may still carry when it stops, taken out only then. What goes further still is
   * a braking taken for a start, integrating on. `runS`: how long the run has gone, looked up
   * only for a run not withinShaft.
   */
  runImpossible(displacementM: number, runS: number): boolean {
    return !this.withinShaft(displacementM) && Math.abs(displacementM) > this.longestRunM + (STOP_RESIDUAL_FLOOR_MPS * runS) / 2;
  }

  /** A run that went `sinceEdgeM` from its last door-zone edge (or its start) went further than any two edges are apart. */
  edgeless(sinceEdgeM: number): boolean {
    return Math.abs(sinceEdgeM) > this.longestEdgelessM;
  }

  /**
   * m: how far off the span from an earlier edge of the run would be, were the run placed a
   * landing out either way (nothing where the storeys between are alike): the doubt of a known
   * span no placement confirms (see LevelingEstimator's anchor). Not a placing the run's own
   * integration rules out (beyond `maxError` of the chip): a span it could have read only with a
   * chip beyond its tolerance (a lobby storey half as tall again as the next).
   */
  misplacedSpanM(anchor: RunEdge, edge: Pick<RunEdge, "landing" | "knownM" | "integratedM">, maxError: number): number {
    const landings = this.landingsM;
    const integratedSpanM = edge.integratedM - anchor.integratedM;
    const knownSpanM = edge.knownM - anchor.knownM;
    let doubtM = 0;
    for (const shift of [-1, 1]) {
      const [from, to] = [landings[anchor.landing + shift], landings[edge.landing + shift]];
      if (from === undefined || to === undefined) continue;
      const offM = to - from - (landings[edge.landing] - landings[anchor.landing]);
      if (Math.abs(integratedSpanM / (knownSpanM + offM) - 1) <= maxError) doubtM = Math.max(doubtM, Math.abs(offM));
    }
    return doubtM;
  }
}
