/**
 * The gravity reference averages readings at rest, and keeps some of their noise: a run
 * integrates that as an offset. It must say how much (offsetVariance), so that a noisy chip
 * sampled slowly does not claim a speed it cannot know.
 */
import { describe, expect, it } from "vitest";
import { GravityReference } from "../../../firmware/estimation/gravity-reference.ts";
import { random } from "./synthetic.ts";

const G = 9.81;
const TRACKING_S = 5;

/** A reference after `restS` at rest on a chip of white `noise` (m/s², each axis) read every `dt`: its length's error, and what it says of it. */
function learnt(noise: number, dt: number, seed: number, restS = 60) {
  const reference = new GravityReference(TRACKING_S, 1);
  const rng = random(seed);
  for (let t = 0; t < restS; t += dt) reference.learn({ x: 0.4 + noise * rng.gaussian(), y: -0.3 + noise * rng.gaussian(), z: G + noise * rng.gaussian() }, dt);
  return { error: reference.magnitude! - Math.hypot(0.4, -0.3, G), sigma: Math.sqrt(reference.offsetVariance) };
}

describe("what the gravity reference keeps of the noise it averaged", () => {
  it("is σ·√(dt/2τ): 0.002 m/s² for a noisy chip read at 50 Hz, a tenth of that for a quiet one at 400 Hz", () => {
    const noisy = learnt(0.043, 1 / 50, 1).sigma;
    expect(noisy).toBeGreaterThan(0.043 * Math.sqrt(1 / 50 / (2 * TRACKING_S)) * 0.85);
    expect(noisy).toBeLessThan(0.043 * Math.sqrt(1 / 50 / (2 * TRACKING_S)) * 1.15);
    const quiet = learnt(0.01, 1 / 400, 1).sigma;
    expect(quiet).toBeGreaterThan(0.01 * Math.sqrt(1 / 400 / (2 * TRACKING_S)) * 0.85);
    expect(quiet).toBeLessThan(0.01 * Math.sqrt(1 / 400 / (2 * TRACKING_S)) * 1.15);
  });

  it("is the spread the reference's length really has, over many rests", () => {
    const rests = Array.from({ length: 300 }, (_, seed) => learnt(0.043, 1 / 50, seed + 10, 30));
    const spread = Math.sqrt(rests.reduce((sum, { error }) => sum + error * error, 0) / rests.length);
    const said = Math.sqrt(rests.reduce((sum, { sigma }) => sum + sigma * sigma, 0) / rests.length);
    expect(spread / said).toBeGreaterThan(0.85);
    expect(spread / said).toBeLessThan(1.15);
  });

  it("is larger while the reference is young (its first readings weigh more)", () => {
    expect(learnt(0.043, 1 / 50, 2, 1).sigma).toBeGreaterThan(2 * learnt(0.043, 1 / 50, 2).sigma);
  });
});
