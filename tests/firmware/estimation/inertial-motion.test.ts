import { describe, it, expect } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { replayTrace } from "../../../firmware/replay/replay.ts";
import type { DetectionRecord } from "../../../firmware/frame.ts";
import { InertialMotion, type Movement } from "../../../firmware/estimation/inertial-motion.ts";
import { accelerometerFrames, crawlRun, emergencyStop, liftRun, random, traceOf, type BoxOptions, type Run } from "./synthetic.ts";

/** The simulated box: tilted mount, biased, noisy, vibrating while the car moves. */
function box(run: Run, rateHz: number, seed: number, extra: Partial<BoxOptions> = {}): DetectionRecord[] {
  const rng = random(seed);
  const sign = () => (rng.uniform() < 0.5 ? -1 : 1);
  const frames = accelerometerFrames({
    rateHz,
    durationS: run.end + 8,
    profile: run.profile,
    seed,
    tiltDeg: [sign() * (2 + 3 * rng.uniform()), sign() * (2 + 3 * rng.uniform())],
    bias: [sign() * 0.1, sign() * 0.1, sign() * 0.1],
    noise: 0.02,
    vibration: 0.03,
    movingAt: (t) => t >= run.start && t <= run.end,
    ...extra,
  });
  return replayTrace(traceOf(frames, rateHz), defaultConfig());
}

function trips(records: DetectionRecord[]) {
  expect(records.filter((record) => record.type !== "trip")).toEqual([]);
  return records.filter((record) => record.type === "trip") as (DetectionRecord & { start: number; end: number; direction: string; distance_m: number; max_speed_mps: number })[];
}

