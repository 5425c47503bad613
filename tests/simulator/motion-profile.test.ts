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
