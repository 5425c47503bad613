import { describe, expect, it } from "vitest";
import { LandingBraking } from "../../../firmware/estimation/landing-braking.ts";

describe("LandingBraking", () => {
  it("learns nothing before its third trip, then the median ratio of braking to start", () => {
    const learner = new LandingBraking(9);
    learner.trip(0.8, 0.96);
    learner.trip(0.8, 1.2);
    expect(learner.ratio).toBeNaN();
    learner.trip(0.5, 0.6);
    expect(learner.ratio).toBeCloseTo(1.2, 9);
  });

  it("is not moved by one odd trip among its last ones", () => {
    const learner = new LandingBraking(5);
    for (const braking of [1.0, 1.04, 0.98, 2.4, 1.02]) learner.trip(0.8, braking);
    expect(learner.ratio).toBeCloseTo(1.02 / 0.8, 9);
  });

  it("forgets trips older than its window", () => {
    const learner = new LandingBraking(3);
    for (const braking of [0.8, 0.8, 0.8, 1.2, 1.2]) learner.trip(1, braking);
    expect(learner.ratio).toBeCloseTo(1.2, 9);
  });

  it("takes no trip without a start or a braking, and learns nothing with a window of 0", () => {
    const learner = new LandingBraking(9);
    for (let trip = 0; trip < 5; trip++) learner.trip(0, 1);
    for (let trip = 0; trip < 5; trip++) learner.trip(1, 0);
    expect(learner.ratio).toBeNaN();
    const off = new LandingBraking(0);
    for (let trip = 0; trip < 5; trip++) off.trip(1, 1.2);
    expect(off.ratio).toBeNaN();
  });

  it("starts from the ratios an earlier boot kept, the last of them its window holds, and tells each trip's", () => {
    const kept: number[][] = [];
    const learner = new LandingBraking(3, [1.0, 1.6, 1.58, 1.62], (ratios) => kept.push(ratios));
    expect(learner.ratio).toBeCloseTo(1.6, 9);
    learner.trip(1, 1.3);
    expect(kept).toEqual([[1.58, 1.62, 1.3]]);
    expect(learner.ratio).toBeCloseTo(1.58, 9);
  });

  it("waits for its third trip where an earlier boot kept fewer, and tells nothing of a trip it does not take", () => {
    const kept: number[][] = [];
    const learner = new LandingBraking(9, [1.6], (ratios) => kept.push(ratios));
    learner.trip(0, 1);
    learner.trip(1, 1.6);
    expect(learner.ratio).toBeNaN();
    learner.trip(1, 1.6);
    expect(learner.ratio).toBeCloseTo(1.6, 9);
    expect(kept).toEqual([[1.6, 1.6], [1.6, 1.6, 1.6]]);
  });
});
