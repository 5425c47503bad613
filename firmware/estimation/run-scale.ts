/**
 * The current run's speed put right by the door-zone edges it passes. Between two edges the car
 * went a known distance (their heights), and integration made so much of it. The ratio takes
 * out what the chip's sensitivity got wrong (a chip that has not learnt it yet, see
 * AccelerometerScale, reads every speed a few per cent off), and, at the span's own mean speed,
 * the mean of what the readings' noise and the run's offset had added to the speed over the
 * span. So once a ratio is known, the speed doubts what they added since (see uncertaintyOf),
 * the edges' timing, and what the ratio misses at a speed other than the span's, where
 * integration alone doubts all they added since the start. A speed is put right by the span
 * whose middle is nearest it: the latest for the speed now, earlier ones for speeds judged again.
 *
 * A span runs between two edges at the same end of their vanes (both a zone's lower edge, or
 * both an upper one), so that the zones' configured height is in neither end; the latest at
 * least `minSpanM` long is used (longer ones time the edges better but reach further back). A
 * span counts only once it and the span next to it agree: a chip's sensitivity is the same on
 * every span, while a run placed a landing out (each edge matched to its neighbour's height)
 * gives each span the ratio of two different storeys, and one edge read late gives two spans
 * different ratios. A span whose own mean speed (its length over its time, whatever the chip
 * reads) is beyond `aloneAboveMps` by `aloneSigma` σ of its edges' timing counts alone: the
 * edges prove the car that fast, and a slow lift's spans, each long in time, may never agree
 * (the run's offset piles into the later one: two spans of a 0.4 m/s lift 5 % apart). Its
 * length is taken as short as a placement a landing out would make it, where the run's own
 * integration does not rule that out (see ShaftLimits.misplacedSpanM), and it never counts
 * alone where its edges were placed from a guessed landing, which may be more than one out: a
 * box that began a storey high on storeys 3.51 and 4.12 m took a car at its rated 0.57 m/s
 * for 0.67 m/s (a review helper's wrong carried landings).
 */

/** A chip's sensitivity is taken to be within this many σ of its tolerance (the ADXL345's ±10 % is 3 σ of 3.5 %). */
const CHIP_TOLERANCE_SIGMA = 3;

/** A door-zone edge a run passed, as RunScale keeps it. */
export interface RunEdge {
  /** s */
  t: number;
  /** the landing whose zone it bounds */
  landing: number;
  /** the upper end of its zone's vane (landing + half the zone), or the lower */
  upperEnd: boolean;
  /** m, its height in the shaft */
  knownM: number;
  /** placed from a landing guessed, not known (see ShaftPosition.carriedUnconfirmed): it may be a storey out */
  guessed: boolean;
  /** m, + up: the run as integrated then, the barometer's correction not in it */
  integratedM: number;
  /** m, one σ: how far off its place in the integration may be, from its timing */
  sigmaM: number;
  /** (m/s)²: the speed's random walk then (see InertialMotion.speedNoiseVariance) */
  noiseVariance: number;
  /** m/s, one σ: the integrated speed's own doubt then (see InertialMotion.speedUncertainty) */
  speedUncertainty: number;
}

export interface RunScaleSettings {
  /** m: a shorter span between edges is left out (a poll's timing is too much of it) */
  minSpanM: number;
  /** one σ of the chip's sensitivity (motion.accelerometer_scale_uncertainty): a ratio beyond its tolerance is an edge matched to the wrong landing */
  chipUncertainty: number;
  /** a ratio further than this (a fraction) from 1 is never a sensitivity error (motion.scale_max_error) */
  maxError: number;
  /** two spans agree when their ratios are within this fraction (motion.scale_agreement) */
  agreement: number;
  /** m/s: a span whose mean speed is beyond this (the overspeed limit) counts without agreement; Infinity: none does */
  aloneAboveMps: number;
  /** σ of its edges' timing by which its mean speed must be beyond aloneAboveMps (detection.overspeed_confidence_sigma) */
  aloneSigma: number;
  /** m: how far off the span between two edges would be were the run placed a landing out, chips within `maxError` (ShaftLimits.misplacedSpanM) */
  misplacedSpanM: (from: RunEdge, to: Pick<RunEdge, "landing" | "knownM" | "integratedM">, maxError: number) => number;
}

