/**
 * `liftwatch calibrate` against the simulator: the three steps on a simulated box whose
 * firmware is not told the lift's landings, door zone or rated speed.
 *
 * - mount: the car at rest, the accelerometer averaged for a few seconds;
 * - learning run: calls made landing by landing, bottom to top and back down, then one run
 *   bottom to top for the cruise speed; the firmware's trip records say when each run began
 *   and ended; each floor's height is the distance integrated over its two runs (speed zero
 *   at both ends), anchored at the bottom; the door zone from the door-zone edges against
 *   that position; the rated speed from the firmware's peak speed of the long run;
 * - inputs: the door contact read while the simulator's door is open and closed.
 *
 * The sensors are watched as the firmware reads them (a tap on the sensor set), so the
 * calibration sees exactly what the box sees.
 */
import type { Config, ConfigInput } from "../firmware/config/schema.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import type { UnsignedCalibration } from "../firmware/calibration/record.ts";
import type { AccelerationSample } from "../hal/sensors.ts";
import type { SensorReading } from "../hal/sensor-tap.ts";
import { round } from "../firmware/rounding.ts";
import type { Scenario } from "./scenario.ts";
import { createSimulatedBox } from "./simulated-box.ts";

export const STANDARD_GRAVITY = 9.80665;

/** s of rest averaged for the mount, after the firmware's own settling */
const MOUNT_FROM_S = 2;
const MOUNT_TO_S = 7;
/** largest per-axis standard deviation at rest: beyond it the box is being moved */
export const MOUNT_MAX_NOISE_MPS2 = 0.3;
/** |g| at rest further than this fraction from 9.80665 fails the mount's scale check */
export const MOUNT_MAX_SCALE_ERROR = 0.05;
/** longest the car may take to serve one call before the run is abandoned */
const CALL_TIMEOUT_S = 180;

export class CalibrationError extends Error {
  override readonly name = "CalibrationError";
}

export interface CalibrationOptions {
  config?: ConfigInput;
  seed?: number;
  progress?: (line: string) => void;
}

interface Tap {
  acceleration: AccelerationSample[];
  pressure: { t: number; pressure: number }[];
  doorZone: { t: number; value: boolean }[];
  /** reads of the door contact with the simulator's truth at that moment */
  door: { read: boolean; truthClosed: boolean; t: number }[];
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
  const mean = { x: 0, y: 0, z: 0 };
  for (const sample of samples) for (const axis of ["x", "y", "z"] as const) mean[axis] += sample[axis] / samples.length;
  const deviation = (["x", "y", "z"] as const).map((axis) => Math.sqrt(samples.reduce((sum, sample) => sum + (sample[axis] - mean[axis]) ** 2, 0) / (samples.length - 1)));
  const noise = Math.max(...deviation);
  if (noise > MOUNT_MAX_NOISE_MPS2) {
    throw new CalibrationError(
      `mount: the box is being moved (acceleration varies by ${noise.toFixed(2)} m/s² at rest, at most ${MOUNT_MAX_NOISE_MPS2} expected): fix it to the car frame, stand still, and start again`,
    );
  }
  const g = Math.hypot(mean.x, mean.y, mean.z);
  const up = { x: mean.x / g, y: mean.y / g, z: mean.z / g };
  return {
    gravity: up,
    gMps2: g,
    gUncertaintyMps2: noise / Math.sqrt(samples.length),
    rollDeg: (Math.atan2(up.y, up.z) * 180) / Math.PI,
    pitchDeg: (Math.atan2(-up.x, Math.hypot(up.y, up.z)) * 180) / Math.PI,
    noiseMps2: noise,
  };
}

