import { describe, expect, it } from "vitest";
import { configSchema, defaultConfig } from "../../../firmware/config/schema.ts";
import { OverspeedDetector, type Overspeed, type RunSpeed } from "../../../firmware/detectors/overspeed.ts";
import { RunScale, walkAgainstMean, type RunEdge } from "../../../firmware/estimation/run-scale.ts";
import { ShaftLimits } from "../../../firmware/estimation/shaft-limits.ts";

const { detection } = defaultConfig();
/**
 * Spans of 2 m or more; ratios within 3 × 3.5 % of 1; spans agree within 2 %; one alone counts
 * where its mean speed is beyond the overspeed limit of a lift rated `ratedMps` (as the pipeline
 * wires it), by two σ of its edges' timing, its length doubted by a placement a landing out
 * among `landings` (zones ±0.1 m).
 */
function runScale(ratedMps = Infinity, landings: number[] = []): RunScale {
  const limits = new ShaftLimits(configSchema.parse({ lift: { landings_m: landings, door_zone_half_m: 0.1 } }));
  const alone = { aloneAboveMps: detection.overspeed_factor * ratedMps, aloneSigma: detection.overspeed_confidence_sigma, misplacedSpanM: limits.misplacedSpanM.bind(limits) };
  return new RunScale({ minSpanM: 2, chipUncertainty: 0.035, maxError: 0.2, agreement: 0.02, ...alone });
}
const at = (t: number, speed: number, uncertainty = 0): RunSpeed => ({ t, speed, uncertainty, noiseVariance: 0, offsetMps2: 0 });

describe("overspeed", () => {
  it("is raised once per run at each level the speed stays beyond, and re-armed by a new run", () => {
    const detector = new OverspeedDetector(detection, 1.0, runScale());
    const found = [];
    for (let t = 0; t < 3; t += 0.01) {
      const result = detector.update(at(t, -Math.min(1.5, t)));
      if (result) found.push(result);
    }
    // Past the limit (1.15 × rated), then on past the second level (1.4 ×): each once, with its own onset.
    expect(found.map(({ onset, limit_mps, severe }) => ({ onset: Math.round(onset * 100) / 100, limit_mps, severe }))).toEqual([
      { onset: expect.closeTo(1.16, 1), limit_mps: 1.15, severe: false },
      { onset: expect.closeTo(1.41, 1), limit_mps: 1.4, severe: true },
    ]);
    expect(found[1].speed_mps).toBeGreaterThan(1.4);
    detector.rearm();
    expect([0, 0.05, 0.11, 0.2].map((t) => detector.update(at(t, 1.3))).filter(Boolean)).toHaveLength(1);
  });

  it("is raised once where the speed is past the second level by the time it has held beyond the limit", () => {
    const detector = new OverspeedDetector(detection, 1.0, runScale());
    const found = [0, 0.05, 0.11, 0.2, 0.3, 0.5, 1].map((t) => detector.update(at(t, 1.6))).filter(Boolean);
    expect(found).toEqual([expect.objectContaining({ severe: true, limit_mps: 1.15, speed_mps: 1.6 })]);
  });

  it("stays quiet below the limit and on a one-sample spike", () => {
    const detector = new OverspeedDetector(detection, 1.6, runScale());
    for (let t = 0; t < 5; t += 0.01) expect(detector.update(at(t, t === 2 ? 5 : 1.6))).toBeUndefined();
  });

  it("needs the speed beyond the limit by two σ of its own uncertainty", () => {
    // Limit 1.84 m/s: 1.9 is beyond it, but not by 2 × 0.05.
    const unsure = new OverspeedDetector(detection, 1.6, runScale());
    for (let t = 0; t < 1; t += 0.01) expect(unsure.update(at(t, 1.9, 0.05))).toBeUndefined();
    const sure = new OverspeedDetector(detection, 1.6, runScale());
    expect([0, 0.05, 0.11].map((t) => sure.update(at(t, 1.9, 0.02))).filter(Boolean)).toHaveLength(1);
  });
});

interface Run {
  /** what the chip reads of the truth */
  sensitivity: number;
  /** m/s, the true speed's magnitude at t (s) */
  trueSpeed: (t: number) => number;
  seconds: number;
  /** (m/s)² a second: the speed's random walk; m/s²: the run's offset (one σ) */
  walk: number;
  offset: number;
  /** the door-zone sensor's edges reach the run's scale */
  edges: boolean;
  /** landing heights, m (zones ±0.1 m); the run starts at rest at the first (going up) or the last (going down) */
  landings?: number[];
  down?: boolean;
  /** m: the landings as the box places the edges, if not where they are (a run placed a landing out) */
  placed?: number[];
  /** the edges were placed from a landing the box guessed (a restart's carried one) */
  guessed?: boolean;
  /** m/s²: the run's offset as it was, in the integrated speed and the edges' places (none: as the chip read) */
  drift?: number;
  /** a span whose mean speed is past the limit counts alone (as the pipeline wires it); false: none does */
  alone?: boolean;
}