/** A span between two edges of a kind: its ratio, and what that ratio's doubt needs. */
interface Span {
  ratio: number;
  /** one σ of the ratio, from the edges' timing */
  ratioSigma: number;
  /** s, its start and end; (m/s)², the speed's noise variance at each */
  fromT: number;
  toT: number;
  fromVariance: number;
  toVariance: number;
  /** m/s: its true mean speed, and the integrated speed's doubt at its end */
  speed: number;
  speedSigma: number;
}

export class RunScale {
  private readonly edges: RunEdge[] = [];
  /** a span integrated further than this fraction off its known length is an edge matched wrongly, not the chip */
  readonly maxError: number;
  /** spans that agreed with the one before or after them, in time order */
  private readonly spans: Span[] = [];
  /** the last span, agreed or not */
  private last?: Span;
  private changes = 0;

  constructor(private readonly settings: RunScaleSettings) {
    this.maxError = Math.min(settings.maxError, CHIP_TOLERANCE_SIGMA * settings.chipUncertainty);
  }

  /** What the run's latest integrated speeds are multiplied by: 1 until two spans agreed. */
  get ratio(): number {
    return this.spans.at(-1)?.ratio ?? 1;
  }

  /** The largest ratio the edges may give: a chip reading maxError short. */
  get largestRatio(): number {
    return this.maxError < 1 ? 1 / (1 - this.maxError) : Infinity;
  }

  /** Counts the changes: speeds judged before one may be judged again. */
  get revision(): number {
    return this.changes;
  }

  /** Two spans agreed, and the speed is put right. */
  get known(): boolean {
    return this.spans.length > 0;
  }

  started(): void {
    this.edges.length = 0;
    this.spans.length = 0;
    this.last = undefined;
    this.changes++;
  }

  /** An edge the run passed: the span to it from the latest edge at the same end of a vane at least `minSpanM` away. */
  edge(edge: RunEdge): void {
    const earlier = this.spanStart(edge);
    this.edges.push(edge);
    if (!earlier) return;
    const knownSpanM = edge.knownM - earlier.knownM;
    const ratio = knownSpanM / (edge.integratedM - earlier.integratedM);
    // Integrated the other way, or too far off for a chip (its tolerance is on what it reads, 1 / ratio): an edge taken for the wrong landing, a jolt.
    if (!(Math.abs(1 / ratio - 1) <= this.maxError)) return;
    const span: Span = {
      ratio,
      ratioSigma: (ratio * Math.sqrt(earlier.sigmaM * earlier.sigmaM + edge.sigmaM * edge.sigmaM)) / Math.abs(knownSpanM),
      fromT: earlier.t,
      toT: edge.t,
      fromVariance: earlier.noiseVariance,
      toVariance: edge.noiseVariance,
      speed: Math.abs(knownSpanM) / (edge.t - earlier.t),
      speedSigma: edge.speedUncertainty,
    };
    const before = this.last;
    this.last = span;
    if (before && Math.abs(ratio - before.ratio) <= this.settings.agreement * ratio) {
      if (this.spans.at(-1) !== before) this.spans.push(before);
    } else if (!this.provenFast(span, earlier, edge)) return;
    this.spans.push(span);
    this.changes++;
  }

  /** The span's mean speed, as short as a placement a landing out makes it and its edges' timing doubted, is beyond aloneAboveMps; its edges placed from a known landing. */
  private provenFast(span: Span, from: RunEdge, to: RunEdge): boolean {
    if (from.guessed || to.guessed || !(span.speed > this.settings.aloneAboveMps)) return false;
    const knownSpanM = Math.abs(to.knownM - from.knownM);
    const speed = (span.speed * (knownSpanM - this.settings.misplacedSpanM(from, to, this.maxError))) / knownSpanM;
    const speedSigma = (span.speed * span.ratioSigma) / span.ratio;
    return speed - this.settings.aloneSigma * speedSigma > this.settings.aloneAboveMps;
  }

