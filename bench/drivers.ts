/**
 * What the HAL's accelerometer path costs: each real driver draining its register-level
 * emulator over the simulated bus, per sample delivered (bus transfers, register decoding,
 * FIFO bookkeeping, timestamps, the emulator's lazy sampling). The whole simulated box must
 * stay ≥ 2,000× real time at 400 Hz, i.e. 1,250 ns per sample for everything; the target
 * leaves the driver path a fifth of that.
 */
import { performance } from "node:perf_hooks";
import type { Clock } from "../hal/clock.ts";
import { Adxl345 } from "../hal/drivers/accelerometer/adxl345.ts";
import { ADXL345_ADDRESS } from "../hal/drivers/accelerometer/adxl345.registers.ts";
import { LIS3DH_ADDRESS } from "../hal/drivers/accelerometer/lis3dh.registers.ts";
import { MPU6050_ADDRESS } from "../hal/drivers/accelerometer/mpu6050.registers.ts";
import { STANDARD_GRAVITY } from "../hal/drivers/accelerometer/common.ts";
import { Lis3dh } from "../hal/drivers/accelerometer/lis3dh.ts";
import { Mpu6050 } from "../hal/drivers/accelerometer/mpu6050.ts";
import type { I2cBus } from "../hal/io/i2c.ts";
import type { Accelerometer, Vector3 } from "../hal/sensors.ts";
import { type I2cTarget, SimulatedI2cBus } from "../simulator/bus/simulated-i2c-bus.ts";
import { Adxl345Emulator } from "../simulator/chips/adxl345.ts";
import { Lis3dhEmulator } from "../simulator/chips/lis3dh.ts";
import { Mpu6050Emulator } from "../simulator/chips/mpu6050.ts";
import type { AccelerationSource } from "../simulator/chips/physical-source.ts";
import { VirtualClock } from "../simulator/clock.ts";
import type { Figure } from "./figures.ts";

const DRAIN_INTERVAL_MS = 10;

interface Pair {
  name: string;
  address: number;
  /** 400 Hz where the chip has it; the MPU-6050's nearest is 500 Hz (1 kHz / 2). */
  rateHz: number;
  emulator(clock: Clock, acceleration: AccelerationSource): I2cTarget;
  driver(bus: I2cBus, clock: Clock, rateHz: number): Accelerometer;
}

const pairs: Pair[] = [
  { name: "ADXL345", address: ADXL345_ADDRESS, rateHz: 400, emulator: (clock, acceleration) => new Adxl345Emulator({ clock, acceleration }), driver: (bus, clock, rate_hz) => new Adxl345({ bus, clock, rate_hz }) },
  { name: "MPU-6050", address: MPU6050_ADDRESS, rateHz: 500, emulator: (clock, acceleration) => new Mpu6050Emulator({ clock, acceleration }), driver: (bus, clock, rate_hz) => new Mpu6050({ bus, clock, rate_hz }) },
  { name: "LIS3DH", address: LIS3DH_ADDRESS, rateHz: 400, emulator: (clock, acceleration) => new Lis3dhEmulator({ clock, acceleration }), driver: (bus, clock, rate_hz) => new Lis3dh({ bus, clock, rate_hz }) },
];

/** ns per sample for one pair over `durationS` of virtual time. */
function measure(pair: Pair, durationS: number): { nsPerSample: number; samples: number } {
  const clock = new VirtualClock();
  const bus = new SimulatedI2cBus();
  // A lift-like signal: gravity plus a 1 Hz sway, in one reused vector (the source's own cost is not the driver's).
  const vector: Vector3 = { x: 0, y: 0, z: STANDARD_GRAVITY };
  bus.attach(pair.address, pair.emulator(clock, (t) => ((vector.x = 0.5 * Math.sin(2 * Math.PI * t)), vector)));
  const driver = pair.driver(bus, clock, pair.rateHz);
  const drains = Math.round((durationS * 1000) / DRAIN_INTERVAL_MS);
  let samples = 0;
  const start = performance.now();
  for (let drain = 0; drain < drains; drain++) {
    clock.advanceBy(DRAIN_INTERVAL_MS);
    samples += driver.sample().length;
  }
  const elapsedMs = performance.now() - start;
  driver.close();
  return { nsPerSample: (elapsedMs * 1e6) / samples, samples };
}

export function driverFigures(quick: boolean): Figure[] {
  const durationS = quick ? 600 : 3600;
  return pairs.map((pair) => {
    measure(pair, 120); // warm-up: let the JIT compile the hot path
    const { nsPerSample } = measure(pair, durationS);
    return {
      name: `${pair.name} driver + emulator`,
      value: nsPerSample,
      unit: "ns/sample",
      method: `real driver draining its register-level emulator on the simulated bus every ${DRAIN_INTERVAL_MS} ms of virtual time, ${pair.rateHz} Hz, ${durationS} s of virtual time, one core`,
      target: "≤ 250 ns/sample (a fifth of the 2,000× real-time budget at 400 Hz)",
    };
  });
}
