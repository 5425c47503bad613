import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { OverspeedDetector, type Overspeed, type RunSpeed } from "../../../firmware/detectors/overspeed.ts";
import { RunScale } from "../../../firmware/estimation/run-scale.ts";

const { detection } = defaultConfig();
/** Spans of 2 m or more; ratios within 10 % of 1. */
const runScale = () => new RunScale(2, 0.1);
const at = (t: number, speed: number, uncertainty = 0): RunSpeed => ({ t, speed, uncertainty, noiseVariance: 0, offsetMps2: 0 });

describe("overspeed", () => {
  it("is raised once per run when the speed stays beyond the limit, and re-armed by a new run", () => {
    const detector = new OverspeedDetector(detection, 1.0, runScale());
    const found = [];
    for (let t = 0; t < 3; t += 0.01) {
      const result = detector.update(at(t, -Math.min(1.5, t)));
      if (result) found.push(result);
    }
    expect(found).toHaveLength(1);
    expect(found[0].onset).toBeCloseTo(1.16, 1);
    expect(found[0].limit_mps).toBeCloseTo(1.15, 3);
    detector.rearm();
    expect([0, 0.05, 0.11, 0.2].map((t) => detector.update(at(t, 1.3))).filter(Boolean)).toHaveLength(1);
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

/**
 * A run up a shaft of landings 3 m apart (zones ±0.1 m), integrated by a chip that reads
 * `sensitivity` × the truth, at `trueSpeed(t)` from rest at landing 0, 100 steps a second for
 * `seconds`. Its speed's doubt grows as a chip's does: a random walk of `walk` (m/s)² a second
 * and an offset of `offset` m/s². `edges`: whether the door-zone sensor's edges reach the run's scale.
 */
function run(sensitivity: number, trueSpeed: (t: number) => number, seconds: number, { walk, offset, edges }: { walk: number; offset: number; edges: boolean }): Overspeed[] {
  const scale = runScale();
  const detector = new OverspeedDetector(detection, 1.0, scale);
  scale.started();
  detector.rearm();
  const found: Overspeed[] = [];
  let position = 0;
  for (let step = 1; step <= seconds * 100; step++) {
    const t = step / 100;
    const before = position;
    position += trueSpeed(t) / 100;
    for (const height of [3, 6, 9, 12, 15, 18]) {
      for (const [edgeM, entered] of [[height - 0.1, true], [height + 0.1, false]] as const) {
        if (edges && before < edgeM && position >= edgeM) scale.edge({ t, entered, knownM: edgeM, integratedM: sensitivity * edgeM, sigmaM: 0.001, noiseVariance: walk * t });
      }
    }
    const result = detector.update({ t, speed: sensitivity * trueSpeed(t), uncertainty: Math.hypot(Math.sqrt(walk * t), offset * t), noiseVariance: walk * t, offsetMps2: offset });
    if (result) found.push(result);
  }
  return found;
}

describe("overspeed judged on the run's own scale", () => {
  it("finds the overspeed a chip reading 5 % low hides, once two edges of a kind put the speed right, dated from its start", () => {
    // At its rated 1 m/s past landing 1, then 1.25 m/s from 4.25 s: beyond the limit (1.15 m/s) from 4.15 s, read as 1.19 m/s.
    const overspeeding = (t: number) => (t < 4 ? Math.min(1, t) : Math.min(1.25, 1 + (t - 4)));
    const noisy = { walk: 1e-4, offset: 0.004 };
    expect(run(0.95, overspeeding, 8, { ...noisy, edges: false })).toEqual([]);
    const [found, ...more] = run(0.95, overspeeding, 8, { ...noisy, edges: true });
    expect(more).toEqual([]);
    // Raised on entering landing 2's zone (5.95 s), dated from when the speed passed the limit.
    expect(found.onset).toBeGreaterThan(4.1);
    expect(found.onset).toBeLessThan(4.4);
    expect(found.speed_mps).toBeCloseTo(1.25, 2);
  });

  it("raises nothing for a fast run within the limit that a chip reading 5 % high reads beyond it, once its edges are known", () => {
    // 1 m/s past landings 1 and 2, then 1.13 m/s from 7.13 s (read as 1.187, beyond 1.15).
    const speeding = (t: number) => (t < 7 ? Math.min(1, t) : Math.min(1.13, 1 + (t - 7)));
    const quiet = { walk: 1e-5, offset: 0.001 };
    expect(run(1.05, speeding, 14, { ...quiet, edges: false })).toHaveLength(1);
    expect(run(1.05, speeding, 14, { ...quiet, edges: true })).toEqual([]);
  });

  it("takes no ratio from spans too short, of edges of different kinds, or further from 1 than a chip can be", () => {
    const scale = runScale();
    scale.started();
    const edge = (t: number, entered: boolean, knownM: number, integratedM: number) => scale.edge({ t, entered, knownM, integratedM, sigmaM: 0.001, noiseVariance: 0 });
    edge(1, false, 0.1, 0.1);
    edge(3, true, 2.9, 2.8); // another kind
    expect(scale.known).toBe(false);
    edge(3.2, false, 3.1, 3.0);
    expect(scale.ratio).toBeCloseTo(3 / 2.9, 9);
    scale.started();
    edge(1, true, 2.9, 2.9);
    edge(2, true, 4.5, 4.4); // 1.6 m: too short
    edge(3, true, 5.9, 4.9); // 3 m integrated as 2 m: no chip is that far off
    expect(scale.known).toBe(false);
    expect(scale.ratio).toBe(1);
  });

  it("doubts a speed put right by a span less than one integrated alone, and more the further from the span", () => {
    const scale = runScale();
    scale.started();
    const q = 1e-4;
    expect(scale.uncertaintyOf(5, 1, 0.05, q * 5, 0.004)).toBe(0.05);
    scale.edge({ t: 2, entered: true, knownM: 2.9, integratedM: 2.9, sigmaM: 0.001, noiseVariance: q * 2 });
    scale.edge({ t: 5, entered: true, knownM: 5.9, integratedM: 5.9, sigmaM: 0.001, noiseVariance: q * 5 });
    const doubt = (t: number) => scale.uncertaintyOf(t, 1, Math.hypot(Math.sqrt(q * t), 0.004 * t), q * t, 0.004);
    expect(doubt(5)).toBeLessThan(Math.hypot(Math.sqrt(q * 5), 0.004 * 5) / 2);
    expect(doubt(3.5)).toBeLessThan(doubt(5));
    expect(doubt(5)).toBeLessThan(doubt(8));
    expect(doubt(8)).toBeLessThan(doubt(12));
    expect(doubt(0.5)).toBeGreaterThan(doubt(2));
  });
});