/** Runs the three steps on a simulated box of `scenario`'s lift; returns the record to sign. */
export function calibrateSimulated(scenario: Scenario, options: CalibrationOptions = {}): UnsignedCalibration {
  const progress = options.progress ?? (() => {});
  const landingCount = scenario.building.landings_m.length;
  // The lift and the box of the scenario, without its passengers, traffic or faults: the engineer has the lift to himself.
  const quiet: Scenario = { ...scenario, passengers: [], faults: [], traffic: { passengers_per_hour: 0 }, lift: { ...scenario.lift, start_landing: 0 } };
  const tap: Tap = { acceleration: [], pressure: [], doorZone: [], door: [] };
  const trips: DetectionRecord[] = [];
  let lift: ReturnType<typeof createSimulatedBox>["lift"] | undefined;
  const box = createSimulatedBox(quiet, {
    seed: options.seed,
    config: { ...options.config, calibration: {}, lift: { ...options.config?.lift, landings_m: [], rated_speed_mps: undefined } },
    learning: true,
    sink: { event: () => {}, trip: () => {} },
    onRecord: (record) => {
      if (record.type === "trip") trips.push(record);
    },
  });
  lift = box.lift;
  box.tap.listen((reading) => keep(reading, tap, () => ({ t: box.clock.now() / 1000, closed: lift!.doorClosed })));
  const config = box.config;
  const steps: UnsignedCalibration["steps"] = [];

  // ── step 1: mount ──
  progress("step 1/3: mount: car at rest, measuring gravity for 5 s");
  if (!config.sensors.accelerometer || !quiet.box.accelerometer) throw new CalibrationError("mount: no accelerometer fitted: the box cannot calibrate without one");
  box.clock.advanceTo(MOUNT_TO_S * 1000);
  const mount = measureMount(tap.acceleration.filter((sample) => sample.t >= MOUNT_FROM_S && sample.t <= MOUNT_TO_S));
  // A check, not a correction: from one orientation an offset along gravity and a sensitivity
  // error look alike, and an offset cancels in everything measured from rest.
  const scale = STANDARD_GRAVITY / mount.gMps2;
  const scaleOk = Math.abs(scale - 1) <= MOUNT_MAX_SCALE_ERROR;
  steps.push({
    name: "mount",
    result: scaleOk ? "ok" : "failed",
    detail: `|g| ${mount.gMps2.toFixed(3)} m/s² (${((1 / scale - 1) * 100).toFixed(1)} % from 9.807${scaleOk ? "" : `, more than ${MOUNT_MAX_SCALE_ERROR * 100} %: check the accelerometer's range and chip`}), roll ${mount.rollDeg.toFixed(1)}°, pitch ${mount.pitchDeg.toFixed(1)}°; yaw is unknowable from gravity`,
  });

  // ── step 2: learning run ──
  const stops: { landing: number; arrived: number; left?: number }[] = [{ landing: 0, arrived: 0 }];
  const serve = (from: number, to: number, label: string) => {
    progress(label);
    const before = trips.length;
    stops[stops.length - 1].left = box.clock.now() / 1000;
    lift!.request(from, to);
    const deadline = box.clock.now() + CALL_TIMEOUT_S * 1000;
    // Until the firmware has recorded the trip and the car is parked, door closed, again.
    while (!(trips.length > before && lift!.phase === "idle")) {
      if (box.clock.now() > deadline) throw new CalibrationError(`learning run: no trip seen within ${CALL_TIMEOUT_S} s of the call for landing ${to} (check the accelerometer is fixed rigidly)`);
      box.clock.advanceTo(box.clock.now() + 500);
    }
    if (trips.length - before !== 1) throw new CalibrationError(`learning run: ${trips.length - before} trips seen for one run to landing ${to} (the car re-levelled or someone moved in it): run it again`);
    box.clock.advanceTo(box.clock.now() + 3000);
    stops.push({ landing: to, arrived: trips[trips.length - 1].end as number });
  };
  for (let landing = 1; landing < landingCount; landing++) serve(landing - 1, landing, `step 2/3: learning run up, landing ${landing + 1} of ${landingCount}`);
  const upTrips = trips.slice();
  // And back down landing by landing: each floor measured twice, on independent runs, halves the variance.
  for (let landing = landingCount - 2; landing >= 0; landing--) serve(landing + 1, landing, `step 2/3: learning run down, landing ${landing + 1} of ${landingCount}`);
  const downTrips = trips.slice(upTrips.length).reverse();
  serve(0, landingCount - 1, `step 2/3: learning run, bottom to top in one run (cruise speed)`);
  box.device.stop();

  const integrate = (trip: DetectionRecord) => integrateRun(tap.acceleration, mount, trip.start as number, trip.end as number, tap.doorZone);
  const runs = [...upTrips, ...downTrips].map(integrate);
  const landings = [0];
  const landingsUncertainty = [0];
  for (let floor = 0; floor < landingCount - 1; floor++) {
    for (const [trip, direction] of [[upTrips[floor], "up"], [downTrips[floor], "down"]] as const) {
      if (trip.direction !== direction) throw new CalibrationError(`learning run: the run between landings ${floor} and ${floor + 1} went ${String(trip.direction)}, expected ${direction}`);
    }
    const up = runs[floor].distanceM;
    const down = runs[upTrips.length + floor].distanceM;
    landings.push(landings[floor] + (up + down) / 2);
    // Two measurements of one floor: their spread is the measure of each (one σ of the mean ≈ |up − down| / 2).
    const uncertainty = Math.max(0.003, Math.abs(up - down) / 2);
    landingsUncertainty.push(Math.sqrt(landingsUncertainty[floor] ** 2 + uncertainty ** 2));
  }
  const halves = runs.flatMap((run) => run.zoneHalvesM);
  if (config.sensors.door_zone && quiet.box.door_zone_sensor && halves.length === 0) throw new CalibrationError("learning run: no door-zone edge seen on any run: check the door-zone sensor");
  const half = halves.length > 0 ? mean(halves) : config.lift.door_zone_half_m;
  const halfUncertainty = halves.length > 1 ? standardDeviation(halves) / Math.sqrt(halves.length) : 0.05;
  const express = trips[trips.length - 1];
  const ratedSpeed = express.max_speed_mps as number;
  const expressRun = integrateRun(tap.acceleration, mount, express.start as number, express.end as number, []);
  const barometer = barometerAtLandings(tap.pressure, stops, landings);
  steps.push({
    name: "learning_run",
    result: "ok",
    detail: `${landingCount} landings over ${landings[landings.length - 1].toFixed(3)} m, door zone ±${half.toFixed(3)} m, cruise ${ratedSpeed.toFixed(3)} m/s (express run ${expressRun.distanceM.toFixed(3)} m)${barometer ? `, barometer ${barometer.scale_m_per_pa.toExponential(4)} m/Pa` : ""}`,
  });

  // ── step 3: inputs ──
  progress("step 3/3: inputs: door contact polarity (the door opened and closed at every stop)");
  const agreeing = tap.door.filter((read) => read.read === read.truthClosed).length;
  const disagreeing = tap.door.length - agreeing;
  const polarity = tap.door.length === 0 ? "unchecked" : agreeing >= disagreeing ? "normal" : "inverted";
  const opened = tap.door.some((read) => !read.truthClosed);
  steps.push({
    name: "inputs",
    result: tap.door.length === 0 ? "skipped" : polarity === "normal" && opened ? "ok" : "failed",
    detail:
      tap.door.length === 0
        ? "no door contact fitted"
        : `door contact ${polarity}: ${agreeing} reads agree with the door, ${disagreeing} disagree${polarity === "inverted" ? " (set contact: for door_contact in the board file, or rewire)" : ""}`,
  });

  return {
    v: 1,
    kind: "calibration",
    device_id: config.device.id,
    config_version: config.config_version,
    // When the engineer calibrated, not the simulation's fixed epoch: the record dates the calibration.
    calibrated_at: new Date().toISOString(),
    source: `simulator:${scenario.name}`,
    mount: {
      gravity_chip: { x: round(mount.gravity.x, 6), y: round(mount.gravity.y, 6), z: round(mount.gravity.z, 6) },
      g_mps2: round(mount.gMps2, 4),
      g_uncertainty_mps2: round(mount.gUncertaintyMps2, 5),
      scale: round(scale, 5),
      roll_deg: round(mount.rollDeg, 2),
      pitch_deg: round(mount.pitchDeg, 2),
      yaw_deg: null,
      noise_mps2: round(mount.noiseMps2, 4),
    },
    lift: {
      landings_m: landings.map((height) => round(height, 4)),
      landings_uncertainty_m: landingsUncertainty.map((value) => round(value, 4)),
      door_zone_half_m: round(half, 4),
      door_zone_half_uncertainty_m: round(halfUncertainty, 4),
      rated_speed_mps: round(ratedSpeed, 3),
      rated_speed_uncertainty_mps: round(Math.max(0.01, ratedSpeed * 0.01), 3),
    },
    ...(barometer ? { barometer } : {}),
    inputs: { door_contact: { polarity, agreeing_reads: agreeing, disagreeing_reads: disagreeing } },
    steps,
  };
}

