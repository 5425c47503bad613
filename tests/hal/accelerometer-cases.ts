// The driver × emulator pairs the accelerometer conformance sweep runs, each with what the
// sweep needs to know about the chip: ranges, rates, FIFO depth, resolution, and how to read
// its configuration back from its registers (decoded with the shared register map).
import { Adxl345 } from "../../hal/drivers/accelerometer/adxl345.ts";
import { ADXL345_ADDRESS, ADXL345_BITS, ADXL345_FIFO_DEPTH, ADXL345_RANGE_G, ADXL345_RATE_CODES, ADXL345_REGISTER } from "../../hal/drivers/accelerometer/adxl345.registers.ts";
import type { AccelerometerConfiguration } from "../../hal/drivers/accelerometer/common.ts";
import type { Clock } from "../../hal/clock.ts";
import type { I2cBus } from "../../hal/io/i2c.ts";
import type { Accelerometer } from "../../hal/sensors.ts";
import type { I2cTarget } from "../../simulator/bus/simulated-i2c-bus.ts";
import { Adxl345Emulator } from "../../simulator/chips/adxl345.ts";
import { Mpu6050, mpu6050SettlingEntries } from "../../hal/drivers/accelerometer/mpu6050.ts";
import { MPU6050_ACCEL_ENTRY_BYTES, MPU6050_ADDRESS, MPU6050_BITS, MPU6050_DLPF, MPU6050_FIFO_BYTES, MPU6050_RANGE_G, MPU6050_REGISTER, mpu6050LsbPerG } from "../../hal/drivers/accelerometer/mpu6050.registers.ts";
import { Mpu6050Emulator } from "../../simulator/chips/mpu6050.ts";
import { Lis3dh } from "../../hal/drivers/accelerometer/lis3dh.ts";
import { LIS3DH_ADDRESS, LIS3DH_AUTO_INCREMENT, LIS3DH_BITS, LIS3DH_FIFO_DEPTH, LIS3DH_RANGE_G, LIS3DH_RATE_CODES, LIS3DH_REGISTER, lis3dhGPerDigit } from "../../hal/drivers/accelerometer/lis3dh.registers.ts";
import { Lis3dhEmulator } from "../../simulator/chips/lis3dh.ts";
import type { AccelerationSource } from "../../simulator/chips/physical-source.ts";

export interface Driver extends Accelerometer {
  configure(partial: Partial<AccelerometerConfiguration>): void;
  readonly overruns: number;
  readonly lostSamples: number;
  readonly resets: number;
  readonly estimatedRateHz: number;
}

interface EmulatorOptions {
  clock: Clock;
  acceleration: AccelerationSource;
  rateErrorPpm?: number;
}

export interface ChipCase {
  name: string;
  address: number;
  ranges: readonly number[];
  /** Every rate the driver accepts. */
  rates: readonly number[];
  defaults: AccelerometerConfiguration;
  /** FIFO depth, samples. */
  fifoDepth: number;
  maxWatermark: number;
  /** g per LSB as the driver configures the chip at this range. */
  lsbG(range: number): number;
  emulator(options: EmulatorOptions): I2cTarget & { powerCycle(): void };
  driver(options: { bus: I2cBus; clock: Clock } & Partial<AccelerometerConfiguration>): Driver;
  /** An emulator of a different chip, to put at this chip's address. */
  otherChip(options: EmulatorOptions): I2cTarget;
  /** The configuration as the chip's registers hold it (without watermark if the chip has no register for it). */
  readBack(bus: I2cBus): Partial<AccelerometerConfiguration>;
  /** False when the chip has no watermark register (MPU-6050). */
  watermarkInRegisters: boolean;
  /** True when the driver keeps the FIFO's content after an overrun; false when it must discard it (MPU-6050). */
  overrunKeepsEntries: boolean;
  /** Entries the driver drops after configuring the chip at `rateHz`, while its output settles (MPU-6050). */
  settlingEntries(rateHz: number): number;
}

/** Stands in for "some other chip" until the sweep has a second emulator: every register reads 0x00. */
const silentChip: I2cTarget = { read: (_register, into, length) => into.fill(0, 0, length), write: () => {} };