/** A run integrated by a chip, at 100 steps a second, its edges at the zones it passes: what overspeed raised. */
function run({ sensitivity, trueSpeed, seconds, walk, offset, edges, landings = [0, 3, 6, 9, 12, 15, 18], down = false, placed = landings, guessed = false, drift = 0, alone = true }: Run): Overspeed[] {
  const scale = runScale(alone ? 1.0 : Infinity, landings);
  const detector = new OverspeedDetector(detection, 1.0, scale);
  scale.started();
  detector.rearm();
  const found: Overspeed[] = [];
  const sign = down ? -1 : 1;
  const start = down ? landings[landings.length - 1] : landings[0];
  let travelled = 0;
  for (let step = 1; step <= seconds * 100; step++) {
    const t = step / 100;
    const before = start + sign * travelled;
    travelled += trueSpeed(t) / 100;
    const now = start + sign * travelled;
    const uncertainty = Math.hypot(Math.sqrt(walk * t), offset * t);
    landings.forEach((height, landing) => {
      for (const side of [-1, 1]) {
        const edgeM = height + side * 0.1;
        if (!edges || (before - edgeM) * (now - edgeM) > 0 || now === edgeM) continue;
        const knownM = placed[landing] + side * 0.1;
        const integratedM = sensitivity * (edgeM - start) + (sign * drift * t * t) / 2;
        const edge: RunEdge = { t, landing, upperEnd: side > 0, knownM, guessed, integratedM, sigmaM: 0.001, noiseVariance: walk * t, speedUncertainty: uncertainty };
        scale.edge(edge);
      }
    });
    const result = detector.update({ t, speed: sign * (sensitivity * trueSpeed(t) + drift * t), uncertainty, noiseVariance: walk * t, offsetMps2: offset });
    if (result) found.push(result);
  }
  return found;
}

const noisy = { walk: 1e-4, offset: 0.004 };
const quiet = { walk: 1e-5, offset: 0.001 };
/** At its rated 1 m/s past landing 1 (3 m), then 1.25 m/s from 4.25 s: beyond the limit (1.15 m/s) from 4.15 s, read 5 % low as 1.19 m/s. */
const overspeeding = (t: number) => (t < 4 ? Math.min(1, t) : Math.min(1.25, 1 + (t - 4)));

