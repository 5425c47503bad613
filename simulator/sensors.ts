/**
 * The box's sensors as the simulated lift makes them read: an accelerometer bolted to the
 * car roof at some tilt, with bias and noise; the door contact; the door-zone sensor; a PIR;
 * the alarm button, mains monitor and inspection switch; optionally a barometer. Sensor
 * faults of the scenario (a disconnected or frozen chip, a chattering contact) act here.
 * Register-level chip emulators replace the accelerometer here in the hardware issue; the
 * HAL interfaces stay the same.
 */
import type { Clock } from "../hal/clock.ts";
import type { AccelerationSample, Accelerometer, Barometer, DigitalInput, SensorSet } from "../hal/sensors.ts";
import { vibrationAt } from "./faults/vibration.ts";
import type { SimulatedLift } from "./lift.ts";
import type { SeededRandom } from "./random.ts";
import type { Scenario } from "./scenario.ts";

export const STANDARD_GRAVITY = 9.80665;

type Vector = Omit<AccelerationSample, "t">;
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

class SimulatedAccelerometer implements Accelerometer {
  private lastSampleIndex: number;
  /** the last sample that left the chip: a frozen chip repeats it */
  private lastSample: Vector = { x: 0, y: 0, z: STANDARD_GRAVITY };
  private closed = false;
  private readonly rotation: Matrix3;

  constructor(
    readonly rateHz: number,
    private readonly lift: SimulatedLift,
    private readonly clock: Clock,
    private readonly random: SeededRandom,
    private readonly box: Scenario["box"],
  ) {
    // The sensitivity error scales everything the chip measures, so it rides on the rotation.
    this.rotation = mountRotation(box.mount.roll_deg, box.mount.pitch_deg, box.mount.yaw_deg).map((entry) => entry * box.sensitivity) as Matrix3;
    this.lastSampleIndex = Math.floor((clock.now() / 1000) * rateHz);
  }

  sample(): AccelerationSample[] {
    if (this.closed) throw new Error("accelerometer is closed");
    const lastIndex = Math.floor((this.clock.now() / 1000) * this.rateHz);
    const samples: AccelerationSample[] = [];
    for (let index = this.lastSampleIndex + 1; index <= lastIndex; index++) samples.push(this.sampleAt(index / this.rateHz));
    this.lastSampleIndex = lastIndex;
    return samples;
  }

  close(): void {
    this.closed = true;
  }

  private sampleAt(t: number): AccelerationSample {
    if (this.lift.sensorFaultAt("accelerometer_disconnected", t)) return { t, x: 0, y: 0, z: 0 };
    if (this.lift.sensorFaultAt("accelerometer_frozen", t)) return { t, ...this.lastSample };
    const { t: _, ...reading } = this.measure(t);
    this.lastSample = reading;
    return { t, ...reading };
  }

  private measure(t: number): AccelerationSample {
    const motion = this.lift.kinematicsAt(t);
    const vibration = this.lift.travellingAt(t) ? this.box.ride_vibration_mps2 : 0;
    const worn = this.lift.vibrationAt(t);
    const [wx, wy, wz] = worn ? vibrationAt(worn, t, this.random) : [0, 0, 0];
    // Specific force in the car frame: the car's acceleration plus the reaction to gravity.
    const car = [
      vibration * this.random.gaussian() + wx,
      vibration * this.random.gaussian() + wy,
      STANDARD_GRAVITY + motion.acceleration + vibration * this.random.gaussian() + wz,
    ];
    const m = this.rotation;
    const noise = this.box.noise_mps2;
    const [bx, by, bz] = this.box.bias_mps2;
    return {
      t,
      x: m[0] * car[0] + m[1] * car[1] + m[2] * car[2] + bx + noise * this.random.gaussian(),
      y: m[3] * car[0] + m[4] * car[1] + m[5] * car[2] + by + noise * this.random.gaussian(),
      z: m[6] * car[0] + m[7] * car[1] + m[8] * car[2] + bz + noise * this.random.gaussian(),
    };
  }
}

function input(read: () => boolean): DigitalInput {
  return { read, close: () => undefined };
}

/** Standard sea-level pressure, and the gas constant of dry air. */
const SEA_LEVEL_PA = 101325;
const DRY_AIR_J_PER_KG_K = 287.05;

class SimulatedBarometer implements Barometer {
  constructor(
    private readonly lift: SimulatedLift,
    private readonly clock: Clock,
    private readonly random: SeededRandom,
    private readonly noisePa: number,
    private readonly airTemperatureC: number,
  ) {}

  sample(): { t: number; pressure: number } {
    const t = this.clock.now() / 1000;
    const height = this.lift.kinematicsAt(t).position;
    // Hydrostatic in air at the shaft's temperature: the box's barometric formula assumes 15 °C.
    const scaleHeightM = (DRY_AIR_J_PER_KG_K * (this.airTemperatureC + 273.15)) / STANDARD_GRAVITY;
    return { t, pressure: SEA_LEVEL_PA * Math.exp(-height / scaleHeightM) + this.noisePa * this.random.gaussian() };
  }

  close(): void {}
}

export function simulatedSensors(scenario: Scenario, lift: SimulatedLift, clock: Clock, random: SeededRandom): SensorSet {
  const box = scenario.box;
  const now = () => clock.now() / 1000;
  // A broken contact reads whatever it happens to touch at each read.
  const doorContact = () => (lift.sensorFaultAt("door_contact_chatter", now()) ? random.next() < 0.5 : lift.doorClosed);
  return {
    accelerometer: box.accelerometer ? new SimulatedAccelerometer(box.accelerometer_hz, lift, clock, random, box) : undefined,
    barometer: box.barometer ? new SimulatedBarometer(lift, clock, random, box.barometer_noise_pa, scenario.building.air_temperature_c) : undefined,
    doorClosed: box.door_contact ? input(doorContact) : undefined,
    doorZone: box.door_zone_sensor ? input(() => lift.inDoorZone()) : undefined,
    occupied: box.presence_sensor ? input(() => lift.occupied) : undefined,
    alarm: box.alarm_button ? input(() => lift.alarmPressed) : undefined,
    mains: box.mains_monitor ? input(() => lift.powered) : undefined,
    inspection: box.inspection_switch ? input(() => lift.inspection) : undefined,
  };
}
