/**
 * What the box's chips sense as the simulated lift makes them: the physics faces the chip
 * emulators sample (simulator/chips). The accelerometer is bolted to the car roof at some
 * tilt, with sensitivity error, bias and noise; the barometer sits in the shaft's air.
 * A frozen accelerometer (a physics-side fault: the chip keeps converting the same value)
 * acts here; faults on the wires act on the bus and the GPIO lines.
 */
import type { Vector3 } from "../hal/sensors.ts";
import type { AccelerationSource, PressureSource } from "./chips/physical-source.ts";
import { WornTone, wornRoughness } from "./faults/vibration.ts";
import type { SimulatedLift } from "./lift.ts";
import { blankKinematics } from "./motion-profile.ts";
import type { SeededRandom } from "./random.ts";
import { CarRoughness } from "./roughness.ts";
import type { Scenario } from "./scenario.ts";

export const STANDARD_GRAVITY = 9.80665;

/**
 * A vector that per-sample code keeps and rewrites instead of making one per sample. Its
 * fields start as numbers: a field that starts undefined (as a bare declaration or a
 * constructor parameter property leaves it) is boxed anew at every write of a double.
 */
class ReusedVector3 implements Vector3 {
  x = 0;
  y = 0;
  z = 0;

  constructor(x = 0, y = 0, z = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
  }
}

type Matrix3 = [number, number, number, number, number, number, number, number, number];

/** Rotation from the car frame (z up) into the sensor frame, from the mount's roll, pitch and yaw. */
export function mountRotation(rollDeg: number, pitchDeg: number, yawDeg: number): Matrix3 {
  const [r, p, y] = [rollDeg, pitchDeg, yawDeg].map((degrees) => (degrees * Math.PI) / 180);
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(r), Math.sin(r), Math.cos(p), Math.sin(p), Math.cos(y), Math.sin(y)];
  // Sensor = Rx(roll)ᵀ · Ry(pitch)ᵀ · Rz(yaw)ᵀ · car: the transpose of the mount's attitude.
  return [
    cp * cy, cp * sy, -sp,
    sr * sp * cy - cr * sy, sr * sp * sy + cr * cy, sr * cp,
    cr * sp * cy + sr * sy, cr * sp * sy - sr * cy, cr * cp,
  ];
}

/**
 * The least noise a chip shows, in steps of its readings: a real chip's analogue front end is
 * never quieter than a fraction of its step (how much more its datasheet gives is not checked
 * here). A scenario asking for less (noise_mps2: 0, an ideal chip) gets this: a chip with none
 * repeats its readings bit for bit at rest, which the firmware takes for a frozen chip (readings
 * dropped, the car's motion unseen), and its steps, not dithered, read a slow speed wrong. Below
 * every built-in scenario's and test's noise for its chip (the ADXL345's 3.9 mg: 0.0096 m/s²).
 */
export const CHIP_NOISE_FLOOR_STEPS = 0.25;

/** Specific force at the accelerometer, in its own axes, at time t; `stepMps2`: the step of the chip's readings as its driver gets them. */
export function accelerationSource(scenario: Scenario, lift: SimulatedLift, random: SeededRandom, stepMps2: number): AccelerationSource {
  const box = scenario.box;
  const noise = Math.max(box.noise_mps2, CHIP_NOISE_FLOOR_STEPS * stepMps2);
  // The sensitivity error scales everything the chip measures, so it rides on the rotation.
  const m = mountRotation(box.mount.roll_deg, box.mount.pitch_deg, box.mount.yaw_deg).map((entry) => entry * box.sensitivity) as Matrix3;
  const [bx, by, bz] = box.bias_mps2;
  // One force, car state and vibration, rewritten for every sample (400 a second) rather than
  // made anew. A frozen chip keeps converting the force as it last was.
  const force = new ReusedVector3(0, 0, STANDARD_GRAVITY);
  const motion = blankKinematics();
  const tone = new ReusedVector3();
  const wornTone = new WornTone();
  const rough = new ReusedVector3();
  const roughness = new CarRoughness();
  /** The ride roughness's x, y, z draws, then the noise's x, y, z: drawn together, in that order. */
  const draws = new Float64Array(6);
  /** A worn roller's roughness draws (drawn first), and both roughnesses' draws as one. */
  const wornDraws = new Float64Array(3);
  const roughDraws = new Float64Array(3);
  return (t) => {
    if (lift.sensorFaultAt("accelerometer_frozen", t)) return force;
    lift.kinematicsAt(t, motion);
    const ride = lift.travellingAt(t) ? box.ride_vibration_mps2 : 0;
    const wornWindow = lift.vibrationAt(t);
    const worn = wornWindow ? wornRoughness(wornWindow) : 0;
    wornTone.next(wornWindow, t, motion.velocity, tone);
    if (wornWindow) random.fillGaussian(wornDraws);
    random.fillGaussian(draws);
    // Two independent roughnesses are one of their summed power.
    const rms = Math.sqrt(ride * ride + worn * worn);
    for (let axis = 0; axis < 3; axis++) roughDraws[axis] = rms > 0 ? (ride * draws[axis] + worn * wornDraws[axis]) / rms : 0;
    roughness.next(t, rms, roughDraws, rough);
    // Specific force in the car frame: the car's acceleration plus the reaction to gravity.
    const cx = rough.x + tone.x;
    const cy = rough.y + tone.y;
    const cz = STANDARD_GRAVITY + motion.acceleration + rough.z + tone.z;
    force.x = m[0] * cx + m[1] * cy + m[2] * cz + bx + noise * draws[3];
    force.y = m[3] * cx + m[4] * cy + m[5] * cz + by + noise * draws[4];
    force.z = m[6] * cx + m[7] * cy + m[8] * cz + bz + noise * draws[5];
    return force;
  };
}

/** Standard sea-level pressure, and the gas constant of dry air. */
const SEA_LEVEL_PA = 101325;
const DRY_AIR_J_PER_KG_K = 287.05;

/** Pressure at the car's height in air at the shaft's temperature, as the weather moves it, with the chip's noise. */
export function pressureSource(lift: SimulatedLift, random: SeededRandom, noisePa: number, building: Pick<Scenario["building"], "air_temperature_c" | "weather_pa_per_h" | "weather_changes">): PressureSource {
  const airTemperatureC = building.air_temperature_c;
  // Hydrostatic in air at the shaft's temperature: the box's barometric formula assumes 15 °C.
  const scaleHeightM = (DRY_AIR_J_PER_KG_K * (airTemperatureC + 273.15)) / STANDARD_GRAVITY;
  const weather = weatherPa(building);
  const motion = blankKinematics();
  return (t) => ({
    pressure: (SEA_LEVEL_PA + weather(t)) * Math.exp(-lift.kinematicsAt(t, motion).position / scaleHeightM) + noisePa * random.gaussian(),
    temperature: airTemperatureC,
  });
}

/** Pa the weather moved the pressure by at `t`: at its first rate, then each change's from its time on. */
function weatherPa(building: Pick<Scenario["building"], "weather_pa_per_h" | "weather_changes">): (t: number) => number {
  const steps = [{ at: 0, paPerS: (building.weather_pa_per_h ?? 0) / 3600 }, ...[...(building.weather_changes ?? [])].sort((a, b) => a.at - b.at).map((change) => ({ at: change.at, paPerS: change.pa_per_h / 3600 }))];
  return (t) => {
    let pa = 0;
    for (let index = 0; index < steps.length && steps[index].at < t; index++) pa += steps[index].paPerS * (Math.min(t, steps[index + 1]?.at ?? Infinity) - steps[index].at);
    return pa;
  };
}