describe("inertial motion on a clean box accelerometer", () => {
  const cases: { name: string; distance: number; speed: number; rateHz: number }[] = [
    { name: "3 floors up at 1.6 m/s, 100 Hz", distance: 9.6, speed: 1.6, rateHz: 100 },
    { name: "3 floors down at 1.6 m/s, 100 Hz", distance: -9.6, speed: 1.6, rateHz: 100 },
    { name: "one floor up at 1 m/s, 400 Hz", distance: 3.2, speed: 1.0, rateHz: 400 },
    { name: "one floor down at 1 m/s, 200 Hz", distance: -3.2, speed: 1.0, rateHz: 200 },
    { name: "12 floors up at 2.5 m/s, 400 Hz", distance: 38.4, speed: 2.5, rateHz: 400 },
    { name: "8 floors down at 2.5 m/s, 100 Hz", distance: -25.6, speed: 2.5, rateHz: 100 },
  ];
  cases.forEach((c, index) => {
    it(`finds ${c.name}: start, stop, direction, distance, speed`, () => {
      const run = liftRun(6, c.distance, c.speed);
      const found = trips(box(run, c.rateHz, 11 + index));
      expect(found).toHaveLength(1);
      const [trip] = found;
      expect(trip.direction).toBe(c.distance > 0 ? "up" : "down");
      expect(Math.abs(trip.start - run.start)).toBeLessThan(0.3);
      expect(Math.abs(trip.end - run.end)).toBeLessThan(1);
      expect(Math.abs(trip.distance_m - Math.abs(c.distance))).toBeLessThan(0.03 * Math.abs(c.distance));
      expect(Math.abs(trip.max_speed_mps - c.speed)).toBeLessThan(0.05 * c.speed);
    });
  });

  it("finds back-to-back runs separately", () => {
    const first = liftRun(5, 6.4, 1.6);
    const second = liftRun(first.end + 6, -9.6, 1.6);
    const profile = (t: number) => first.profile(t) + second.profile(t);
    const found = trips(box({ start: first.start, end: second.end, distance: 0, profile }, 100, 3, { movingAt: (t) => (t >= first.start && t <= first.end) || (t >= second.start && t <= second.end) }));
    expect(found.map((trip) => trip.direction)).toEqual(["up", "down"]);
    expect(Math.abs(found[0].distance_m - 6.4)).toBeLessThan(0.2);
    expect(Math.abs(found[1].distance_m - 9.6)).toBeLessThan(0.3);
  });

  it("closes an emergency stop (2.5 m/s²) between floors", () => {
    const run = emergencyStop(6, 3, 1.6, 2.5, -1);
    const found = trips(box(run, 200, 5));
    expect(found).toHaveLength(1);
    expect(found[0].direction).toBe("down");
    expect(Math.abs(found[0].start - run.start)).toBeLessThan(0.3);
    expect(Math.abs(found[0].end - run.end)).toBeLessThan(1);
    expect(Math.abs(found[0].distance_m - Math.abs(run.distance))).toBeLessThan(0.03 * Math.abs(run.distance));
  });

  it("tells an emergency stop's braking (2.5 m/s²) from a landing's (0.8 m/s²)", () => {
    const peaks = (run: Run) => {
      const found: Movement[] = [];
      const inertial = new InertialMotion(defaultConfig().motion, { started: () => {}, stopped: (_, movement) => void (movement && found.push(movement)) }, false);
      const rng = random(9);
      for (let index = 0; index < (run.end + 5) * 200; index++) inertial.push(index / 200, run.profile(index / 200) + 0.02 * rng.gaussian());
      expect(found).toHaveLength(1);
      return { braking: found[0].braking_mps2!, starting: found[0].starting_mps2! };
    };
    // Both start at 0.8 m/s².
    const landing = peaks(liftRun(2, -9.6, 1.6));
    expect(landing.braking).toBeGreaterThan(0.6);
    expect(landing.braking).toBeLessThan(0.9);
    expect(landing.braking / landing.starting).toBeCloseTo(1, 1);
    const { emergency_stop_mps2 } = defaultConfig().detection;
    const stopped = peaks(emergencyStop(2, 3, 1.6, 2.5, -1));
    expect(stopped.braking).toBeGreaterThan(emergency_stop_mps2);
    expect(stopped.starting).toBeCloseTo(landing.starting, 1);
  });

  it("gives a start cut in two pieces its own peak, not the first large lobe after it (the braking)", () => {
    // A start that dips into the quiet band and rises again within the smoothing's time goes on
    // as one lobe (a worn roller's tone cuts a slow lift's start so); neither piece alone changes
    // the speed by start_dv_mps, so the run's first large lobe is its braking, here twice the
    // start: an emergency stop by emergency_braking_ratio, which the braking measured against
    // itself would hide.
    const piece = (t: number, from: number, to: number, mps2: number) => (t >= from && t < to ? mps2 : 0);
    const profile = (t: number) => piece(t, 5, 5.4, 0.3) + piece(t, 5.6, 6, 0.3) + piece(t, 9, 9.4, -0.6);
    const found: Movement[] = [];
    const starts: number[] = [];
    const inertial = new InertialMotion(defaultConfig().motion, { started: (at) => void starts.push(at), stopped: (_, movement) => void (movement && found.push(movement)) }, false);
    const rng = random(3);
    for (let index = 0; index < 15 * 200; index++) inertial.push(index / 200, profile(index / 200) + 0.005 * rng.gaussian());
    expect(starts).toHaveLength(1);
    expect(found).toHaveLength(1);
    const [run] = found;
    expect(run.starting_mps2).toBeGreaterThan(0.2);
    expect(run.starting_mps2).toBeLessThan(0.35);
    expect(run.braking_mps2!).toBeGreaterThan(defaultConfig().detection.emergency_braking_ratio * run.starting_mps2!);
  });

  it("raises no trip when a person jumps in a parked car", () => {
    // Bursts of ±3 m/s² for 1 s at a few Hz, several times, car at rest. The car bounces
    // on its ropes and comes back: whole cycles of a cosine net zero speed and displacement.
    const bursts: [number, number][] = [[5, 2], [9, 3], [14, 4], [17, 2], [19, 3]];
    const disturbance = (t: number) => {
      for (const [at, hz] of bursts) if (t >= at && t < at + 1) return 3 * Math.cos(2 * Math.PI * hz * (t - at));
      return 0;
    };
    for (const rateHz of [100, 400]) {
      const records = box({ start: 0, end: 22, distance: 0, profile: () => 0 }, rateHz, 7, { disturbance, movingAt: () => false });
      expect(trips(records)).toEqual([]);
    }
  });

  it("raises no trip for a jolt or a slow sway of a parked car", () => {
    // A parked car can only move and come back: every disturbance nets zero speed.
    const disturbance = (t: number) =>
      (t >= 5 && t < 5.15 ? 1.5 : 0) + (t >= 5.15 && t < 5.3 ? -1.5 : 0) + (t >= 10 && t < 10.6 ? -0.3 : 0) + (t >= 10.6 && t < 11.2 ? 0.3 : 0);
    expect(trips(box({ start: 0, end: 14, distance: 0, profile: () => 0 }, 100, 9, { disturbance, movingAt: () => false }))).toEqual([]);
  });

  it("finds the run and its direction through a high-passed (phone 'linear acceleration') sensor", () => {
    for (const distance of [20, -20]) {
      const run = liftRun(6, distance, 1.5);
      const found = trips(box(run, 100, 13, { highPassS: 0.7, tiltDeg: [0, 0], bias: [0, 0, 0] }));
      expect(found).toHaveLength(1);
      expect(found[0].direction).toBe(distance > 0 ? "up" : "down");
      expect(Math.abs(found[0].start - run.start)).toBeLessThan(0.5);
      expect(Math.abs(found[0].end - run.end)).toBeLessThan(2);
    }
  });
});

