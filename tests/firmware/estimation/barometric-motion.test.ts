import { describe, it, expect } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { BarometricMotion } from "../../../firmware/estimation/barometric-motion.ts";
import type { Movement } from "../../../firmware/estimation/inertial-motion.ts";
import { replayTrace } from "../../../firmware/replay/replay.ts";
import type { SensorFrame } from "../../../firmware/frame.ts";
import { accelerometerFrames, heightTrack, liftRun, pressureAt, random, traceOf, type Profile } from "./synthetic.ts";

/** Runs pressure readings at `rateHz` through the barometric estimator; `firstOffPa` more on the first after `silentS`, silent before. */
function barometer(height: (t: number) => number, durationS: number, rateHz: number, noisePa: number, seed = 1, firstOffPa = 0, silentS = -1) {
  const rng = random(seed);
  const movements: Movement[] = [];
  const starts: number[] = [];
  const motion = new BarometricMotion(defaultConfig().barometer, {
    started: (at) => starts.push(at),
    stopped: (_at, movement) => movement && movements.push(movement),
  });
  // The reading that is `firstOffPa` off: the first after the silence (the very first without one).
  let offPending = true;
  for (let index = 0; index / rateHz <= durationS; index++) {
    const t = index / rateHz;
    const noise = noisePa * rng.gaussian();
    if (t > 0 && t <= silentS) continue;
    const off = offPending && t > silentS ? firstOffPa : 0;
    if (t > silentS) offPending = false;
    motion.push(t, pressureAt(height(t)) + noise + off);
  }
  motion.finish();
  return { movements, starts };
}

describe("barometric motion", () => {
  for (const [distance, rateHz, noisePa] of [[9.6, 25, 1.5], [-6.4, 1, 1], [16, 5, 3]] as const) {
    it(`finds a ${distance} m step at ${rateHz} Hz with ${noisePa} Pa noise`, () => {
      const run = liftRun(20, distance, 1.6);
      const { movements } = barometer(heightTrack(run.profile, run.end + 20), run.end + 20, rateHz, noisePa);
      expect(movements).toHaveLength(1);
      const [movement] = movements;
      expect(movement.direction).toBe(distance > 0 ? "up" : "down");
      expect(Math.abs(movement.displacement_m - distance)).toBeLessThan(0.5);
      expect(Math.abs(movement.start - run.start)).toBeLessThan(rateHz >= 5 ? 1.5 : 3);
      expect(Math.abs(movement.end - run.end)).toBeLessThan(rateHz >= 5 ? 3 : 4);
    });
  }

  it("ignores a slow climb (escalator, 0.25 m/s) and isolated spikes", () => {
    const escalator = (t: number) => (t < 20 ? 0 : t < 40 ? 0.25 * (t - 20) : 5);
    expect(barometer(escalator, 70, 5, 1).movements).toEqual([]);
    const spikes = (t: number) => (Math.abs(t - 15) < 0.5 || Math.abs(t - 30) < 1 ? 8 : 0);
    expect(barometer(spikes, 50, 1, 1).movements).toEqual([]);
  });

  it("at a trace's end, measures a ride whose height has held still there, and not one still under way", () => {
    const run = liftRun(20, -9.6, 1.6);
    const track = heightTrack(run.profile, run.end + 30);
    // 2 s after the car stopped: too soon for a live box to call it still (most of a stable window), not for the end.
    const endedStill = barometer(track, run.end + 2, 5, 1.5).movements;
    expect(endedStill).toHaveLength(1);
    expect(endedStill[0].direction).toBe("down");
    expect(Math.abs(endedStill[0].displacement_m + 9.6)).toBeLessThan(0.5);
    expect(Math.abs(endedStill[0].end - run.end)).toBeLessThan(1.5);
    expect(barometer(track, run.end - 1, 5, 1.5).movements).toEqual([]);
    // Arrived, but too short a stillness to tell from a car passing slowly.
    expect(barometer(track, run.end + 0.5, 5, 1.5).movements).toEqual([]);
  });

  it("measures a ride that begins 3 s after its first reading, that reading 6 Pa off", () => {
    // Two sigma of a 3 Pa barometer. The resting level began at it and kept it for a minute, the
    // noise floor took its lag for noise, and the run ended as the car began to brake (8.9 m of 11).
    // A start this soon is measured 0.1-0.5 m short (one at 20 s, 0.1-0.3 m short).
    const run = liftRun(3.1, -11, 1.6);
    for (const firstOffPa of [-6, 6]) {
      const { movements } = barometer(heightTrack(run.profile, run.end + 20), run.end + 20, 50, 3, 1, firstOffPa);
      expect(movements).toHaveLength(1);
      expect(Math.abs(movements[0].displacement_m + 11)).toBeLessThan(0.8);
      expect(Math.abs(movements[0].end - run.end)).toBeLessThan(1.5);
    }
  });

  it("measures a ride 3 s after a 40 s gap in the readings, the first after it 6 Pa off, as one 3 s after the start", () => {
    const run = liftRun(43.1, -11, 1.6);
    for (const firstOffPa of [-6, 6]) {
      const { movements } = barometer(heightTrack(run.profile, run.end + 20), run.end + 20, 50, 3, 1, firstOffPa, 40);
      expect(movements).toHaveLength(1);
      expect(Math.abs(movements[0].displacement_m + 11)).toBeLessThan(0.8);
      expect(Math.abs(movements[0].end - run.end)).toBeLessThan(1.5);
    }
  });

  it("learns no noise from a ride's start: begun in a ride's braking, it finds every one-floor trip after it", () => {
    // The trace begins 3 s into a 12 m ride down, then one-floor trips of 3 m, 9 s apart. The floor
    // learnt the braking and each start's first metres under the start height as noise, which
    // raised the start height, which let more in: it held 4 m thresholds and found none of them.
    const cutS = 3;
    const runs = [liftRun(0, -12, 2)];
    for (let index = 0; index < 8; index++) runs.push(liftRun(runs[runs.length - 1].end + 9, index % 2 === 0 ? 3 : -3, 1));
    const end = runs[runs.length - 1].end + 15;
    const track = heightTrack((t) => runs.reduce((sum, run) => sum + run.profile(t), 0), end);
    const { movements } = barometer((t) => track(t + cutS), end - cutS, 5, 3);
    const oneFloor = movements.filter((movement) => movement.start > runs[1].start - cutS - 3);
    expect(oneFloor.map((movement) => movement.direction)).toEqual(runs.slice(1).map((run) => (run.distance > 0 ? "up" : "down")));
    for (const movement of oneFloor) expect(Math.abs(Math.abs(movement.displacement_m) - 3)).toBeLessThan(0.5);
  });

  it("learns a noisy barometer's floor and still finds a long ride", () => {
    const run = liftRun(30, 60, 2.5);
    const { movements } = barometer(heightTrack(run.profile, run.end + 30), run.end + 30, 1, 12, 4);
    expect(movements.map((movement) => movement.direction)).toEqual(["up"]);
    expect(Math.abs(movements[0].displacement_m - 60)).toBeLessThan(3);
  });
});

