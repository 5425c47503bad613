import { describe, expect, it } from "vitest";
import { emergencyStop, pointToPoint, Trajectory } from "../../simulator/motion-profile.ts";

const limits = { speed: 1.6, acceleration: 0.8, jerk: 1.0 };

function sampled(trajectory: Trajectory, step = 0.005) {
  const points = [];
  for (let t = trajectory.startTime; t <= trajectory.endTime + 1; t += step) points.push({ t, ...trajectory.at(t) });
  return points;
}

describe("jerk-limited point-to-point run", () => {
  for (const distance of [0.4, 3.5, 20, -12.6]) {
    it(`covers ${distance} m within the speed and acceleration limits and ends at rest`, () => {
      const trajectory = new Trajectory(10, { position: 5, velocity: 0, acceleration: 0 }, pointToPoint(distance, limits));
      const points = sampled(trajectory);
      expect(trajectory.finalState.position).toBeCloseTo(5 + distance, 6);
      expect(trajectory.at(trajectory.endTime - 1e-6).velocity).toBeCloseTo(0, 4);
      expect(Math.max(...points.map((p) => Math.abs(p.velocity)))).toBeLessThanOrEqual(limits.speed + 1e-9);
      expect(Math.max(...points.map((p) => Math.abs(p.acceleration)))).toBeLessThanOrEqual(limits.acceleration + 1e-9);
      // Never moves against the run's direction.
      expect(points.every((p) => Math.sign(p.velocity) !== -Math.sign(distance) || Math.abs(p.velocity) < 1e-9)).toBe(true);
    });
  }
});

describe("emergency stop", () => {
  for (const state of [
    { position: 3, velocity: 1.6, acceleration: 0 },
    { position: 3, velocity: -1.0, acceleration: -0.5 },
    { position: 3, velocity: 0.3, acceleration: 0.8 },
  ]) {
    it(`from v=${state.velocity} m/s, a=${state.acceleration} m/s² comes to rest without reversing`, () => {
      const trajectory = new Trajectory(0, state, emergencyStop(state, 2.5, 4));
      const points = sampled(trajectory, 0.001);
      const sign = Math.sign(state.velocity);
      expect(points.every((p) => sign * p.velocity >= -1e-6)).toBe(true);
      expect(Math.max(...points.map((p) => Math.abs(p.acceleration)))).toBeLessThanOrEqual(2.5 + 1e-9);
      expect(Math.abs(trajectory.at(trajectory.endTime - 1e-9).velocity)).toBeLessThan(1e-4);
    });
  }
});

describe("asymmetric and hydraulic-style runs", () => {
  it("brakes at the deceleration limit when it differs from the acceleration", () => {
    const asymmetric = { speed: 1.6, acceleration: 0.9, deceleration: 0.5, jerk: 1.0 };
    const trajectory = new Trajectory(0, { position: 0, velocity: 0, acceleration: 0 }, pointToPoint(14, asymmetric));
    const points = sampled(trajectory);
    expect(trajectory.finalState.position).toBeCloseTo(14, 6);
    expect(Math.max(...points.map((p) => p.acceleration))).toBeCloseTo(0.9, 6);
    expect(Math.min(...points.map((p) => p.acceleration))).toBeCloseTo(-0.5, 6);
    expect(Math.max(...points.map((p) => p.velocity))).toBeCloseTo(1.6, 6);
  });

  for (const distance of [3.2, -6.4, 0.3]) {
    it(`ends a ${distance} m run with a levelling crawl when there is room for one`, () => {
      const crawl = { speed: 0.06, distance: 0.12 };
      const slow = { speed: 0.6, acceleration: 0.4, deceleration: 0.3, jerk: 0.6 };
      const trajectory = new Trajectory(0, { position: 1, velocity: 0, acceleration: 0 }, pointToPoint(distance, slow, crawl));
      const points = sampled(trajectory, 0.002);
      expect(trajectory.finalState.position).toBeCloseTo(1 + distance, 6);
      expect(Math.max(...points.map((p) => Math.abs(p.velocity)))).toBeLessThanOrEqual(0.6 + 1e-9);
      // The last `crawl.distance` before the landing is covered at no more than the crawl speed.
      const near = points.filter((p) => Math.abs(1 + distance - p.position) < crawl.distance - 0.01);
      expect(Math.max(...near.map((p) => Math.abs(p.velocity)))).toBeLessThanOrEqual(crawl.speed + 1e-9);
      expect(points.every((p) => Math.sign(p.velocity) !== -Math.sign(distance) || Math.abs(p.velocity) < 1e-9)).toBe(true);
    });
  }

  it("steps the acceleration where a piece says so (a rope breaking, safety gear biting)", () => {
    const trajectory = new Trajectory(0, { position: 10, velocity: -1, acceleration: 0 }, [
      { duration: 0.5, jerk: 0, startAcceleration: -9 },
      { duration: 5.5 / 6, jerk: 0, startAcceleration: 6 },
    ]);
    expect(trajectory.at(0.25).acceleration).toBe(-9);
    expect(trajectory.at(0.5 + 1e-9).acceleration).toBeCloseTo(6, 6);
    expect(trajectory.at(trajectory.endTime - 1e-9).velocity).toBeCloseTo(0, 6);
    expect(trajectory.finalState.position).toBeCloseTo(10 - 0.5 - 1.125 - 5.5 ** 2 / 12, 6);
  });
});
