/**
 * What each supported chip accepts, as a board file may ask for it: I2C addresses (the first is
 * the default, chosen by an address pin), full-scale ranges, output data rates and the FIFO
 * depth a watermark must fit. Datasheet sections in comments. Addresses, ranges and FIFO depths
 * come from the drivers' register maps (<chip>.registers.ts); this file adds what a board needs.
 */
import { ADXL345_ADDRESS, ADXL345_ALTERNATE_ADDRESS, ADXL345_FIFO_DEPTH, ADXL345_RANGE_G, adxl345GPerLsb } from "../drivers/accelerometer/adxl345.registers.ts";
import { LIS3DH_ADDRESS, LIS3DH_ALTERNATE_ADDRESS, LIS3DH_FIFO_DEPTH, LIS3DH_RANGE_G, lis3dhGPerDigit } from "../drivers/accelerometer/lis3dh.registers.ts";
import { MPU6050_ADDRESS, MPU6050_ALTERNATE_ADDRESS, MPU6050_RANGE_G, mpu6050LsbPerG } from "../drivers/accelerometer/mpu6050.registers.ts";
import { ADXL345_SUPPORTED_RATES_HZ } from "../drivers/accelerometer/adxl345.ts";
import { LIS3DH_SUPPORTED_RATES_HZ } from "../drivers/accelerometer/lis3dh.ts";
import { MPU6050_SUPPORTED_RATES_HZ } from "../drivers/accelerometer/mpu6050.ts";
import { bmp280Address } from "../drivers/barometer/bmp280.registers.ts";

export interface AccelerometerChip {
  /** as a person writes it */
  title: string;
  /** 7-bit addresses, default first */
  addresses: number[];
  /** what selects the alternative address */
  addressPin: string;
  rangesG: number[];
  /** output data rates, Hz, the driver configures (a subset of what the chip can do) */
  ratesHz: readonly number[];
  /** samples the FIFO holds before the watermark interrupt (or the driver's drain) must fire */
  maxWatermark: number;
  /** samples the FIFO holds: more fall due between two drains and the oldest are lost */
  fifoDepth: number;
  /** g: the step between two readings as its driver gets them, at ±`rangeG` */
  stepG(rangeG: number): number;
}

export const accelerometerChips = {
  adxl345: {
    title: "ADXL345",
    // Datasheet rev. G, "Serial Communications / I2C": ALT ADDRESS low 0x53, high 0x1D.
    addresses: [ADXL345_ADDRESS, ADXL345_ALTERNATE_ADDRESS],
    addressPin: "ALT ADDRESS (SDO) low: 0x53, high: 0x1d",
    // Register 0x31 DATA_FORMAT, Range bits: ±2, 4, 8, 16 g.
    rangesG: [...ADXL345_RANGE_G],
    // Table 7 (BW_RATE) rates from 25 Hz up: below it a lift ride is not resolved.
    ratesHz: ADXL345_SUPPORTED_RATES_HZ,
    // FIFO_CTL: 32-level FIFO, Samples bits 0–31.
    maxWatermark: ADXL345_FIFO_DEPTH - 1,
    fifoDepth: ADXL345_FIFO_DEPTH,
    // The driver sets full resolution: 3.9 mg at every range (DATA_FORMAT FULL_RES).
    stepG: () => adxl345GPerLsb(0, true),
  },
  mpu6050: {
    title: "MPU-6050",
    // Register map rev. 4.2, WHO_AM_I: AD0 low 0x68, high 0x69.
    addresses: [MPU6050_ADDRESS, MPU6050_ALTERNATE_ADDRESS],
    addressPin: "AD0 low: 0x68, high: 0x69",
    // ACCEL_CONFIG AFS_SEL: ±2, 4, 8, 16 g.
    rangesG: [...MPU6050_RANGE_G],
    // SMPLRT_DIV: rate = 1 kHz / (1 + divider) with the DLPF on; the driver takes the rates whose
    // filter it knows (product spec 6.2: accelerometer output 1 kHz at most).
    ratesHz: MPU6050_SUPPORTED_RATES_HZ,
    // FIFO is 1024 bytes; 6 bytes per accelerometer-only sample: 170 samples.
    maxWatermark: 170,
    fifoDepth: 170,
    // ACCEL_CONFIG AFS_SEL: 16,384 LSB/g at ±2 g, halving with each range.
    stepG: (rangeG) => 1 / mpu6050LsbPerG(MPU6050_RANGE_G.indexOf(rangeG as (typeof MPU6050_RANGE_G)[number])),
  },
  lis3dh: {
    title: "LIS3DH",
    // Datasheet DocID17530, 6.1.1: SDO/SA0 low 0x18, high 0x19.
    addresses: [LIS3DH_ADDRESS, LIS3DH_ALTERNATE_ADDRESS],
    addressPin: "SDO/SA0 low: 0x18, high: 0x19",
    // CTRL_REG4 FS: ±2, 4, 8, 16 g.
    rangesG: [...LIS3DH_RANGE_G],
    // CTRL_REG1 ODR, normal and high-resolution modes (1.6 and 5.376 kHz are low-power, 8-bit only).
    ratesHz: LIS3DH_SUPPORTED_RATES_HZ,
    // FIFO_CTRL_REG FTH: 32 levels, threshold 0–31.
    maxWatermark: LIS3DH_FIFO_DEPTH - 1,
    fifoDepth: LIS3DH_FIFO_DEPTH,
    // The FIFO keeps a reading's top 10 bits, whatever the mode (AN3308): 8 mg at ±4 g.
    stepG: (rangeG) => lis3dhGPerDigit(LIS3DH_RANGE_G.indexOf(rangeG as (typeof LIS3DH_RANGE_G)[number]), 10),
  },
} satisfies Record<string, AccelerometerChip>;

export type AccelerometerChipName = keyof typeof accelerometerChips;

export const barometerChips = {
  bmp280: {
    title: "BMP280",
    // Datasheet BST-BMP280-DS001, 5.2: SDO low 0x76, high 0x77.
    addresses: [bmp280Address.sdoLow, bmp280Address.sdoHigh],
    addressPin: "SDO low: 0x76, high: 0x77",
  },
} satisfies Record<string, { title: string; addresses: number[]; addressPin: string }>;

export type BarometerChipName = keyof typeof barometerChips;

/** The 7-bit addresses a board may use: i2cdetect's range. (UM10204 reserves 0x00–0x07 and 0x78–0x7F; 0x03–0x07 pass here as i2cdetect allows them.) */
export const i2cAddressRange = { lowest: 0x03, highest: 0x77 };