describe("overspeed judged on the run's own scale", () => {
  it("finds the overspeed a chip reading 5 % low hides, once two spans agree on the run's scale, dated from its start", () => {
    expect(run({ sensitivity: 0.95, trueSpeed: overspeeding, seconds: 9, ...noisy, edges: false })).toEqual([]);
    const [found, ...more] = run({ sensitivity: 0.95, trueSpeed: overspeeding, seconds: 9, ...noisy, edges: true });
    expect(more).toEqual([]);
    // Raised on leaving landing 2's zone (6.1 m, 6.11 s), the second span, dated from when the speed passed the limit.
    expect(found.onset).toBeGreaterThan(4.1);
    expect(found.onset).toBeLessThan(4.4);
    expect(found.speed_mps).toBeCloseTo(1.25, 2);
  });

  it("raises an overspeed that was over before the edges that tell it came", () => {
    // 1.25 m/s from 4.25 s to 5 s, 1 m/s again from 5.25 s: over before the second span ends at 6.3 s.
    const burst = (t: number) => (t < 5 ? overspeeding(t) : Math.max(1, 1.25 - (t - 5)));
    expect(run({ sensitivity: 0.95, trueSpeed: burst, seconds: 9, ...noisy, edges: false })).toEqual([]);
    const found = run({ sensitivity: 0.95, trueSpeed: burst, seconds: 9, ...noisy, edges: true });
    expect(found).toHaveLength(1);
    expect(found[0].onset).toBeGreaterThan(4.1);
    expect(found[0].onset).toBeLessThan(4.4);
  });

  it("finds it going down as going up", () => {
    const [found, ...more] = run({ sensitivity: 0.95, trueSpeed: overspeeding, seconds: 9, ...noisy, edges: true, down: true });
    expect(more).toEqual([]);
    expect(found.onset).toBeGreaterThan(4.1);
    expect(found.onset).toBeLessThan(4.4);
  });

  it("raises nothing for a fast run within the limit that a chip reading 5 % high reads beyond it, once its edges are known", () => {
    // 1 m/s past landings 1 and 2, then 1.13 m/s from 7.13 s (read as 1.187, beyond 1.15).
    const speeding = (t: number) => (t < 7 ? Math.min(1, t) : Math.min(1.13, 1 + (t - 7)));
    expect(run({ sensitivity: 1.05, trueSpeed: speeding, seconds: 14, ...quiet, edges: false })).toHaveLength(1);
    expect(run({ sensitivity: 1.05, trueSpeed: speeding, seconds: 14, ...quiet, edges: true })).toEqual([]);
  });

  it("takes no scale from a run placed a landing out, whose spans are of different storeys", () => {
    // Storeys of 3.59-4.2 m, the edges matched to the landing below each: every span a storey off,
    // 7 % on the first. At 1.08 × rated it would read 1.15 × and more.
    const landings = [0, 3.59, 7.43, 10.23, 14.43, 18.02];
    const placed = [-3.84, 0, 3.59, 7.43, 10.23, 14.43];
    const steady = (t: number) => Math.min(1.08, t);
    expect(run({ sensitivity: 1, trueSpeed: steady, seconds: 15, ...quiet, edges: true, landings })).toEqual([]);
    expect(run({ sensitivity: 1, trueSpeed: steady, seconds: 15, ...quiet, edges: true, landings, placed, guessed: true })).toEqual([]);
  });

  it("puts the speed right on one span whose edges alone time the car past the limit, where the run's offset keeps two from agreeing", () => {
    // Three landings, so a span at each end of the vanes: 0.1-3.1 m and 2.9-5.9 m. The run's
    // offset (the speed drifting down 0.015 m/s²) integrates into the later more: ratios 1.080
    // and 1.111, 2.9 % apart. The second's edges time the car at 1.25 m/s, past 1.15.
    const fast = (t: number) => Math.min(1.25, t);
    // Until 5.45 s, short of landing 2's upper edge (6.1 m): a third span would agree with the second.
    const lift = { sensitivity: 0.95, trueSpeed: fast, seconds: 5.45, ...noisy, edges: true, landings: [0, 3, 6], drift: -0.015 };
    expect(run({ ...lift, alone: false })).toEqual([]);
    const [found, ...more] = run(lift);
    expect(more).toEqual([]);
    // Beyond the limit from 1.15 s; the speeds kept since are judged again on that span's ratio.
    expect(found.onset).toBeGreaterThan(1.1);
    expect(found.onset).toBeLessThan(2);
    expect(found.speed_mps).toBeCloseTo(1.25, 1);
    // Not on a landing guessed: a storey out, the span's length is another storey's.
    expect(run({ ...lift, guessed: true })).toEqual([]);
  });

  it("takes no span alone that a placement a landing out, which its integration allows, would make too short to prove the car fast", () => {
    // One span between the upper ends of landings 1 and 2's zones, alone: does it count?
    const counts = (ratedMps: number, landings: number[], integratedM: number, seconds: number) => {
      const scale = runScale(ratedMps, landings);
      scale.started();
      const edge = (t: number, landing: number, atM: number) => scale.edge({ t, landing, upperEnd: true, knownM: landings[landing] + 0.1, guessed: false, integratedM: atM, sigmaM: 0.001, noiseVariance: 0, speedUncertainty: 0 });
      edge(1, 1, 0.3);
      edge(1 + seconds, 2, 0.3 + integratedM);
      return scale.known;
    };
    // A review helper's box begun a landing high (storeys 3.51, 4.12 and 3.37 m): the car went
    // 3.51 m at its rated 0.57 m/s, taken as 4.12, 0.669 m/s past a limit of 0.656. A chip 6 %
    // high read 3.72 m, which fits 3.51 and 3.37 as well as 4.12 (within 10.5 %): the span may
    // be 0.75 m shorter, and then 0.547 m/s.
    expect(counts(0.57, [0, 3.51, 7.63, 11], 3.72, 3.51 / 0.57)).toBe(false);
    // Storeys of 3.32 and 4.2 m, a chip 5 % low and the run's offset reading 4.2 m as 3.78: no
    // chip within its tolerance reads 3.32 so, and a 0.4 m/s lift at 0.5 m/s is proved past 0.46.
    expect(counts(0.4, [0, 3.32, 7.52], 3.78, 4.2 / 0.5)).toBe(true);
    expect(counts(0.4, [0, 3.32, 7.52], 3.78, 4.2 / 0.4)).toBe(false);
  });

  it("raises nothing for the same run within the limit, whose spans neither agree nor prove it fast", () => {
    // The same run within the limit (1.12 m/s, read 1.064 less the drift), short of 6.1 m: no span proves it fast, nor do two agree.
    const within = (t: number) => Math.min(1.12, t);
    expect(run({ sensitivity: 0.95, trueSpeed: within, seconds: 5.95, ...noisy, edges: true, landings: [0, 3, 6], drift: -0.015 })).toEqual([]);
  });

  it("takes no ratio from spans too short, of edges at different ends of their vanes, or further from 1 than a chip can be, nor from one span alone", () => {
    const scale = runScale();
    scale.started();
    const edge = (t: number, upperEnd: boolean, knownM: number, integratedM: number) => scale.edge({ t, landing: 0, upperEnd, knownM, guessed: false, integratedM, sigmaM: 0.001, noiseVariance: 0, speedUncertainty: 0 });
    edge(1, true, 0.1, 0.1);
    edge(3, false, 2.9, 2.8); // the other end
    edge(3.2, true, 3.1, 3.0); // one span: 3 / 2.9
    expect(scale.known).toBe(false);
    edge(6, false, 5.9, 5.7); // a second, agreeing: 3 / 2.9
    expect(scale.ratio).toBeCloseTo(3 / 2.9, 9);
    scale.started();
    edge(1, false, 2.9, 2.9);
    edge(2, false, 4.5, 4.4); // 1.6 m: too short
    edge(3, false, 5.9, 4.9); // 3 m integrated as 2 m: no chip is that far off
    edge(4, false, 8.9, 7.9); // agrees with nothing before it
    expect(scale.known).toBe(false);
    expect(scale.ratio).toBe(1);
  });

  it("doubts a speed put right by a span less than one integrated alone, and more the further from the nearest span", () => {
    const scale = runScale();
    scale.started();
    const q = 1e-4;
    const alone = (t: number) => Math.hypot(Math.sqrt(q * t), 0.004 * t);
    expect(scale.uncertaintyOf(5, 1, alone(5), q * 5, 0.004)).toBe(alone(5));
    for (const [t, knownM] of [[2, 2.9], [5, 5.9], [8, 8.9]]) scale.edge({ t, landing: 0, upperEnd: false, knownM, guessed: false, integratedM: knownM, sigmaM: 0.001, noiseVariance: q * t, speedUncertainty: alone(t) });
    const doubt = (t: number) => scale.uncertaintyOf(t, 1, alone(t), q * t, 0.004);
    expect(doubt(8)).toBeLessThan(alone(8) / 2);
    expect(doubt(6.5)).toBeLessThan(doubt(8));
    expect(doubt(8)).toBeLessThan(doubt(11));
    expect(doubt(11)).toBeLessThan(doubt(15));
    // Before both spans: the first, nearer, puts it right, and doubts it more the further back.
    expect(doubt(0.5)).toBeGreaterThan(doubt(2));
    expect(doubt(2)).toBeGreaterThan(doubt(3.5));
    // At a speed other than the span's own (1 m/s), what the ratio took out in proportion counts too.
    expect(scale.uncertaintyOf(8, 1.3, alone(8), q * 8, 0.004)).toBeGreaterThan(doubt(8));
  });
});