/** Keeps every reading the firmware takes, with the simulator's door at that moment. */
function keep(reading: SensorReading, tap: Tap, truth: () => { t: number; closed: boolean }): void {
  switch (reading.sensor) {
    case "accelerometer":
      tap.acceleration.push(...reading.samples);
      break;
    case "barometer":
      tap.pressure.push({ t: reading.t, pressure: reading.pressure });
      break;
    case "doorZone": {
      const last = tap.doorZone[tap.doorZone.length - 1];
      if (!last || last.value !== reading.value) tap.doorZone.push({ t: truth().t, value: reading.value });
      break;
    }
    case "doorClosed": {
      const now = truth();
      tap.door.push({ read: reading.value, truthClosed: now.closed, t: now.t });
      break;
    }
  }
}

/**
 * The vertical position along one run, integrated from the raw readings: vertical from the
 * mount's gravity (rest subtracted, so an offset cancels), the speed's drift removed so that it is zero at both
 * ends (the car is at rest before and after). Returns the distance and, for each door-zone
 * edge during the run, how far it lies from the run's nearer end (the zone's half height).
 */
function integrateRun(
  samples: readonly AccelerationSample[],
  mount: MountResult,
  start: number,
  end: number,
  zoneEdges: readonly { t: number; value: boolean }[],
): { distanceM: number; zoneHalvesM: number[] } {
  const from = start - 1;
  const to = end + 1;
  const run = samples.filter((sample) => sample.t >= from && sample.t <= to);
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
      return edge.value ? Math.abs(distance) - travelled : travelled;
    })
    .filter((half) => half > 0.01);
  return { distanceM: Math.abs(distance), zoneHalvesM: halves };
}