const adxl345: ChipCase = {
  name: "ADXL345",
  address: ADXL345_ADDRESS,
  ranges: ADXL345_RANGE_G,
  rates: [25, 50, 100, 200, 400, 800],
  defaults: { range_g: 4, rate_hz: 400, watermark: 16 },
  fifoDepth: ADXL345_FIFO_DEPTH,
  maxWatermark: ADXL345_FIFO_DEPTH - 1,
  lsbG: () => 1 / 256,
  watermarkInRegisters: true,
  overrunKeepsEntries: true,
  settlingEntries: () => 0,
  emulator: (options) => new Adxl345Emulator(options),
  driver: (options) => new Adxl345(options),
  otherChip: () => silentChip,
  readBack(bus) {
    const format = bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.DATA_FORMAT);
    const rateCode = bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.BW_RATE) & ADXL345_BITS.BW_RATE_RATE_MASK;
    const fifoControl = bus.readByte(ADXL345_ADDRESS, ADXL345_REGISTER.FIFO_CTL);
    return {
      range_g: ADXL345_RANGE_G[format & ADXL345_BITS.DATA_FORMAT_RANGE_MASK],
      rate_hz: ADXL345_RATE_CODES.find(([code]) => code === rateCode)?.[1] ?? NaN,
      watermark: fifoControl & ADXL345_BITS.FIFO_CTL_SAMPLES_MASK,
    };
  },
};

const mpu6050: ChipCase = {
  name: "MPU-6050",
  address: MPU6050_ADDRESS,
  ranges: MPU6050_RANGE_G,
  rates: [1000, 500, 250, 200, 125, 100, 50, 40, 25, 20, 10],
  defaults: { range_g: 4, rate_hz: 500, watermark: 16 },
  fifoDepth: Math.floor(MPU6050_FIFO_BYTES / MPU6050_ACCEL_ENTRY_BYTES),
  maxWatermark: Math.floor(MPU6050_FIFO_BYTES / MPU6050_ACCEL_ENTRY_BYTES),
  lsbG: (range) => 1 / mpu6050LsbPerG(MPU6050_RANGE_G.indexOf(range as 2)),
  watermarkInRegisters: false,
  overrunKeepsEntries: false,
  settlingEntries: mpu6050SettlingEntries,
  emulator: (options) => new Mpu6050Emulator(options),
  driver: (options) => new Mpu6050(options),
  otherChip: (options) => new Adxl345Emulator(options),
  readBack(bus) {
    const filter = bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.CONFIG) & MPU6050_BITS.CONFIG_DLPF_MASK;
    const divider = bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.SMPLRT_DIV);
    const accelConfig = bus.readByte(MPU6050_ADDRESS, MPU6050_REGISTER.ACCEL_CONFIG);
    return {
      range_g: MPU6050_RANGE_G[(accelConfig & MPU6050_BITS.ACCEL_CONFIG_AFS_MASK) >> MPU6050_BITS.ACCEL_CONFIG_AFS_SHIFT],
      rate_hz: MPU6050_DLPF[filter].gyroOutputRateHz / (1 + divider),
    };
  },
};

const lis3dh: ChipCase = {
  name: "LIS3DH",
  address: LIS3DH_ADDRESS,
  ranges: LIS3DH_RANGE_G,
  rates: [1, 10, 25, 50, 100, 200, 400, 1344],
  defaults: { range_g: 4, rate_hz: 400, watermark: 16 },
  fifoDepth: LIS3DH_FIFO_DEPTH,
  maxWatermark: LIS3DH_FIFO_DEPTH - 1,
  // What the FIFO hands out: 10 bits in every mode, though the output registers have 12 in high resolution.
  lsbG: (range) => lis3dhGPerDigit(LIS3DH_RANGE_G.indexOf(range as 2), 10),
  watermarkInRegisters: true,
  overrunKeepsEntries: true,
  settlingEntries: () => 0,
  emulator: (options) => new Lis3dhEmulator(options),
  driver: (options) => new Lis3dh(options),
  otherChip: (options) => new Adxl345Emulator(options),
  readBack(bus) {
    // Single-register reads: the sub-address without the auto-increment bit.
    const rateCode = bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG1) >> LIS3DH_BITS.CTRL_REG1_ODR_SHIFT;
    const control4 = bus.readByte(LIS3DH_ADDRESS, LIS3DH_REGISTER.CTRL_REG4);
    const fifoControl = bus.readBlock(LIS3DH_ADDRESS, LIS3DH_REGISTER.FIFO_CTRL_REG | LIS3DH_AUTO_INCREMENT, 1)[0];
    return {
      range_g: LIS3DH_RANGE_G[(control4 & LIS3DH_BITS.CTRL_REG4_FS_MASK) >> LIS3DH_BITS.CTRL_REG4_FS_SHIFT],
      rate_hz: LIS3DH_RATE_CODES.find(([code]) => code === rateCode)?.[1] ?? NaN,
      watermark: fifoControl & LIS3DH_BITS.FIFO_CTRL_THRESHOLD_MASK,
    };
  },
};

adxl345.otherChip = (options) => new Mpu6050Emulator(options);
mpu6050.otherChip = (options) => new Lis3dhEmulator(options);

export const chipCases: ChipCase[] = [adxl345, mpu6050, lis3dh];