describe("a start noted while the gravity reference warmed up", () => {
  it("is forgotten when its lobe lasts longer than any lift accelerates (the reference was off, not the car moving)", () => {
    const { motion } = defaultConfig();
    const started: number[] = [];
    const inertial = new InertialMotion(motion, { started: (at) => started.push(at), stopped: () => {} }, false);
    const rateHz = 100;
    let t = 0;
    const push = (acceleration: number, seconds: number, warm: boolean) => {
      for (let index = 0; index < seconds * rateHz; index++, t += 1 / rateHz) inertial.push(t, acceleration, false, warm, !warm);
    };
    push(0, 2, false);
    // One-sided for longer than max_lobe_s while the reference is young: noted as a start, then found to be the reference's error.
    push(0.5, motion.max_lobe_s + 0.1, false);
    expect(inertial.takeReferenceSuspect()).toBe(true);
    // The reference is learnt again (the car reads still), then warm: nothing begins from the stale start.
    push(0, 2, false);
    push(0, 5, true);
    expect(started).toEqual([]);
    expect(inertial.isMoving).toBe(false);
  });

  it("is forgotten across a gap in the data (what follows owes nothing to it)", () => {
    const { motion } = defaultConfig();
    const started: number[] = [];
    const inertial = new InertialMotion(motion, { started: (at) => started.push(at), stopped: () => {} }, false);
    let t = 0;
    const push = (acceleration: number, seconds: number, warm: boolean) => {
      for (let index = 0; index < seconds * 100; index++, t += 0.01) inertial.push(t, acceleration, false, warm, !warm);
    };
    push(0, 2, false);
    push(0.5, 0.6, false); // a start, noted while the reference is young
    t += 5; // the accelerometer said nothing for 5 s
    push(0, 5, true);
    expect(started).toEqual([]);
  });
});

describe("a run whose speed turns back", () => {
  /** Feeds `profile` (m/s², from rest) at 400 Hz; returns whether the run was ever reversed, and whether one began. */
  function follow(profile: (t: number) => number, seconds: number) {
    const { motion } = defaultConfig();
    const started: number[] = [];
    const inertial = new InertialMotion(motion, { started: (at) => started.push(at), stopped: () => {} }, false);
    let reversed = false;
    for (let index = 0; index < seconds * 400; index++) {
      const t = index / 400;
      inertial.push(t, profile(t));
      reversed ||= inertial.reversed;
    }
    return { started: started.length, reversed };
  }

  it("is a bounce: a start-like swing up, then a larger one down, the car going nowhere", () => {
    // 0.2 m/s gained, then 0.5 m/s lost: the speed ends 0.3 m/s the other way, as a rope bounce's does when its first swing is taken for a start.
    const bounce = (t: number) => (t >= 2 && t < 2.4 ? 0.5 : t >= 2.4 && t < 3.025 ? -0.8 : 0);
    expect(follow(bounce, 6)).toEqual({ started: 1, reversed: true });
  });

  it("is never a lift run or a car slipping away, whose speed keeps its sign until it stops", () => {
    for (const [distance, speed] of [[3.2, 1], [-9.6, 1.6]]) {
      const run = liftRun(2, distance, speed);
      expect(follow(run.profile, run.end + 4)).toEqual({ started: 1, reversed: false });
    }
    const slip = (t: number) => (t >= 2 && t < 2.6 ? -0.4 : 0);
    expect(follow(slip, 5)).toEqual({ started: 1, reversed: false });
  });
});

