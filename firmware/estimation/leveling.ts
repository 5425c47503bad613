/**
 * How far from its landing the car stopped, in millimetres, from the last door-zone edge
 * it crossed (a known height) and the acceleration after it. Speed is integrated backwards
 * from the stop, where it is known to be zero, so no speed error from the run carries in;
 * what remains is a second or two of integration (its noise, and an offset the gravity at
 * rest left), and how well the edge's moment is known (exactly where the driver timed it;
 * within the poll interval that saw it otherwise).
 */
import { ColumnRing } from "../conditioning/column-ring.ts";
import { round } from "../rounding.ts";

const TIME = 0;
const ACCELERATION = 1;
/** s before rest over which the car must be quiet: longer than a jump's push (people bounce a car at 1-3 Hz). */
const STILL_S = 0.25;

export class LevelingEstimator {
  /** (t, vertical acceleration) rows, the last `capacity` of them */
  private readonly samples: ColumnRing;
  private edge?: { t: number; position: number; landingM: number; uncertaintyS: number };

  /**
   * `capacity`: samples kept (enough for the slowest approach from a zone edge to rest).
   * `offsetUncertaintyMps2`: how far the readings' offset in a run may differ from the gravity
   * learnt at rest (one σ, motion.run_offset_uncertainty_mps2).
   */
  constructor(
    capacity: number,
    private readonly offsetUncertaintyMps2 = 0,
  ) {
    this.samples = new ColumnRing(2, capacity);
  }

  /** Vertical acceleration, m/s², + up, gravity removed. */
  push(t: number, acceleration: number): void {
    const slot = this.samples.appendOverOldest();
    this.samples.column(TIME)[slot] = t;
    this.samples.column(ACCELERATION)[slot] = acceleration;
  }

  /** The car entered a landing's door zone at `t` (known to `uncertaintyS`, one σ), at height `position`. */
  zoneEntered(t: number, position: number, landingM: number, uncertaintyS = 0): void {
    this.edge = { t, position, landingM, uncertaintyS };
  }

  /** A zone edge is known for the current approach. */
  get hasEdge(): boolean {
    return this.edge !== undefined;
  }

  forget(): void {
    this.edge = undefined;
  }

  /**
   * The car came to rest at `restT` (s): its offset from the landing, mm (+ above), or
   * undefined when unknown. Samples after `restT` are left out: the car was still then, and
   * integrating their noise would only add error. `quietMps2`: the car is still only where
   * the acceleration over the STILL_S before `restT` is within it (RMS); a car bouncing then
   * (people jumping as it arrived) has a speed the integration back from it would carry over
   * the whole approach, and is not measured. `referenceVariance`: (m/s²)², what the gravity
   * reference kept of the noise it averaged, an offset as the chip's is (see
   * GravityReference.offsetVariance).
   */
  stopped(restT = Infinity, quietMps2 = Infinity, referenceVariance = 0): LevelingMeasurement | undefined {
    const edge = this.edge;
    this.edge = undefined;
    const samples = this.samples;
    if (!edge || samples.size < 2 || restT <= edge.t || !(this.rmsBefore(restT) <= quietMps2)) return undefined;
    const times = samples.column(TIME);
    const accelerations = samples.column(ACCELERATION);
    let velocity = 0;
    let displacement = 0;
    let squaredSteps = 0;
    let steps = 0;
    // Newest to oldest, each sample with the one before it.
    for (let row = samples.size - 1; row >= 1; row--) {
      const index = samples.slot(row);
      const previous = samples.slot(row - 1);
      const t = times[index];
      if (t <= restT) {
        const dt = t - Math.max(times[previous], edge.t);
        const velocityBefore = velocity - ((accelerations[index] + accelerations[previous]) / 2) * dt;
        displacement += ((velocity + velocityBefore) / 2) * dt;
        velocity = velocityBefore;
        squaredSteps += (accelerations[index] - accelerations[previous]) ** 2;
        steps++;
      }
      if (times[previous] <= edge.t) {
        const spanS = Math.min(restT, times[samples.slot(samples.size - 1)]) - edge.t;
        // Noise (and vibration) of the readings, from sample-to-sample steps; a smooth ride adds little to them.
        const noise = steps > 0 ? Math.sqrt(squaredSteps / steps / 2) : 0;
        const interval = steps > 0 ? spanS / steps : 0;
        // Integrated twice, white noise of this size leaves σ = noise·√interval·T^1.5/√3 in
        // position; an edge known to δt is the distance the car went in it, at its speed then.
        const noiseSigma = (noise * Math.sqrt(interval) * spanS ** 1.5) / Math.sqrt(3);
        // An offset the gravity at rest did not take out, integrated twice: nothing over a brisk
        // stop's second, 15 mm over a slow crawl's 4.4 s (a false 36 mm fault claimed σ 4.5 mm).
        const offsetSigma = (Math.sqrt(this.offsetUncertaintyMps2 ** 2 + referenceVariance) * spanS * spanS) / 2;
        const sigma = Math.sqrt(noiseSigma ** 2 + (velocity * edge.uncertaintyS) ** 2 + offsetSigma ** 2);
        return { error_mm: round((edge.position + displacement - edge.landingM) * 1000, 1), uncertainty_mm: round(sigma * 1000, 1) };
      }
    }
    return undefined; // the edge is older than what is kept
  }

  /** RMS acceleration over the STILL_S up to `restT` (0 without samples there). */
  private rmsBefore(restT: number): number {
    const samples = this.samples;
    const times = samples.column(TIME);
    const accelerations = samples.column(ACCELERATION);
    let [sum, count] = [0, 0];
    for (let row = samples.size - 1; row >= 0; row--) {
      const index = samples.slot(row);
      if (times[index] > restT) continue;
      if (times[index] <= restT - STILL_S) break;
      sum += accelerations[index] ** 2;
      count++;
    }
    return count > 0 ? Math.sqrt(sum / count) : 0;
  }
}

export interface LevelingMeasurement {
  /** mm, + above the landing */
  error_mm: number;
  /** mm, one standard deviation of what sensor noise, the run's offset and the edge's timing leave in the measurement */
  uncertainty_mm: number;
}