describe("a random walk against its mean over a span", () => {
  it("varies as Brownian motion does: a third of the span's at its ends, a twelfth in its middle, plus what it gained outside", () => {
    const q = 0.5;
    const [from, to] = [2, 6];
    const walk = (t: number) => walkAgainstMean(q * t, q * from, q * to);
    expect(walk(6)).toBeCloseTo((q * 4) / 3, 12);
    expect(walk(2)).toBeCloseTo((q * 4) / 3, 12);
    expect(walk(4)).toBeCloseTo((q * 4) / 12, 12);
    expect(walk(9)).toBeCloseTo(q * 3 + (q * 4) / 3, 12);
    expect(walk(0)).toBeCloseTo(q * 2 + (q * 4) / 3, 12);
  });

  it("matches simulated random walks", () => {
    // 4,000 walks of 100 steps of unit variance, seeded: variance of W(t) − mean of W over steps 20-60.
    let seed = 12345;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const probes = [10, 30, 40, 60, 90];
    const sums = probes.map(() => 0);
    for (let path = 0; path < 4000; path++) {
      const w = [0];
      for (let step = 1; step <= 100; step++) w.push(w[step - 1] + normal());
      let mean = 0;
      for (let step = 20; step <= 60; step++) mean += (step === 20 || step === 60 ? 0.5 : 1) * w[step];
      mean /= 40;
      probes.forEach((probe, index) => (sums[index] += (w[probe] - mean) ** 2));
    }
    probes.forEach((probe, index) => {
      const expected = walkAgainstMean(probe, 20, 60);
      expect(Math.abs(sums[index] / 4000 - expected) / expected).toBeLessThan(0.08);
    });
  });
});
