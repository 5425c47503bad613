/**
 * The arithmetic of a calibration, from readings the box took: the mount from gravity at
 * rest, the distance of one run from the accelerometer, the door zone's half height from its
 * edges, the barometer's pressure per landing. Lift knowledge, so it lives in the firmware;
 * the calibration session (session.ts) decides when to call it.
 */
import type { AccelerationSample } from "../../hal/sensors.ts";
import { round } from "../rounding.ts";

export const STANDARD_GRAVITY = 9.80665;
/** largest per-axis standard deviation at rest: beyond it the box is being moved */
export const MOUNT_MAX_NOISE_MPS2 = 0.3;
/** |g| at rest further than this fraction from 9.80665 fails the mount's scale check */
export const MOUNT_MAX_SCALE_ERROR = 0.05;

/**
 * s of rest integrated either side of a run: enough to cover the firmware's lag in seeing a
 * start or a stop, no more, since every second of rest adds to the random walk of the noise
 * (1 s gave 26 mm rms at the top of a 12 m five-stop lift over ten seeds, 0.5 s 19 mm).
 */
const RUN_PAD_S = 0.5;

/** A calibration that cannot go on: one line for the engineer, naming the step. */
export class CalibrationError extends Error {
  override readonly name = "CalibrationError";
}

export interface MountResult {
  gravity: { x: number; y: number; z: number };
  gMps2: number;
  gUncertaintyMps2: number;
  rollDeg: number;
  pitchDeg: number;
  noiseMps2: number;
}

/** The mount from accelerometer samples taken at rest. Throws when the box was being moved. */
export function measureMount(samples: readonly { x: number; y: number; z: number }[]): MountResult {
  if (samples.length < 10) throw new CalibrationError("mount: too few accelerometer readings at rest (is the accelerometer fitted and answering?)");
  const average = { x: 0, y: 0, z: 0 };
  for (const sample of samples) for (const axis of ["x", "y", "z"] as const) average[axis] += sample[axis] / samples.length;
  const deviation = (["x", "y", "z"] as const).map((axis) => Math.sqrt(samples.reduce((sum, sample) => sum + (sample[axis] - average[axis]) ** 2, 0) / (samples.length - 1)));
  const noise = Math.max(...deviation);
  if (noise > MOUNT_MAX_NOISE_MPS2) {
    throw new CalibrationError(
      `mount: the box is being moved (acceleration varies by ${noise.toFixed(2)} m/s² at rest, at most ${MOUNT_MAX_NOISE_MPS2} expected): fix it to the car frame, stand still, and start again`,
    );
  }
  const g = Math.hypot(average.x, average.y, average.z);
  const up = { x: average.x / g, y: average.y / g, z: average.z / g };
  return {
    gravity: up,
    gMps2: g,
    gUncertaintyMps2: noise / Math.sqrt(samples.length),
    rollDeg: (Math.atan2(up.y, up.z) * 180) / Math.PI,
    pitchDeg: (Math.atan2(-up.x, Math.hypot(up.y, up.z)) * 180) / Math.PI,
    noiseMps2: noise,
  };
}

/** A change of the door-zone input: `entering` once its polarity is known. */
export interface ZoneEdge {
  t: number;
  entering: boolean;
}

/**
 * The vertical position along one run, integrated from the raw readings: vertical from the
 * mount's gravity (rest subtracted, so an offset cancels), the speed's drift removed so that it is zero at both
 * ends (the car is at rest before and after). Returns the distance and, for each door-zone
 * edge during the run, how far it lies from the run's nearer end (the zone's half height).
 */
export function integrateRun(
  samples: readonly AccelerationSample[],
  mount: MountResult,
  start: number,
  end: number,
  zoneEdges: readonly ZoneEdge[],
): { distanceM: number; zoneHalvesM: number[] } {
  const from = start - RUN_PAD_S;
  const to = end + RUN_PAD_S;
  const run = samples.filter((sample) => sample.t >= from && sample.t <= to);
  if (run.length < 2) return { distanceM: 0, zoneHalvesM: [] };
  const { gravity } = mount;
  // Speed by the trapezoid rule, then its end value spread linearly back (zero-velocity update).
  const times = run.map((sample) => sample.t);
  const vertical = run.map((sample) => sample.x * gravity.x + sample.y * gravity.y + sample.z * gravity.z - mount.gMps2);
  const speed = [0];
  for (let index = 1; index < run.length; index++) speed.push(speed[index - 1] + ((vertical[index] + vertical[index - 1]) / 2) * (times[index] - times[index - 1]));
  const span = times[times.length - 1] - times[0];
  const drift = speed[speed.length - 1];
  const corrected = speed.map((value, index) => value - (drift * (times[index] - times[0])) / span);
  const position = [0];
  for (let index = 1; index < run.length; index++) position.push(position[index - 1] + ((corrected[index] + corrected[index - 1]) / 2) * (times[index] - times[index - 1]));
  const at = (t: number) => {
    const index = times.findIndex((time) => time >= t);
    return index < 0 ? position[position.length - 1] : position[index];
  };
  const distance = position[position.length - 1];
  const halves = zoneEdges
    .filter((edge) => edge.t > start && edge.t < end + 0.5)
    .map((edge) => {
      const travelled = Math.abs(at(edge.t));
      // Leaving the departure zone: the distance from the start; entering the arrival zone: from the end.
      return edge.entering ? Math.abs(distance) - travelled : travelled;
    })
    .filter((half) => half > 0.01);
  return { distanceM: Math.abs(distance), zoneHalvesM: halves };
}

