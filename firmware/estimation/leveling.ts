/**
 * How far from its landing the car stopped, in millimetres, from the last door-zone edge
 * it crossed (a known height) and the acceleration after it. Speed is integrated backwards
 * from the stop, where it is known to be zero, so no speed error from the run carries in;
 * what remains is a second or two of integration (its noise, and an offset the gravity at
 * rest left), and how well the edge's moment is known (exactly where the driver timed it;
 * within the poll interval that saw it otherwise).
 *
 * And the chip's sensitivity: a chip 5 % off reads the 0.25 m from the edge to rest 12 mm off,
 * and one whose sensitivity the box has not learnt yet (see AccelerometerScale) may be. Where
 * the run passed an earlier edge, the integration goes on back to it: the two edges' known
 * span against the integrated one takes the scale out, for the noise and offset of a longer
 * integration (see anchoredMeasurement). Whichever of the two measurements is the surer is
 * the one given.
 */
import { ColumnRing } from "../conditioning/column-ring.ts";
import { round } from "../rounding.ts";
import type { RunEdge } from "./run-scale.ts";

const TIME = 0;
const ACCELERATION = 1;
/** s before rest over which the car must be quiet: longer than a jump's push (people bounce a car at 1-3 Hz). */
const STILL_S = 0.25;

export class LevelingEstimator {
  /** (t, vertical acceleration) rows, the last `capacity` of them */
  private readonly samples: ColumnRing;
  private edge?: ZoneEdge;

  /**
   * `capacity`: samples kept (enough for the slowest approach from a zone edge to rest, and
   * from an anchor before it). `offsetUncertaintyMps2`: how far the readings' offset in a run
   * may differ from the gravity learnt at rest (one σ, motion.run_offset_uncertainty_mps2).
   * `maxScaleError`: an anchored span integrated further than this fraction off its known
   * length is an edge matched wrongly, not the chip's scale (see RunScale.maxError).
   */
  constructor(
    capacity: number,
    private readonly offsetUncertaintyMps2 = 0,
    private readonly maxScaleError = 0.1,
  ) {
    this.samples = new ColumnRing(2, capacity);
  }

  /** Vertical acceleration, m/s², + up, gravity removed. */
  push(t: number, acceleration: number): void {
    const slot = this.samples.appendOverOldest();
    this.samples.column(TIME)[slot] = t;
    this.samples.column(ACCELERATION)[slot] = acceleration;
  }

