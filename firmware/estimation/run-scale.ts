/**
 * The current run's speed put right by the door-zone edges it passes. Between two edges the car
 * went a known distance (their heights), and integration made so much of it. The ratio takes
 * out what the chip's sensitivity got wrong (a chip that has not learnt it yet, see
 * AccelerometerScale, reads every speed a few per cent off), and with it the mean of what the
 * readings' noise and the run's offset had added to the speed over the span. So from a run's
 * second edge of a kind on, its speed doubts only what they added since (see uncertaintyOf)
 * and the edges' timing, where integration alone doubts all they added since the start. The
 * latest span of at least `minSpanM` is used: longer ones time the edges better but reach
 * further back.
 */

/** A door-zone edge a run passed, as RunScale keeps it. */
export interface RunEdge {
  /** s */
  t: number;
  /** into a zone, or out of one */
  entered: boolean;
  /** m, its height in the shaft */
  knownM: number;
  /** m, + up: the run as integrated then, the barometer's correction not in it */
  integratedM: number;
  /** m, one σ: how far off its place in the integration may be, from its timing */
  sigmaM: number;
  /** (m/s)²: the speed's random walk then (see InertialMotion.speedNoiseVariance) */
  noiseVariance: number;
}

export class RunScale {
  private readonly edges: RunEdge[] = [];
  private scale = 1;
  private scaleSigma = 0;
  private changes = 0;
  /** the span the ratio is from: its start and end (s), and the speed's noise variance at each */
  private fromT = NaN;
  private toT = NaN;
  private fromVariance = 0;
  private toVariance = 0;

  constructor(
    /** m: a shorter span between edges is left out (a poll's timing is too much of it) */
    private readonly minSpanM: number,
    /** a ratio further than this (a fraction) from 1 is no sensitivity error (an edge matched to the wrong landing): left out */
    private readonly maxError: number,
  ) {}

  /** What the run's integrated speed is multiplied by: 1 until two edges far enough apart were passed. */
  get ratio(): number {
    return this.scale;
  }

  /** The largest ratio the edges may give. */
  get largestRatio(): number {
    return 1 + this.maxError;
  }

  /** Counts the ratio's changes: speeds judged on the old one may be judged again. */
  get revision(): number {
    return this.changes;
  }

  /** Two edges far enough apart have put the speed right. */
  get known(): boolean {
    return !Number.isNaN(this.toT);
  }

  started(): void {
    this.edges.length = 0;
    this.scale = 1;
    this.scaleSigma = 0;
    this.fromT = this.toT = NaN;
    this.changes++;
  }

  /**
   * An edge the run passed. The span to it is from the latest edge of the same kind (into a zone,
   * or out of one) at least `minSpanM` away: a zone's height as configured is then in neither
   * end, and a vane a few cm longer or shorter than that changes nothing.
   */
  edge(edge: RunEdge): void {
    for (let index = this.edges.length - 1; index >= 0; index--) {
      const earlier = this.edges[index];
      const knownSpanM = edge.knownM - earlier.knownM;
      if (earlier.entered !== edge.entered || Math.abs(knownSpanM) < this.minSpanM) continue;
      const ratio = knownSpanM / (edge.integratedM - earlier.integratedM);
      // Integrated the other way, or too far off for a chip: an edge taken for the wrong landing, a jolt.
      if (!(Math.abs(ratio - 1) <= this.maxError)) break;
      this.scale = ratio;
      this.scaleSigma = (ratio * Math.sqrt(earlier.sigmaM * earlier.sigmaM + edge.sigmaM * edge.sigmaM)) / Math.abs(knownSpanM);
      this.fromT = earlier.t;
      this.fromVariance = earlier.noiseVariance;
      this.toT = edge.t;
      this.toVariance = edge.noiseVariance;
      this.changes++;
      break;
    }
    this.edges.push(edge);
  }

  /** m/s: an integrated speed as the span puts it right (as it is, before one). */
  speedOf(speedMps: number): number {
    return speedMps * this.scale;
  }

  /**
   * m/s, one σ of speedOf(`speedMps`) integrated at `t`; before a span, the integration's own
   * (`integrationMps`, see InertialMotion.speedUncertainty). After one: the edges' timing; the
   * random walk's value then against its mean over the span (`noiseVariance`: the run's so far,
   * see walkAgainstMean); and what the run's offset (`offsetMps2`, one σ) added since the
   * span's middle, or took away before it.
   */
  uncertaintyOf(t: number, speedMps: number, integrationMps: number, noiseVariance: number, offsetMps2: number): number {
    if (!this.known) return integrationMps;
    const walkVariance = walkAgainstMean(noiseVariance, this.fromVariance, this.toVariance);
    const offsetMps = offsetMps2 * (t - (this.fromT + this.toT) / 2);
    const fromSpeed = this.scale * Math.sqrt(walkVariance + offsetMps * offsetMps);
    const fromScale = speedMps * this.scaleSigma;
    return Math.sqrt(fromSpeed * fromSpeed + fromScale * fromScale);
  }
}

/**
 * (m/s)²: the variance of a random walk's value against its mean over a span, the walk's own
 * variance (which grows as it goes) being `at` then, `from` and `to` at the span's ends: a third
 * of what it gained over the span at either end, less inside it, plus what it gained between
 * then and the span. (Brownian motion of steady rate q over a span of length D, at u into it:
 * q·(D/3 − u + u²/D).)
 */
function walkAgainstMean(at: number, from: number, to: number): number {
  const span = to - from;
  if (at >= to) return at - to + span / 3;
  if (at <= from) return from - at + span / 3;
  const into = at - from;
  return span / 3 - into + (into * into) / span;
}