  /** m/s: an integrated speed at `t` as the span nearest it puts it right (as it is, before one). */
  speedOf(t: number, speedMps: number): number {
    return speedMps * (this.spanAt(t)?.ratio ?? 1);
  }

  /**
   * m/s, one σ of speedOf(`t`, `speedMps`); before a ratio is known, the integration's own
   * (`integrationMps`, see InertialMotion.speedUncertainty). After, from the span nearest `t`:
   * the edges' timing; the random walk's value then against its mean over the span
   * (`noiseVariance`: the run's so far, see walkAgainstMean); what the run's offset
   * (`offsetMps2`, one σ) added since the span's middle, or took away before it; and, at a speed
   * other than the span's mean, the share of the span's mean error the ratio took out in
   * proportion rather than whole (bounded by the integration's doubt at the span's end).
   */
  uncertaintyOf(t: number, speedMps: number, integrationMps: number, noiseVariance: number, offsetMps2: number): number {
    const span = this.spanAt(t);
    if (!span) return integrationMps;
    const walkVariance = walkAgainstMean(noiseVariance, span.fromVariance, span.toVariance);
    const offsetMps = offsetMps2 * (t - (span.fromT + span.toT) / 2);
    const otherSpeedMps = (1 - Math.abs(speedMps) / span.speed) * span.speedSigma;
    const fromSpeed = span.ratio * Math.sqrt(walkVariance + offsetMps * offsetMps + otherSpeedMps * otherSpeedMps);
    const fromScale = speedMps * span.ratioSigma;
    return Math.sqrt(fromSpeed * fromSpeed + fromScale * fromScale);
  }

  /** The agreed span whose middle is nearest `t`. */
  private spanAt(t: number): Span | undefined {
    let nearest: Span | undefined;
    for (const span of this.spans) {
      if (!nearest || Math.abs(t - (span.fromT + span.toT) / 2) < Math.abs(t - (nearest.fromT + nearest.toT) / 2)) nearest = span;
    }
    return nearest;
  }

  /**
   * The latest edge the run passed at least `minSpanM` below or above `knownM`, at either end
   * of its vane: an anchor for the leveling of a stop at the zone entered there (see
   * LevelingEstimator), where the zone's height is in the measurement already.
   */
  anchorFor(knownM: number): RunEdge | undefined {
    return this.latest((earlier) => Math.abs(knownM - earlier.knownM) >= this.settings.minSpanM);
  }

  /** The latest edge before `edge` at the same end of a vane, at least `minSpanM` from it. */
  private spanStart(edge: RunEdge): RunEdge | undefined {
    return this.latest((earlier) => earlier.upperEnd === edge.upperEnd && Math.abs(edge.knownM - earlier.knownM) >= this.settings.minSpanM);
  }

  private latest(fits: (edge: RunEdge) => boolean): RunEdge | undefined {
    for (let index = this.edges.length - 1; index >= 0; index--) if (fits(this.edges[index])) return this.edges[index];
    return undefined;
  }
}

/**
 * (m/s)²: the variance of a random walk's value against its mean over a span, the walk's own
 * variance (which grows as it goes) being `at` then, `from` and `to` at the span's ends: a third
 * of what it gained over the span at either end, less inside it, plus what it gained between
 * then and the span. (Brownian motion of steady rate q over a span of length D, at u into it:
 * q·(D/3 − u + u²/D). The walk's variance stands in for time: exact at a steady rate, as the
 * readings' noise is through a run; a rate that rose late in the span would make it low.)
 */
export function walkAgainstMean(at: number, from: number, to: number): number {
  const span = to - from;
  if (at >= to) return at - to + span / 3;
  if (at <= from) return from - at + span / 3;
  const into = at - from;
  return span / 3 - into + (into * into) / span;
}