describe("the uncertainty of a run's speed", () => {
  /**
   * One run (1.6 m/s, 10 m) at `rateHz` with white noise of `noise` m/s² added: its largest
   * speedUncertainty, and its speed error at cruise. The offset's share is left out unless asked.
   */
  function run(rateHz: number, noise: number, seed: number, runOffsetUncertainty = 0, referenceVariance = 0) {
    const { motion } = defaultConfig({ motion: { run_offset_uncertainty_mps2: runOffsetUncertainty } });
    const inertial = new InertialMotion(motion, { started: () => {}, stopped: () => {} }, false);
    inertial.referenceVariance = referenceVariance;
    const rng = random(seed);
    const profile = liftRun(2, 10, 1.6);
    let truth = 0;
    let truthM = 0;
    let largest = 0;
    let errorAtCruise = NaN;
    let displacementError = NaN;
    let displacementUncertainty = NaN;
    for (let index = 0; index < (profile.end + 3) * rateHz; index++) {
      const t = index / rateHz;
      const a = profile.profile(t);
      truth += a / rateHz;
      truthM += truth / rateHz;
      inertial.push(t, a + noise * rng.gaussian());
      largest = Math.max(largest, inertial.speedUncertainty);
      if (Math.abs(t - (profile.end - 2)) < 0.5 / rateHz) {
        errorAtCruise = inertial.speed - truth;
        // Counted from the truth at the run's start, as the run counts from rest.
        displacementError = inertial.displacement - truthM;
        displacementUncertainty = inertial.displacementUncertainty;
      }
    }
    return { largest, errorAtCruise, displacementError, displacementUncertainty };
  }

  it("is nothing on a clean ride, and grows as a random walk with the noise and the sample interval", () => {
    expect(run(400, 0, 1).largest).toBeLessThan(1e-3);
    const rough50 = run(50, 1, 2).largest;
    const rough400 = run(400, 1, 2).largest;
    // σ·√(dt·T): about 0.3 m/s at 50 Hz over a 9 s run, √8 times less at 400 Hz.
    expect(rough50).toBeGreaterThan(0.2);
    expect(rough50).toBeLessThan(0.45);
    expect(rough50 / rough400).toBeGreaterThan(2.2);
    expect(rough50 / rough400).toBeLessThan(3.6);
  });

  it("grows with the run by an offset the rest's gravity may not have taken out, whatever the noise", () => {
    const { run_offset_uncertainty_mps2: offset } = defaultConfig().motion;
    const clean = run(400, 0, 1, offset).largest;
    // The run is 8.8 s from its start to its stop's last quiet sample.
    const runS = liftRun(2, 10, 1.6).end - 2;
    expect(clean).toBeGreaterThan(offset * runS);
    expect(clean).toBeLessThan(offset * (runS + 1));
    // Independent of the noise's random walk: they add as variances.
    const rough = run(50, 1, 2).largest;
    expect(run(50, 1, 2, offset).largest ** 2).toBeGreaterThan(rough ** 2);
    expect(run(50, 1, 2, offset).largest ** 2).toBeLessThan(rough ** 2 + (offset * (runS + 1)) ** 2 + 1e-9);
  });

  it("counts the noise the gravity reference kept as an offset too, with the chip's", () => {
    const { run_offset_uncertainty_mps2: offset } = defaultConfig().motion;
    const runS = liftRun(2, 10, 1.6).end - 2;
    // A chip of 0.043 m/s² read at 50 Hz leaves 0.002 m/s² in a reference averaged over 5 s.
    const kept = 0.002;
    const counted = run(400, 0, 1, offset, kept * kept).largest;
    const combined = Math.hypot(offset, kept);
    expect(counted).toBeGreaterThan(combined * runS);
    expect(counted).toBeLessThan(combined * (runS + 1));
  });

  it("lets overspeed allow for it: an offset of 0.0025 m/s² over a slow lift's 40 s run is no overspeed (it read 0.5 m/s), a car at 1.25 × rated is", () => {
    // After the minute a box just booted trusts no run's speed (it may be a braking seen as a start).
    const run = liftRun(65, 16, 0.4, 0.5, 0.7);
    const overspeeds = (ratedMps: number) => {
      const frames = accelerometerFrames({ rateHz: 100, durationS: run.end + 8, profile: (t) => run.profile(t) + (t > run.start && t < run.end ? 0.0025 : 0), noise: 0.02, seed: 3 });
      return replayTrace(traceOf(frames, 100), defaultConfig({ lift: { rated_speed_mps: ratedMps } })).filter((record) => record.type === "overspeed");
    };
    expect(overspeeds(0.4)).toEqual([]);
    expect(overspeeds(0.32)).toHaveLength(1);
  });

  it("covers the speed error that noise leaves, as one σ should (most runs within 2 σ)", () => {
    let within = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { largest, errorAtCruise } = run(50, 0.5, seed);
      if (Math.abs(errorAtCruise) <= 2 * largest) within++;
    }
    expect(within).toBeGreaterThanOrEqual(17);
  });

  it("carries into the displacement, integrated once more (nearly every run within 3 σ; σ near the errors' RMS)", () => {
    let within = 0;
    let squares = 0;
    let claimed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { displacementError, displacementUncertainty } = run(50, 0.5, seed);
      if (Math.abs(displacementError) <= 3 * displacementUncertainty) within++;
      squares += displacementError ** 2;
      claimed += displacementUncertainty ** 2;
    }
    expect(within).toBeGreaterThanOrEqual(19);
    expect(Math.sqrt(claimed / squares)).toBeGreaterThan(0.6);
    expect(Math.sqrt(claimed / squares)).toBeLessThan(1.6);
  });
});