/** Pressure at each landing (mean while the car stood there) and the barometer's scale, where one is fitted. */
function barometerAtLandings(
  pressures: readonly { t: number; pressure: number }[],
  stops: readonly { landing: number; arrived: number; left?: number }[],
  landings: readonly number[],
): { pressures_pa: number[]; scale_m_per_pa: number } | undefined {
  if (pressures.length === 0) return undefined;
  const perLanding: number[] = [];
  for (let landing = 0; landing < landings.length; landing++) {
    const stop = stops.find((candidate) => candidate.landing === landing && candidate.left !== undefined);
    if (!stop) return undefined;
    const readings = pressures.filter((reading) => reading.t >= stop.arrived + 1 && reading.t <= stop.left!).map((reading) => reading.pressure);
    if (readings.length === 0) return undefined;
    perLanding.push(mean(readings));
  }
  const meanP = mean(perLanding);
  const meanH = mean(landings as number[]);
  const covariance = perLanding.reduce((sum, pressure, index) => sum + (pressure - meanP) * (landings[index] - meanH), 0);
  const variance = perLanding.reduce((sum, pressure) => sum + (pressure - meanP) ** 2, 0);
  return { pressures_pa: perLanding.map((pressure) => round(pressure, 2)), scale_m_per_pa: round(covariance / variance, 7) };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function standardDeviation(values: readonly number[]): number {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

export type { Config };
