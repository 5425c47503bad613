/**
 * Synthetic sensor signals for the estimator tests: a jerk-limited lift run, a box
 * accelerometer (tilt, bias, noise, ride vibration) and a barometer. Seeded, so every run
 * of a test sees the same numbers.
 */
import type { FittedSensors, SensorFrame } from "../../../firmware/frame.ts";
import type { Trace } from "../../../firmware/replay/trace.ts";

export const G = 9.80665;

/** Small deterministic PRNG (mulberry32) with a Gaussian draw. */
export function random(seed: number): { uniform(): number; gaussian(): number } {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, gaussian: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

/** Vertical acceleration of a car over time, m/s², positive up. */
export type Profile = (t: number) => number;

export interface Run {
  start: number;
  /** when the car is at rest again */
  end: number;
  /** signed, m */
  distance: number;
  profile: Profile;
}

/** Acceleration of a jerk-limited change of speed by dv (signed), starting at t = 0. */
function speedChange(dv: number, accel: number, jerk: number): { duration: number; at: Profile } {
  const magnitude = Math.abs(dv);
  const peak = Math.min(accel, Math.sqrt(magnitude * jerk));
  const ramp = peak / jerk;
  const hold = magnitude / peak - ramp;
  const sign = Math.sign(dv);
  return {
    duration: 2 * ramp + hold,
    at: (t) => {
      if (t <= 0 || t >= 2 * ramp + hold) return 0;
      if (t < ramp) return sign * jerk * t;
      if (t < ramp + hold) return sign * peak;
      return sign * jerk * (2 * ramp + hold - t);
    },
  };
}

/** A run of `distance` m (signed) at `speed` m/s from t0, jerk-limited. */
export function liftRun(t0: number, distance: number, speed = 1.6, accel = 0.8, jerk = 1.0): Run {
  const sign = Math.sign(distance);
  const up = speedChange(sign * speed, accel, jerk);
  const accelDistance = (speed * up.duration) / 2;
  const cruise = (Math.abs(distance) - 2 * accelDistance) / speed;
  if (cruise < 0) throw new Error("run too short for that speed");
  const down = speedChange(-sign * speed, accel, jerk);
  const brake = t0 + up.duration + cruise;
  return {
    start: t0,
    end: brake + down.duration,
    distance,
    profile: (t) => up.at(t - t0) + down.at(t - brake),
  };
}

/**
 * A hydraulic-style run of `distance` m (signed) from t0: `speed`, braking to a levelling crawl
 * at `crawlSpeed` over the last `crawlDistance` m, then a stop.
 */
export function crawlRun(t0: number, distance: number, speed: number, crawlSpeed: number, crawlDistance: number, accel = 0.4, jerk = 0.6): Run & { crawlFrom: number } {
  const sign = Math.sign(distance);
  const up = speedChange(sign * speed, accel, jerk);
  const toCrawl = speedChange(-sign * (speed - crawlSpeed), accel, jerk);
  const stop = speedChange(-sign * crawlSpeed, accel, jerk);
  const changesM = (speed * up.duration) / 2 + ((speed + crawlSpeed) * toCrawl.duration) / 2 + (crawlSpeed * stop.duration) / 2;
  const cruise = (Math.abs(distance) - crawlDistance - changesM) / speed;
  if (cruise < 0) throw new Error("run too short for that speed");
  const brake = t0 + up.duration + cruise;
  const crawlEnd = brake + toCrawl.duration + crawlDistance / crawlSpeed;
  return {
    start: t0,
    end: crawlEnd + stop.duration,
    /** when the crawl begins, at its speed: where an accelerometer that cannot see it takes the run to stop */
    crawlFrom: brake + toCrawl.duration,
    distance,
    profile: (t) => up.at(t - t0) + toCrawl.at(t - brake) + stop.at(t - crawlEnd),
  };
}

/** A run cut short by an emergency stop: cruise at `speed`, then brake at `decel` m/s². */
export function emergencyStop(t0: number, cruiseS: number, speed: number, decel: number, sign = 1): Run {
  const up = speedChange(sign * speed, 0.8, 1.0);
  const brake = t0 + up.duration + cruiseS;
  const stopS = speed / decel;
  const profile: Profile = (t) => up.at(t - t0) + (t >= brake && t < brake + stopS ? -sign * decel : 0);
  return { start: t0, end: brake + stopS, distance: sign * (speed * up.duration / 2 + speed * cruiseS + (speed * stopS) / 2), profile };
}

export interface BoxOptions {
  rateHz: number;
  durationS: number;
  profile: Profile;
  seed?: number;
  tiltDeg?: [number, number];
  bias?: [number, number, number];
  noise?: number;
  /** ride vibration amplitude while the car accelerates or moves, m/s² */
  vibration?: number;
  /** extra vertical force on the box (people moving in the car), m/s² */
  disturbance?: Profile;
  /** time constant of a high-pass (phone "linear acceleration"), s; absent: raw sensor */
  highPassS?: number;
  /** moving, for the vibration */
  movingAt?: (t: number) => boolean;
}

/** Box accelerometer readings (specific force, sensor frame) at a fixed rate. */
export function accelerometerFrames(options: BoxOptions): SensorFrame[] {
  const rng = random(options.seed ?? 1);
  const [tiltX, tiltY] = (options.tiltDeg ?? [0, 0]).map((deg) => (deg * Math.PI) / 180);
  const bias = options.bias ?? [0, 0, 0];
  const noise = options.noise ?? 0;
  const frames: SensorFrame[] = [];
  let highPassState: number | undefined;
  const dt = 1 / options.rateHz;
  for (let index = 0; index * dt <= options.durationS; index++) {
    const t = index * dt;
    let vertical = options.profile(t) + (options.disturbance?.(t) ?? 0);
    if (options.highPassS !== undefined) {
      highPassState ??= vertical;
      highPassState += (1 - Math.exp(-dt / options.highPassS)) * (vertical - highPassState);
      vertical -= highPassState;
    }
    const vibrating = options.movingAt?.(t) ? options.vibration ?? 0 : 0;
    const force = G + vertical + vibrating * Math.sin(2 * Math.PI * 11 * t);
    const lateral = vibrating * Math.sin(2 * Math.PI * 7 * t + 1);
    // World (lateral, 0, force) rotated by the mount tilt about x, then y.
    const y1 = -force * Math.sin(tiltX);
    const z1 = force * Math.cos(tiltX);
    const x = lateral * Math.cos(tiltY) + z1 * Math.sin(tiltY);
    const z = -lateral * Math.sin(tiltY) + z1 * Math.cos(tiltY);
    frames.push({
      t,
      acceleration: { x: x + bias[0] + noise * rng.gaussian(), y: y1 + bias[1] + noise * rng.gaussian(), z: z + bias[2] + noise * rng.gaussian() },
    });
  }
  return frames;
}

export function traceOf(frames: SensorFrame[], rateHz: number, barometer = false): Trace {
  const fitted: FittedSensors = {
    accelerometer: frames.some((frame) => frame.acceleration),
    accelerometerHz: rateHz,
    barometer,
    door_closed: false,
    door_zone: false,
    occupied: false,
    alarm: false,
    mains: false,
    inspection: false,
  };
  const columns = ["t", ...(fitted.accelerometer ? ["ax", "ay", "az"] : []), ...(barometer ? ["pressure"] : [])];
  return { metadata: {}, columns, frames, fitted };
}

/** Pressure at a height above the reference, Pa (inverse of the barometric formula). */
export function pressureAt(heightM: number, referencePa = 101325): number {
  return referencePa * Math.pow(1 - heightM / 44330.77, 1 / 0.190263);
}

/** Height of the car along a run (integrating its profile), sampled for a barometer. */
export function heightTrack(profile: Profile, durationS: number, stepS = 0.001): (t: number) => number {
  const samples: number[] = [];
  let v = 0;
  let h = 0;
  for (let index = 0; index * stepS <= durationS + 1; index++) {
    samples.push(h);
    v += profile(index * stepS) * stepS;
    h += v * stepS;
  }
  return (t) => samples[Math.min(samples.length - 1, Math.max(0, Math.round(t / stepS)))];
}