describe("a run's speed from its start", () => {
  /** The integrated speed's error against the truth once the car cruises, on a clean sensor at 400 Hz. */
  function errorAtCruise(speed: number, accel: number, jerk: number): number {
    const inertial = new InertialMotion(defaultConfig().motion, { started: () => {}, stopped: () => {} }, false);
    const { profile, start } = liftRun(2, 20, speed, accel, jerk);
    let truth = 0;
    let cruiseT = start;
    for (let index = 0; index < 12 * 400; index++) {
      const t = index / 400;
      const a = profile(t);
      truth += a / 400;
      inertial.push(t, a);
      // 1 s into the cruise: after the acceleration lobe, before the braking one.
      if (Math.abs(truth - speed) > 1e-9) cruiseT = t;
      else if (t >= cruiseT + 1) return inertial.speed - truth;
    }
    throw new Error("the run never cruised");
  }

  it("counts the rise its smoothing hid in the quiet band (uncounted, 0.010-0.012 m/s was missing)", () => {
    // A traction lift (jerk 1 m/s³), a gentle hydraulic one (0.6 m/s³, 0.4 m/s²) and one in between.
    expect(Math.abs(errorAtCruise(1.6, 0.8, 1.0))).toBeLessThan(0.003);
    expect(Math.abs(errorAtCruise(0.6, 0.4, 0.6))).toBeLessThan(0.003);
    expect(Math.abs(errorAtCruise(1.0, 0.5, 0.5))).toBeLessThan(0.003);
  });
});