/**
 * Pressure at each landing and the barometer's scale, where one is fitted. The weather moves
 * every landing's pressure alike while the run goes on (a front, a few hundred Pa an hour: 50 Pa
 * over a ten-minute run, a sixtieth of a 24-landing tower's range), and the run visits the
 * landings in height order, so the scale is fitted on height and time together from every stop
 * (each floor is visited up and down, at times far apart), and each landing's pressure is given
 * as at the run's mean time. Where time cannot be told from height (one visit each), height alone.
 */
export function barometerAtLandings(
  pressures: readonly { t: number; pressure: number }[],
  stops: readonly { landing: number; arrived: number; left?: number }[],
  landings: readonly number[],
): { pressures_pa: number[]; scale_m_per_pa: number } | undefined {
  if (pressures.length === 0) return undefined;
  // Each stop's mean pressure and time, from a second after it arrived until it left.
  const visits: { landing: number; t: number; pressure: number }[] = [];
  for (const stop of stops) {
    if (stop.left === undefined) continue;
    const readings = pressures.filter((reading) => reading.t >= stop.arrived + 1 && reading.t <= stop.left!);
    if (readings.length > 0) visits.push({ landing: stop.landing, t: mean(readings.map((reading) => reading.t)), pressure: mean(readings.map((reading) => reading.pressure)) });
  }
  if (landings.some((_, landing) => !visits.some((visit) => visit.landing === landing))) return undefined;
  const fit = heightOnPressureAndTime(visits.map((visit) => ({ height: landings[visit.landing], pressure: visit.pressure, t: visit.t })));
  if (!fit) return undefined;
  // Pa/s the weather moved every pressure by: height = c + scale·pressure + perSecond·t, so at one height pressure moves by -perSecond/scale.
  const weatherPaPerS = -fit.perSecond / fit.scale;
  const meanT = mean(visits.map((visit) => visit.t));
  const perLanding = landings.map((_, landing) =>
    mean(visits.filter((visit) => visit.landing === landing).map((visit) => visit.pressure - weatherPaPerS * (visit.t - meanT))),
  );
  return { pressures_pa: perLanding.map((pressure) => round(pressure, 2)), scale_m_per_pa: round(fit.scale, 7) };
}

/**
 * Least squares of height on pressure and time: the scale (m/Pa) and the height per second the
 * weather moved the readings by; time is left out (0) where it is nearly one with height or
 * does not vary. Undefined where the pressures do not vary.
 */
function heightOnPressureAndTime(points: { height: number; pressure: number; t: number }[]): { scale: number; perSecond: number } | undefined {
  const [h, p, t] = [mean(points.map((point) => point.height)), mean(points.map((point) => point.pressure)), mean(points.map((point) => point.t))];
  let [pp, tt, pt, hp, ht] = [0, 0, 0, 0, 0];
  for (const point of points) {
    const [dh, dp, dt] = [point.height - h, point.pressure - p, point.t - t];
    [pp, tt, pt, hp, ht] = [pp + dp * dp, tt + dt * dt, pt + dp * dt, hp + dh * dp, ht + dh * dt];
  }
  if (pp === 0) return undefined;
  // Time nearly a function of pressure (the correlation's square past 0.99): the two cannot be told apart.
  const determinant = pp * tt - pt * pt;
  if (tt === 0 || determinant < 0.01 * pp * tt) return { scale: hp / pp, perSecond: 0 };
  return { scale: (hp * tt - ht * pt) / determinant, perSecond: (ht * pp - hp * pt) / determinant };
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function standardDeviation(values: readonly number[]): number {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}