  /**
   * The car entered a landing's door zone at `t`, at height `position`. `uncertaintyS`: one σ
   * of `t`. `scaleUncertainty`: one σ of the chip's sensitivity as the readings have it then
   * (a fraction), which is as much of the approach's length; taken now, as the approach is read
   * (the stop it ends may teach the sensitivity, which its readings did not have). `anchor`: an
   * edge the run passed before, far enough for its span to tell the chip's scale.
   */
  zoneEntered(t: number, position: number, landingM: number, { uncertaintyS = 0, scaleUncertainty = 0, anchor }: EdgeDoubts = {}): void {
    this.edge = { t, position, landingM, uncertaintyS, scaleUncertainty, anchor };
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
   *
   * Where the zone's edge came with an anchor (an earlier edge of the run, see zoneEntered),
   * the integration goes on back to it: the known span between the two puts the chip's scale
   * right, and that measurement is taken where it is the surer (see anchoredMeasurement).
   */
  stopped(restT = Infinity, quietMps2 = Infinity, referenceVariance = 0): LevelingMeasurement | undefined {
    const measured = this.measuredAt(restT, quietMps2, referenceVariance);
    this.edge = undefined;
    return measured;
  }

  /** As stopped(), the edge kept for a later measurement of the same stop. */
  measuredAt(restT = Infinity, quietMps2 = Infinity, referenceVariance = 0): LevelingMeasurement | undefined {
    const edge = this.edge;
    const samples = this.samples;
    if (!edge || samples.size < 2 || restT <= edge.t || !this.stillAt(restT, quietMps2)) return undefined;
    const times = samples.column(TIME);
    const accelerations = samples.column(ACCELERATION);
    const stopT = Math.min(restT, times[samples.slot(samples.size - 1)]);
    const anchor = edge.anchor !== undefined && edge.anchor.t < edge.t ? edge.anchor : undefined;
    let boundaryT = edge.t;
    let velocity = 0;
    let displacement = 0;
    let squaredSteps = 0;
    let steps = 0;
    let approach: BackIntegration | undefined;
    const integrate = (meanAcceleration: number, dt: number) => {
      const velocityBefore = velocity - meanAcceleration * dt;
      displacement += ((velocity + velocityBefore) / 2) * dt;
      velocity = velocityBefore;
    };
    // Newest to oldest, each sample with the one before it: back to the edge, then on to the anchor.
    for (let row = samples.size - 1; row >= 1; row--) {
      const index = samples.slot(row);
      const previous = samples.slot(row - 1);
      const t = times[index];
      const meanAcceleration = (accelerations[index] + accelerations[previous]) / 2;
      if (t <= restT) {
        integrate(meanAcceleration, t - Math.max(times[previous], boundaryT));
        squaredSteps += (accelerations[index] - accelerations[previous]) ** 2;
        steps++;
      }
      if (times[previous] > boundaryT) continue;
      if (!approach) {
        approach = backIntegration(displacement, velocity, stopT - edge.t, squaredSteps, steps, stopT - edge.t);
        if (!anchor) break;
        // On to the anchor, from what of this pair of samples lies before the edge.
        boundaryT = anchor.t;
        if (t <= restT) integrate(meanAcceleration, edge.t - Math.max(times[previous], boundaryT));
        [squaredSteps, steps] = [0, 0];
        if (times[previous] > boundaryT) continue;
      }
      const span = backIntegration(displacement, velocity, stopT - boundaryT, squaredSteps, steps, edge.t - boundaryT);
      return this.surer(edge, approach, referenceVariance, span);
    }
    // The edge is older than what is kept, or the anchor is.
    return approach && this.surer(edge, approach, referenceVariance);
  }

  /** The measurement from the edge alone, or the one its anchor puts right where that is the surer. */
  private surer(edge: ZoneEdge, approach: BackIntegration, referenceVariance: number, span?: BackIntegration): LevelingMeasurement {
    const offsetMps2 = Math.sqrt(this.offsetUncertaintyMps2 ** 2 + referenceVariance);
    const alone = edgeMeasurement(edge, approach, offsetMps2);
    const anchored = span && edge.anchor ? anchoredMeasurement(edge, edge.anchor, approach, span, offsetMps2, this.maxScaleError) : undefined;
    const surer = anchored && anchored.sigmaM < alone.sigmaM ? anchored : alone;
    return { error_mm: round((edge.position + surer.fromEdgeM - edge.landingM) * 1000, 1), uncertainty_mm: round(surer.sigmaM * 1000, 1) };
  }

  /** The car was still up to `t`: the acceleration over the STILL_S before it within `quietMps2` (RMS). */
  stillAt(t: number, quietMps2: number): boolean {
    return this.rmsBefore(t) <= quietMps2;
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
  /** mm, one standard deviation of what sensor noise, the run's offset, the edges' timing and the chip's scale leave in the measurement */
  uncertainty_mm: number;
}

/**
 * An earlier door-zone edge of the run: when, its height, and how far off its place in the run
 * may be from its timing; `spanDoubtM`: how far off the known span from it may be (m, one σ).
 */
export type LevelingAnchor = Pick<RunEdge, "t" | "knownM" | "sigmaM"> & { spanDoubtM: number };

/** What a zone's edge leaves in doubt, besides the readings (see zoneEntered). */
export interface EdgeDoubts {
  uncertaintyS?: number;
  scaleUncertainty?: number;
  anchor?: LevelingAnchor;
}

interface ZoneEdge {
  t: number;
  position: number;
  landingM: number;
  uncertaintyS: number;
  scaleUncertainty: number;
  anchor?: LevelingAnchor;
}

/** The integration from rest back to an edge. */
interface BackIntegration {
  /** m, + up: from the edge to rest, as integrated */
  displacementM: number;
  /** m/s: the speed at the edge, as integrated back */
  velocity: number;
  /** s, from the edge to rest */
  spanS: number;
  /** (m/s²)²·s: the readings' noise as a random walk's rate over the last stretch integrated (white noise: σ²·interval) */
  walkRate: number;
}

function backIntegration(displacementM: number, velocity: number, spanS: number, squaredSteps: number, steps: number, stretchS: number): BackIntegration {
  // Noise (and vibration) of the readings, from sample-to-sample steps; a smooth ride adds little to them.
  const noiseSquared = steps > 0 ? squaredSteps / steps / 2 : 0;
  return { displacementM, velocity, spanS, walkRate: steps > 0 ? (noiseSquared * stretchS) / steps : 0 };
}

/** m from the edge to rest and its σ. */
interface FromEdge {
  fromEdgeM: number;
  sigmaM: number;
}

/**
 * From the edge alone. Integrated twice, white noise leaves σ² = rate·T³/3 in position; an
 * edge known to δt is the distance the car went in it, at its speed then; an offset the gravity
 * at rest did not take out, integrated twice, ½·b·T² (nothing over a brisk stop's second,
 * 15 mm over a slow crawl's 4.4 s: a false 36 mm fault claimed σ 4.5 mm); the chip's scale, as
 * much of the distance.
 */
function edgeMeasurement(edge: ZoneEdge, approach: BackIntegration, offsetMps2: number): FromEdge {
  const { displacementM, velocity, spanS, walkRate } = approach;
  const noiseSigma = Math.sqrt((walkRate * spanS ** 3) / 3);
  const offsetSigma = (offsetMps2 * spanS * spanS) / 2;
  const scaleSigma = edge.scaleUncertainty * displacementM;
  return { fromEdgeM: displacementM, sigmaM: Math.sqrt(noiseSigma ** 2 + (velocity * edge.uncertaintyS) ** 2 + offsetSigma ** 2 + scaleSigma ** 2) };
}

/**
 * From the edge, its distance to rest scaled by the anchor's known span over the integrated
 * one: the chip's scale is in both, and cancels. What is left, to first order, with k the
 * distance to rest over the span: the noise at the edge (1 + k) times, less k times the noise
 * at the anchor, the two correlated as one walk integrated back from rest; the offset's
 * ½·b·(Te² − k·(T1² − Te²)), much of it cancelled too; the edges' timing; and k times the
 * known span's own doubt (a run placed a landing out in a building whose storeys differ gives
 * a ratio as confident as a right one). Undefined where the span is further off than a chip
 * can be (an edge matched to the wrong landing).
 */
function anchoredMeasurement(edge: ZoneEdge, anchor: LevelingAnchor, approach: BackIntegration, span: BackIntegration, offsetMps2: number, maxScaleError: number): FromEdge | undefined {
  const knownSpanM = edge.position - anchor.knownM;
  const ratio = knownSpanM / (span.displacementM - approach.displacementM);
  // The chip's tolerance is on what it reads: 1 / ratio.
  if (!(Math.abs(1 / ratio - 1) <= maxScaleError)) return undefined;
  const fromEdgeM = ratio * approach.displacementM;
  const k = fromEdgeM / knownSpanM;
  const [edgeS, anchorS] = [approach.spanS, span.spanS];
  // Integrated Brownian motion, back from rest: Var(X(T)) = ∫ q(u)(T − u)² du, Cov(X(Te), X(T1)) = q·Te²·(3·T1 − Te)/6.
  const edgeVariance = (approach.walkRate * edgeS ** 3) / 3;
  const anchorVariance = (approach.walkRate * (anchorS ** 3 - (anchorS - edgeS) ** 3)) / 3 + (span.walkRate * (anchorS - edgeS) ** 3) / 3;
  const covariance = (approach.walkRate * edgeS * edgeS * (3 * anchorS - edgeS)) / 6;
  const noiseVariance = (1 + k) ** 2 * edgeVariance + k * k * anchorVariance - 2 * (1 + k) * k * covariance;
  const offsetSigma = (offsetMps2 * (edgeS * edgeS - k * (anchorS * anchorS - edgeS * edgeS))) / 2;
  const timingVariance = ((1 + k) * approach.velocity * edge.uncertaintyS) ** 2 + (k * anchor.sigmaM) ** 2;
  const spanSigma = k * anchor.spanDoubtM;
  return { fromEdgeM, sigmaM: Math.abs(ratio) * Math.sqrt(Math.max(0, noiseVariance) + offsetSigma ** 2 + timingVariance + spanSigma ** 2) };
}