describe("a levelling crawl", () => {
  /** A run through InertialMotion at 100 Hz with a little noise: the movement it reports and when it decided the stop. */
  function movement(run: Run, seed: number, extra: (t: number) => number = () => 0) {
    let found: { movement?: Movement; decidedAt: number } | undefined;
    let now = 0;
    const inertial = new InertialMotion(defaultConfig().motion, { started: () => {}, stopped: (_, movement) => void (found ??= { movement, decidedAt: now }) }, false);
    const rng = random(seed);
    for (let index = 0; index < (run.end + 12) * 100; index++) {
      now = index / 100;
      inertial.push(now, run.profile(now) + extra(now) + 0.02 * rng.gaussian());
    }
    return found;
  }

  it("is part of the run: it ends when the car stops, having gone the whole way (a crawl taken for drift put it 2.6 s early and 12 % short)", () => {
    for (const [seed, distance] of [[1, 3.2], [2, -3.2], [3, 6.4]]) {
      const run = crawlRun(2, distance, 0.6, 0.06, 0.12);
      const { movement: found } = movement(run, seed)!;
      expect(found, `seed ${seed}`).toBeDefined();
      expect(Math.abs(found!.end - run.end)).toBeLessThan(0.2);
      expect(Math.abs(found!.displacement_m - distance)).toBeLessThan(0.01 * Math.abs(distance));
    }
  });

  it("ends with its own braking, though drift leaves the speed after it above a crawl's least (ended where the crawl began, the crawl's speed was taken for drift: 11 % short)", () => {
    // A slow lift's 40 s run; an offset of 0.002 m/s² (a chip's quantization, dithered only
    // while the car vibrates) leaves 0.08 m/s after the crawl's braking.
    for (const [seed, distance] of [[6, 15.43], [7, -15.43]]) {
      const run = crawlRun(2, distance, 0.4, 0.089, 0.06, 0.8, 0.72);
      const { movement: found } = movement(run, seed, (t) => (t > run.start && t < run.end ? 0.002 : 0))!;
      expect(Math.abs(found!.end - run.end), `seed ${seed}`).toBeLessThan(0.2);
      // 40 s of the noise integrated: its own σ is about 0.3 m.
      expect(found!.noise_m).toBeLessThan(0.35);
      expect(Math.abs(found!.displacement_m - distance), `seed ${seed}`).toBeLessThan(3 * found!.noise_m!);
    }
  });

  it("is not drift: a run whose speed drifted stops where it went quiet, decided no more than max_crawl_s later", () => {
    const run = liftRun(2, 9.6, 1.6);
    // An offset of 0.006 m/s² through the run leaves it 0.05 m/s on, well beyond the noise's reach.
    const { movement: found, decidedAt } = movement(run, 4, (t) => (t > run.start && t < run.end ? 0.006 : 0))!;
    const { max_crawl_s } = defaultConfig().motion;
    expect(Math.abs(found!.end - run.end)).toBeLessThan(0.2);
    expect(decidedAt - found!.end).toBeGreaterThan(max_crawl_s - 0.1);
    expect(decidedAt - found!.end).toBeLessThan(max_crawl_s + 0.1);
  });

  it.each([
    ["up", 1],
    ["down", -1],
  ])("is not a movement after it: a brake slipping %s 3 s after the stop is a run of its own, not swallowed as the wait's end", (direction, sign) => {
    const run = liftRun(2, 9.6, 1.6);
    // Drift the run's way (waited for as a crawl), then the car slips at 0.6 m/s² until a brake stops it 0.8 m on.
    const offset = (t: number) => (t > run.start && t < run.end ? 0.006 : 0);
    const slipAt = run.end + 3;
    const slip = (t: number) => sign * (t > slipAt && t < slipAt + 1.63 ? 0.6 : t >= slipAt + 1.63 && t < slipAt + 1.96 ? -3 : 0);
    const starts: [number, string][] = [];
    const stops: number[] = [];
    const inertial = new InertialMotion(defaultConfig().motion, { started: (at, heading) => void starts.push([at, heading]), stopped: (at) => void stops.push(at) }, false);
    const rng = random(5);
    for (let index = 0; index < (slipAt + 6) * 100; index++) {
      const t = index / 100;
      inertial.push(t, run.profile(t) + offset(t) + slip(t) + 0.02 * rng.gaussian());
    }
    expect(Math.abs(stops[0] - run.end)).toBeLessThan(0.2);
    expect(starts.length).toBe(2);
    expect(starts[1][1]).toBe(direction);
    expect(Math.abs(starts[1][0] - slipAt)).toBeLessThan(0.3);
  });

  it("heads the run's way, though its integrated speed has drifted to the other side of zero (zone edges are placed by it)", () => {
    const run = crawlRun(2, 9.6, 1.6, 0.06, 0.25, 0.8, 1.0);
    // An offset of -0.008 m/s² through the run leaves the 0.06 m/s crawl reading below zero.
    const offset = (t: number) => (t > run.start && t < run.end ? -0.008 : 0);
    let stopped = false;
    const inertial = new InertialMotion(defaultConfig().motion, { started: () => {}, stopped: () => void (stopped = true) }, false);
    const headings = new Set<string | undefined>();
    let backwards = 0;
    for (let index = 0; !stopped && index < (run.end + 2) * 100; index++) {
      const t = index / 100;
      inertial.push(t, run.profile(t) + offset(t));
      if (!inertial.isMoving || t < run.start + 3) continue;
      headings.add(inertial.heading);
      if (inertial.speed < 0) backwards++;
    }
    expect(backwards, "samples of the run whose speed read below zero").toBeGreaterThan(20);
    expect([...headings]).toEqual(["up"]);
  });

  it("once recognised, is waited for, though the speed's uncertainty grows past a third of it while the car crawls (it ended where the crawl began, 4.1 s early)", () => {
    // A slow lift's 17 s run to a 3.5 cm/s crawl over 0.13 m, on a box noisier than the one above.
    const run = crawlRun(2, 6.4, 0.4, 0.035, 0.13, 0.8, 0.72);
    for (const seed of [2, 3, 5]) {
      let end = NaN;
      const inertial = new InertialMotion(defaultConfig().motion, { started: () => {}, stopped: (at, found) => void (found && Number.isNaN(end) && (end = at)) }, false);
      const rng = random(seed);
      for (let index = 0; index < (run.end + 12) * 100; index++) inertial.push(index / 100, run.profile(index / 100) + 0.03 * rng.gaussian());
      expect(Math.abs(end - run.end), `seed ${seed}`).toBeLessThan(0.2);
    }
  });

  /** A run through InertialMotion at 100 Hz: when it stopped, and when a crawl's end was taken (NaN: never). */
  function crawlEnd(run: Run, seed: number, extra: (t: number) => number, noiseMps2 = 0.02) {
    const stops: number[] = [];
    const inertial = new InertialMotion(defaultConfig().motion, { started: () => {}, stopped: (at) => void stops.push(at) }, false);
    const rng = random(seed);
    let endedAt = NaN;
    for (let index = 0; index < (run.end + 12) * 100; index++) {
      const t = index / 100;
      inertial.push(t, run.profile(t) + extra(t) + noiseMps2 * rng.gaussian());
      const taken = inertial.takeCrawlEnd();
      if (!Number.isNaN(taken)) endedAt = taken;
    }
    return { stops, endedAt };
  }

  it("too slow to tell from drift is seen by its end: the trip stops where it began, and the crawl's braking dates the arrival (it was the stop, 3.7 s early)", () => {
    // A slow lift's 20 s run to a 3.5 cm/s crawl over 0.13 m; an offset of -0.003 m/s² through
    // the run leaves the crawl reading -2.5 cm/s, within what the run's offset may explain.
    for (const [seed, distance] of [[8, 6.4], [9, -6.4]]) {
      const run = crawlRun(2, distance, 0.4, 0.035, 0.13, 0.8, 0.72);
      const offset = (t: number) => (t > run.start && t < run.end - 4 ? -0.003 * Math.sign(distance) : 0);
      const { stops, endedAt } = crawlEnd(run, seed, offset);
      expect(stops, `seed ${seed}`).toHaveLength(1);
      expect(run.end - stops[0], `seed ${seed}`).toBeGreaterThan(3);
      expect(Math.abs(endedAt - run.end), `seed ${seed}`).toBeLessThan(0.2);
    }
  });

  it("too slow to tell from drift, ending briskly enough to look like a start of its own, is still dated by that braking", () => {
    // A 9 cm/s crawl braked at jerk 2 m/s³ on a noisy box (0.05 m/s²): the braking is a jolt
    // begun and dropped as a run, and the trip's stop stood, 2.5 s early.
    const run = crawlRun(2, 6.4, 0.4, 0.09, 0.2, 0.8, 2);
    const offset = (t: number) => (t > run.start && t < run.end - 3 ? -0.004 : 0);
    for (const seed of [8, 9]) {
      const { stops, endedAt } = crawlEnd(run, seed, offset, 0.05);
      expect(run.end - stops[0], `seed ${seed}`).toBeGreaterThan(2);
      expect(Math.abs(endedAt - run.end), `seed ${seed}`).toBeLessThan(0.2);
    }
  });

  it("is not a jolt after a stop: one the run's way first, one beyond max_crawl_s, or one larger than the run's speed could have hidden", () => {
    const run = liftRun(2, 9.6, 1.6);
    const { max_crawl_s } = defaultConfig().motion;
    // A jolt of ±0.04 m/s (0.2 m/s² for 0.2 s) `after` s past the stop, the run's way first where `sign` is 1.
    const jolt = (after: number, sign: number, size = 0.2) => (t: number) => {
      const since = t - run.end - after;
      return since > 0 && since < 0.2 ? sign * size : since >= 0.2 && since < 0.4 ? -sign * size : 0;
    };
    expect(crawlEnd(run, 10, jolt(3, -1)).endedAt, "against the way: taken (the control)").toBeCloseTo(run.end + 3.2, 0);
    expect(crawlEnd(run, 10, jolt(3, 1)).endedAt, "the run's way first").toBeNaN();
    expect(crawlEnd(run, 10, jolt(max_crawl_s + 1, -1)).endedAt, "too late").toBeNaN();
    expect(crawlEnd(run, 10, jolt(3, -1, 0.6)).endedAt, "0.12 m/s, beyond 3 σ of the run's speed").toBeNaN();
  });

  it("is dated by a braking that a noisy chip cut in two pieces, each too small for a crawl's end alone", () => {
    // 0.15 m/s² for 0.1 s twice against the run's way, 0.04 s apart: 0.015 m/s each, under
    // crawl_min_mps, 0.03 m/s together (a 50 Hz chip's noise split a 3 cm/s crawl's end so).
    const run = liftRun(2, 9.6, 1.6);
    const at = run.end + 3;
    const piece = (t: number, from: number, to: number, mps2: number) => (t >= from && t < to ? mps2 : 0);
    const pieces = (gapS: number) => (t: number) => piece(t, at, at + 0.1, -0.15) + piece(t, at + 0.1, at + 0.1 + gapS, 0.15) + piece(t, at + 0.1 + gapS, at + 0.2 + gapS, -0.15);
    for (const seed of [10, 11]) expect(crawlEnd(run, seed, pieces(0.04), 0.005).endedAt, `seed ${seed}`).toBeCloseTo(at + 0.3, 0);
    // Apart by a swing the run's way that closes a lobe of its own, they are two jolts.
    expect(crawlEnd(run, 10, pieces(0.1), 0.005).endedAt).toBeNaN();
  });

  it("is not what follows it: a push the run's way 3 s later ends the wait, and the stop is where the car went quiet", () => {
    const run = liftRun(2, 9.6, 1.6);
    const offset = (t: number) => (t > run.start && t < run.end ? 0.006 : 0);
    const push = (t: number) => (t > run.end + 3 && t < run.end + 3.6 ? 0.8 : 0);
    const { movement: found, decidedAt } = movement(run, 4, (t) => offset(t) + push(t))!;
    expect(Math.abs(found!.end - run.end)).toBeLessThan(0.2);
    expect(decidedAt).toBeLessThan(run.end + 4);
    expect(Math.abs(found!.displacement_m - 9.6)).toBeLessThan(0.1);
  });
});
