/**
 * LIS3DH 3-axis accelerometer on I2C (ECMA-419 shape): high-resolution (12-bit) mode, the
 * FIFO in stream mode (which keeps ten of those bits: 8 mg steps at ±4 g), drained by sample() with one auto-incrementing burst from OUT_X_L
 * (the address rolls back from 0x2D to 0x28 while the FIFO is on, so n entries are one
 * transfer of 6n bytes).
 *
 * Options: `bus`; `address` (default 0x18, 0x19 with SDO/SA0 high); `clock` (the box
 * clock); plus any configure option.
 * Configure options: `range_g` ±2, 4, 8 or 16 g (default 4); `rate_hz` 1, 10, 25, 50, 100,
 * 200, 400 or 1344 Hz (default 400); `watermark` 1–31 samples (default 16).
 *
 * Overrun: OVRN_FIFO says the FIFO is full, not how much was lost, so the driver counts an
 * overrun when it is set and the time since the last entry says entries were dropped. The
 * LIS3DH has no soft reset (BOOT reloads trimming only); a power cycle shows as
 * FIFO_CTRL_REG back at 0, read with the FIFO level each sample(): the driver re-configures
 * the chip and counts it in `resets`.
 */
import type { AccelerationSample } from "../../sensors.ts";
import { STANDARD_GRAVITY } from "./common.ts";
import { FifoAccelerometer, type FifoAccelerometerOptions, type FifoChip, requestedConfiguration } from "./fifo-accelerometer.ts";
import {
  LIS3DH_ADDRESS,
  LIS3DH_AUTO_INCREMENT,
  LIS3DH_BITS,
  LIS3DH_FIFO_DEPTH,
  LIS3DH_FIFO_MODE,
  LIS3DH_RANGE_G,
  LIS3DH_RATE_CODES,
  LIS3DH_REGISTER,
  LIS3DH_WHO_AM_I,
  lis3dhGPerDigit,
} from "./lis3dh.registers.ts";

export type Lis3dhOptions = FifoAccelerometerOptions;

export const LIS3DH_SUPPORTED_RATES_HZ = LIS3DH_RATE_CODES.map(([, rate]) => rate);
const ENTRY_BYTES = 6;

const LIS3DH: FifoChip = {
  name: "lis3dh",
  title: "LIS3DH",
  defaultAddress: LIS3DH_ADDRESS,
  identity: { register: LIS3DH_REGISTER.WHO_AM_I, registerName: "WHO_AM_I", expected: LIS3DH_WHO_AM_I },
  rangesG: LIS3DH_RANGE_G,
  ratesHz: LIS3DH_SUPPORTED_RATES_HZ,
  maxWatermark: LIS3DH_FIFO_DEPTH - 1,
  defaults: { range_g: 4, rate_hz: 400, watermark: 16 },
};

export class Lis3dh extends FifoAccelerometer {
  private expectedFifoControl = 0;
  private metersPerSecondSquaredPerLsb = 0;
  private readonly statusBuffer = new Uint8Array(2);
  private readonly fifoBuffer = new Uint8Array(LIS3DH_FIFO_DEPTH * ENTRY_BYTES);
  private readonly fifoView = new DataView(this.fifoBuffer.buffer);

  constructor(options: Lis3dhOptions) {
    super(LIS3DH, options);
    this.configure(requestedConfiguration(options));
  }

  sample(): AccelerationSample[] {
    this.assertOpen();
    const readT = this.clock.now() / 1000;
    const status = this.bus.readBlock(this.address, LIS3DH_REGISTER.FIFO_CTRL_REG | LIS3DH_AUTO_INCREMENT, 2, this.statusBuffer);
    if (status[0] !== this.expectedFifoControl) {
      this.resets++;
      this.writeConfiguration();
      return [];
    }
    const full = (status[1] & LIS3DH_BITS.FIFO_SRC_OVERRUN) !== 0;
    const entries = full ? LIS3DH_FIFO_DEPTH : status[1] & LIS3DH_BITS.FIFO_SRC_LEVEL_MASK;
    this.timestamps.place(entries, readT, full);
    this.countLoss();
    const samples: AccelerationSample[] = new Array(entries);
    if (entries === 0) return samples;
    this.bus.readBlock(this.address, LIS3DH_REGISTER.OUT_X_L | LIS3DH_AUTO_INCREMENT, entries * ENTRY_BYTES, this.fifoBuffer);
    const scale = this.metersPerSecondSquaredPerLsb;
    const { firstT, spacingS } = this.timestamps;
    const view = this.fifoView;
    for (let index = 0; index < entries; index++) {
      const offset = index * ENTRY_BYTES;
      samples[index] = { t: firstT + index * spacingS, x: view.getInt16(offset, true) * scale, y: view.getInt16(offset + 2, true) * scale, z: view.getInt16(offset + 4, true) * scale };
    }
    return samples;
  }

  protected powerDown(): void {
    this.bus.writeByte(this.address, LIS3DH_REGISTER.CTRL_REG1, LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE); // ODR 0: power-down
  }

  protected writeConfiguration(): void {
    const { range_g, rate_hz, watermark } = this.configuration;
    const rangeCode = LIS3DH_RANGE_G.indexOf(range_g as (typeof LIS3DH_RANGE_G)[number]);
    const rateCode = LIS3DH_RATE_CODES.find(([, rate]) => rate === rate_hz)![0];
    this.expectedFifoControl = (LIS3DH_FIFO_MODE.stream << LIS3DH_BITS.FIFO_CTRL_MODE_SHIFT) | watermark;
    const write = (register: number, value: number) => this.bus.writeByte(this.address, register, value);
    // Power down and bypass (which empties the FIFO) while the format changes.
    write(LIS3DH_REGISTER.CTRL_REG1, LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE);
    write(LIS3DH_REGISTER.FIFO_CTRL_REG, 0);
    // High-pass filtering another program may have left (the chip keeps it while powered): into the FIFO (FDS) it takes gravity out.
    write(LIS3DH_REGISTER.CTRL_REG2, 0);
    write(LIS3DH_REGISTER.CTRL_REG4, LIS3DH_BITS.CTRL_REG4_BLOCK_DATA_UPDATE | (rangeCode << LIS3DH_BITS.CTRL_REG4_FS_SHIFT) | LIS3DH_BITS.CTRL_REG4_HIGH_RESOLUTION);
    write(LIS3DH_REGISTER.CTRL_REG5, LIS3DH_BITS.CTRL_REG5_FIFO_EN);
    write(LIS3DH_REGISTER.FIFO_CTRL_REG, this.expectedFifoControl);
    write(LIS3DH_REGISTER.CTRL_REG1, (rateCode << LIS3DH_BITS.CTRL_REG1_ODR_SHIFT) | LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE);
    // Left-justified 16-bit words whose top 12 bits are the high-resolution reading (the FIFO's two lowest of them 0).
    this.metersPerSecondSquaredPerLsb = (lis3dhGPerDigit(rangeCode, 12) / 16) * STANDARD_GRAVITY;
    this.timestamps.restart(rate_hz);
  }
}
