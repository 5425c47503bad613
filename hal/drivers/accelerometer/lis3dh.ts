/**
 * LIS3DH 3-axis accelerometer on I2C (ECMA-419 shape): high-resolution (12-bit) mode, the
 * FIFO in stream mode, drained by sample() with one auto-incrementing burst from OUT_X_L
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
import type { Clock } from "../../clock.ts";
import { HalError } from "../../io/hal-error.ts";
import { hex, type I2cBus, type I2cDeviceOptions } from "../../io/i2c.ts";
import type { AccelerationSample, Accelerometer } from "../../sensors.ts";
import { type AccelerometerConfiguration, FifoTimestamps, mergeConfiguration, requireInteger, requireOneOf, STANDARD_GRAVITY } from "./common.ts";
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

export interface Lis3dhOptions extends I2cDeviceOptions, Partial<AccelerometerConfiguration> {
  clock: Clock;
}

export const LIS3DH_SUPPORTED_RATES_HZ = LIS3DH_RATE_CODES.map(([, rate]) => rate);
const DEFAULTS: AccelerometerConfiguration = { range_g: 4, rate_hz: 400, watermark: 16 };
const ENTRY_BYTES = 6;

export class Lis3dh implements Accelerometer {
  /** Times the chip was found reset (power-cycled) and configured again. */
  resets = 0;
  /** Drains at which entries had been dropped because the FIFO was full. */
  overruns = 0;
  /** Samples estimated lost to overruns (from the time gap; the chip does not count them). */
  lostSamples = 0;
  private readonly bus: I2cBus;
  private readonly address: number;
  private readonly clock: Clock;
  private readonly part: string;
  private configuration: AccelerometerConfiguration = { ...DEFAULTS };
  private expectedFifoControl = 0;
  private metersPerSecondSquaredPerLsb = 0;
  private readonly timestamps = new FifoTimestamps(DEFAULTS.rate_hz);
  private readonly statusBuffer = new Uint8Array(2);
  private readonly fifoBuffer = new Uint8Array(LIS3DH_FIFO_DEPTH * ENTRY_BYTES);
  private readonly fifoView = new DataView(this.fifoBuffer.buffer);
  private closed = false;

  constructor(options: Lis3dhOptions) {
    this.bus = options.bus;
    this.address = options.address ?? LIS3DH_ADDRESS;
    this.clock = options.clock;
    this.part = `lis3dh ${this.bus.name} ${hex(this.address)}`;
    const found = this.bus.readByte(this.address, LIS3DH_REGISTER.WHO_AM_I);
    if (found !== LIS3DH_WHO_AM_I) {
      this.closed = true; // the bus is shared, so it stays open
      throw new HalError("wrong_chip", this.part, `WHO_AM_I is ${hex(found)}, expected ${hex(LIS3DH_WHO_AM_I)} (LIS3DH)`);
    }
    const { bus: _bus, address: _address, clock: _clock, ...configuration } = options;
    this.configure(configuration);
  }

  get rateHz(): number {
    return this.configuration.rate_hz;
  }

  /** The rate the chip actually runs at, estimated from FIFO entry counts over time, Hz. */
  get estimatedRateHz(): number {
    return this.timestamps.estimatedRateHz;
  }

  configure(partial: Partial<AccelerometerConfiguration>): void {
    this.assertOpen();
    const next = mergeConfiguration(this.part, this.configuration, partial);
    requireOneOf(this.part, "range_g", next.range_g, LIS3DH_RANGE_G, "g");
    requireOneOf(this.part, "rate_hz", next.rate_hz, LIS3DH_SUPPORTED_RATES_HZ, "Hz");
    requireInteger(this.part, "watermark", next.watermark, 1, LIS3DH_FIFO_DEPTH - 1);
    this.configuration = next;
    this.writeConfiguration();
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
    if (this.timestamps.lostAtLastPlace > 0) {
      this.overruns++;
      this.lostSamples += this.timestamps.lostAtLastPlace;
    }
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

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.bus.writeByte(this.address, LIS3DH_REGISTER.CTRL_REG1, LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE); // ODR 0: power-down
    } catch {
      // Closing must not fail because the chip is gone.
    }
  }

  private writeConfiguration(): void {
    const { range_g, rate_hz, watermark } = this.configuration;
    const rangeCode = LIS3DH_RANGE_G.indexOf(range_g as (typeof LIS3DH_RANGE_G)[number]);
    const rateCode = LIS3DH_RATE_CODES.find(([, rate]) => rate === rate_hz)![0];
    this.expectedFifoControl = (LIS3DH_FIFO_MODE.stream << LIS3DH_BITS.FIFO_CTRL_MODE_SHIFT) | watermark;
    const write = (register: number, value: number) => this.bus.writeByte(this.address, register, value);
    // Power down and bypass (which empties the FIFO) while the format changes.
    write(LIS3DH_REGISTER.CTRL_REG1, LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE);
    write(LIS3DH_REGISTER.FIFO_CTRL_REG, 0);
    write(LIS3DH_REGISTER.CTRL_REG4, LIS3DH_BITS.CTRL_REG4_BLOCK_DATA_UPDATE | (rangeCode << LIS3DH_BITS.CTRL_REG4_FS_SHIFT) | LIS3DH_BITS.CTRL_REG4_HIGH_RESOLUTION);
    write(LIS3DH_REGISTER.CTRL_REG5, LIS3DH_BITS.CTRL_REG5_FIFO_EN);
    write(LIS3DH_REGISTER.FIFO_CTRL_REG, this.expectedFifoControl);
    write(LIS3DH_REGISTER.CTRL_REG1, (rateCode << LIS3DH_BITS.CTRL_REG1_ODR_SHIFT) | LIS3DH_BITS.CTRL_REG1_XYZ_ENABLE);
    // Left-justified 16-bit words whose top 12 bits are the high-resolution reading.
    this.metersPerSecondSquaredPerLsb = (lis3dhGPerDigit(rangeCode, 12) / 16) * STANDARD_GRAVITY;
    this.timestamps.restart(rate_hz);
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.part, "used after close()");
  }
}
