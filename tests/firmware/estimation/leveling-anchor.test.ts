/**
 * A stop's leveling measured through a chip whose sensitivity is off: from the zone's edge alone
 * the approach's length is read as far off as the chip, and the doubt says so; anchored on an
 * earlier edge of the run, the known span between the two takes the scale out.
 */
import { describe, expect, it } from "vitest";
import { LevelingEstimator } from "../../../firmware/estimation/leveling.ts";
import { random } from "./synthetic.ts";

const RATE_HZ = 100;
// A car at 0.5 m/s passes the upper edge of the zone below (0.2 m) at 1 s and the lower edge of
// the next one (3.3 m) 6.2 s later, then brakes smoothly (sin², 0.8 m/s² at its peak) to rest
// 0.3125 m on, 1.25 s later: 32.5 mm above the landing at 3.58 m.
const ANCHOR = { t: 1, knownM: 0.2, sigmaM: 0, spanDoubtM: 0 };
const EDGE_T = 7.2;
const BRAKING_S = 1.25;
const FROM_EDGE_MM = 312.5;
const TRUE_ERROR_MM = 3.3 * 1000 + FROM_EDGE_MM - 3.58 * 1000;

/** The approach read by a chip of `sensitivity`, with white noise (rms) of `noiseMps2` before the edge and `approachNoiseMps2` after it. */
function approach(sensitivity: number, { noiseMps2 = 0, approachNoiseMps2 = noiseMps2, seed = 1, capacity = 10_000 }: { noiseMps2?: number; approachNoiseMps2?: number; seed?: number; capacity?: number } = {}): LevelingEstimator {
  const leveling = new LevelingEstimator(capacity, 0, 0.105);
  const noise = random(seed);
  for (let index = 0; index <= 10 * RATE_HZ; index++) {
    const t = index / RATE_HZ;
    const braking = t >= EDGE_T && t < EDGE_T + BRAKING_S ? -0.8 * Math.sin((Math.PI * (t - EDGE_T)) / BRAKING_S) ** 2 : 0;
    leveling.push(t, sensitivity * braking + (t < EDGE_T ? noiseMps2 : approachNoiseMps2) * noise.gaussian());
  }
  return leveling;
}

function measured(leveling: LevelingEstimator, anchor?: typeof ANCHOR, scaleUncertainty = 0.035) {
  leveling.zoneEntered(EDGE_T, 3.3, 3.58, { scaleUncertainty, anchor });
  return leveling.stopped(9)!;
}

describe("leveling on a chip whose sensitivity is off", () => {
  it("from the edge alone, reads the approach as far off as the chip, and doubts as much", () => {
    const low = measured(approach(0.95));
    // 5 % of the 312.5 mm from the edge to rest: 15.6 mm nearer the edge than it stopped.
    expect(low.error_mm - TRUE_ERROR_MM).toBeCloseTo(-0.05 * FROM_EDGE_MM, 0);
    expect(low.uncertainty_mm).toBeCloseTo(0.035 * 0.95 * FROM_EDGE_MM, 0);
    // Learnt, the doubt is what the braking's own steps from sample to sample count as noise.
    expect(measured(approach(0.95), undefined, 0).uncertainty_mm).toBeLessThan(1.5);
  });

  it("anchored on an earlier edge of the run, takes the scale out: within half a millimetre for a chip 5 % under or over", () => {
    for (const sensitivity of [0.95, 1.05]) {
      const anchored = measured(approach(sensitivity), ANCHOR);
      expect(Math.abs(anchored.error_mm - TRUE_ERROR_MM)).toBeLessThan(0.5);
      expect(anchored.uncertainty_mm).toBeLessThan(1.5);
    }
  });

  it("keeps the edge alone where the anchor's span is further off than any chip (an edge matched to the wrong landing), or no longer kept", () => {
    const alone = measured(approach(0.95));
    // The edge 3.5 m lower than where it truly was: a span of 6.6 m integrated as 2.9 m.
    expect(measured(approach(0.95), { ...ANCHOR, knownM: ANCHOR.knownM - 3.5 })).toEqual(alone);
    // 3 s of samples reach back past the edge but not to the anchor.
    expect(measured(approach(0.95, { capacity: 3 * RATE_HZ }), ANCHOR)).toEqual(measured(approach(0.95, { capacity: 3 * RATE_HZ })));
  });

  it("keeps the edge alone where that is the surer: a learnt chip, and a rough ride before a quiet approach", () => {
    const rough = (anchor?: typeof ANCHOR) => measured(approach(1, { noiseMps2: 0.3, approachNoiseMps2: 0.01 }), anchor, 0);
    expect(rough(ANCHOR)).toEqual(rough());
  });

  it("doubts a span whose known length a placement a landing out would change (storeys unlike): its ratio would be as confident, and wrong", () => {
    // Placed a landing out, a span of storeys 3.2 and 3.5 m apart reads 9 % off, within a chip's tolerance: 29 mm at 0.31 m from the edge.
    const misplaced = measured(approach(1), { ...ANCHOR, knownM: ANCHOR.knownM - 0.3 });
    expect(misplaced.error_mm - TRUE_ERROR_MM).toBeGreaterThan(25);
    expect(misplaced.uncertainty_mm).toBeLessThan(1.5);
    // Doubted by that difference, the span is the less sure, and the edge alone stands.
    const doubted = measured(approach(1), { ...ANCHOR, knownM: ANCHOR.knownM - 0.3, spanDoubtM: 0.3 });
    expect(doubted).toEqual(measured(approach(1)));
  });

  it("claims the doubt its errors show: noise integrated back 9 s to the anchor, over 400 stops", () => {
    const errors: number[] = [];
    const claimed: number[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const anchored = measured(approach(0.95, { noiseMps2: 0.02, seed }), ANCHOR);
      errors.push(anchored.error_mm - TRUE_ERROR_MM);
      claimed.push(anchored.uncertainty_mm);
    }
    const rmsError = Math.sqrt(errors.reduce((sum, error) => sum + error * error, 0) / errors.length);
    const meanClaimed = claimed.reduce((sum, sigma) => sum + sigma, 0) / claimed.length;
    // The scale's own term is gone (10 mm from the edge alone); noise leaves a few millimetres, honestly claimed.
    expect(meanClaimed).toBeLessThan(0.035 * FROM_EDGE_MM / 2);
    expect(rmsError / meanClaimed).toBeGreaterThan(0.7);
    expect(rmsError / meanClaimed).toBeLessThan(1.3);
  });
});