describe("accelerometer and barometer together", () => {
  /** A hand-held phone: accelerometer at 10 Hz, barometer about every 1.4 s. */
  function phone(profile: Profile, height: (t: number) => number, footsteps: (t: number) => boolean, durationS: number) {
    const rng = random(21);
    const steps: Profile = (t) => (footsteps(t) ? 4 * Math.cos(2 * Math.PI * 1.8 * t) + 1.5 * rng.gaussian() : 0);
    const frames: SensorFrame[] = accelerometerFrames({ rateHz: 10, durationS, profile, disturbance: steps, tiltDeg: [30, 10], noise: 0.05, seed: 3 });
    for (let t = 0.7; t <= durationS; t += 1.4) frames.push({ t, pressure: pressureAt(height(t)) + 0.5 * rng.gaussian() });
    frames.sort((a, b) => a.t - b.t);
    return replayTrace(traceOf(frames, 10, true), defaultConfig()).filter((record) => record.type === "trip");
  }

  it("takes a ride while the rider stands still", () => {
    const run = liftRun(40, 9.6, 1.5);
    const trips = phone(run.profile, heightTrack(run.profile, 100), (t) => t < 30 || t > run.end + 3, 100);
    expect(trips.map((trip) => trip.direction)).toEqual(["up"]);
    expect(Math.abs((trips[0].distance_m as number) - 9.6)).toBeLessThan(0.6);
  });

  it("takes no trip for stairs climbed, then a calm wait for the lift: calm after the climb's stop is none of it", () => {
    // A real recording's stairwell (hackzurich session3): 8 m in 28 s, 0.41 m/s at its fastest,
    // then still at the lift door. The barometer tells the stop a window after it, by then calm.
    const stairs = (t: number) => (t < 40 ? 0 : t < 56 ? 0.5 * (t - 40) : 8);
    expect(phone(() => 0, stairs, (t) => t > 30 && t < 56.5, 100)).toEqual([]);
  });

  it("takes no trip for stairs climbed at lift-like speed", () => {
    const stairs = (t: number) => (t < 40 ? 0 : t < 46 ? 0.5 * (t - 40) : 3);
    expect(phone(() => 0, stairs, (t) => t > 30 && t < 60, 100)).toEqual([]);
  });
});
