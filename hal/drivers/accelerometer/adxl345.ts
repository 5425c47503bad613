/**
 * ADXL345 3-axis accelerometer on I2C (ECMA-419 shape): full resolution (3.9 mg/LSB at
 * every range), the FIFO in stream mode, drained by sample().
 *
 * Options: `bus`; `address` (default 0x53, 0x1D with ALT ADDRESS high); `clock` (the box
 * clock; sample times come from it); plus any configure option.
 * Configure options: `range_g` ±2, 4, 8 or 16 g (default 4); `rate_hz` 25, 50, 100, 200,
 * 400, 800, 1600 or 3200 Hz (default 400); `watermark` 1–31 samples (default 16).
 *
 * The ADXL345 has no soft reset; a power cycle shows as FIFO_CTL back at its reset value,
 * which every sample() reads with the entry count: the driver then re-configures the chip,
 * counts it in `resets` and returns what it had (nothing) — the entries were lost anyway.
 */
import type { Clock } from "../../clock.ts";
import { HalError } from "../../io/hal-error.ts";
import { hex, type I2cBus, type I2cDeviceOptions } from "../../io/i2c.ts";
import type { AccelerationSample, Accelerometer } from "../../sensors.ts";
import {
  ADXL345_ADDRESS,
  ADXL345_BITS,
  ADXL345_DEVICE_ID,
  ADXL345_FIFO_DEPTH,
  ADXL345_FIFO_MODE,
  ADXL345_RANGE_G,
  ADXL345_RATE_CODES,
  ADXL345_REGISTER,
  adxl345GPerLsb,
} from "./adxl345.registers.ts";
import { type AccelerometerConfiguration, FifoTimestamps, mergeConfiguration, requireInteger, requireOneOf, STANDARD_GRAVITY } from "./common.ts";

export interface Adxl345Options extends I2cDeviceOptions, Partial<AccelerometerConfiguration> {
  clock: Clock;
}

/** Rates at which the FIFO drain is useful (below 25 Hz a lift ride is not resolved). */
export const ADXL345_SUPPORTED_RATES_HZ = ADXL345_RATE_CODES.filter(([, rate]) => rate >= 25).map(([, rate]) => rate);
const DEFAULTS: AccelerometerConfiguration = { range_g: 4, rate_hz: 400, watermark: 16 };

export class Adxl345 implements Accelerometer {
  /** Times the chip was found reset (power-cycled) and configured again. */
  resets = 0;
  /** Drains at which entries had been dropped because the FIFO was full (Overrun set and the time gap shows a loss). */
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
  /** Reused transfer buffers: FIFO_CTL + FIFO_STATUS, one 6-byte entry. */
  private readonly statusBuffer = new Uint8Array(2);
  private readonly entryBuffer = new Uint8Array(6);
  private readonly entryView = new DataView(this.entryBuffer.buffer);
  private closed = false;

  constructor(options: Adxl345Options) {
    this.bus = options.bus;
    this.address = options.address ?? ADXL345_ADDRESS;
    this.clock = options.clock;
    this.part = `adxl345 ${this.bus.name} ${hex(this.address)}`;
    const found = this.bus.readByte(this.address, ADXL345_REGISTER.DEVID);
    if (found !== ADXL345_DEVICE_ID) {
      // The bus is shared with other chips, so it stays open; this driver is unusable.
      this.closed = true;
      throw new HalError("wrong_chip", this.part, `DEVID is ${hex(found)}, expected ${hex(ADXL345_DEVICE_ID)} (ADXL345)`);
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
    requireOneOf(this.part, "range_g", next.range_g, ADXL345_RANGE_G, "g");
    requireOneOf(this.part, "rate_hz", next.rate_hz, ADXL345_SUPPORTED_RATES_HZ, "Hz");
    requireInteger(this.part, "watermark", next.watermark, 1, ADXL345_FIFO_DEPTH - 1);
    this.configuration = next;
    this.writeConfiguration();
  }

  sample(): AccelerationSample[] {
    this.assertOpen();
    const readT = this.clock.now() / 1000;
    const status = this.bus.readBlock(this.address, ADXL345_REGISTER.FIFO_CTL, 2, this.statusBuffer);
    if (status[0] !== this.expectedFifoControl) {
      this.resets++;
      this.writeConfiguration();
      return [];
    }
    const entries = Math.min(status[1] & ADXL345_BITS.FIFO_STATUS_ENTRIES_MASK, ADXL345_FIFO_DEPTH);
    // Overrun is only possible with a full FIFO, so INT_SOURCE is read only then.
    const overflowed = entries >= ADXL345_FIFO_DEPTH && (this.bus.readByte(this.address, ADXL345_REGISTER.INT_SOURCE) & ADXL345_BITS.INT_OVERRUN) !== 0;
    this.timestamps.place(entries, readT, overflowed);
    if (this.timestamps.lostAtLastPlace > 0) {
      this.overruns++;
      this.lostSamples += this.timestamps.lostAtLastPlace;
    }
    const samples: AccelerationSample[] = new Array(entries);
    const scale = this.metersPerSecondSquaredPerLsb;
    const { firstT, spacingS } = this.timestamps;
    for (let index = 0; index < entries; index++) {
      // One entry per transfer: the FIFO pops only after all six data registers are read.
      this.bus.readBlock(this.address, ADXL345_REGISTER.DATAX0, 6, this.entryBuffer);
      const view = this.entryView;
      samples[index] = { t: firstT + index * spacingS, x: view.getInt16(0, true) * scale, y: view.getInt16(2, true) * scale, z: view.getInt16(4, true) * scale };
    }
    return samples;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.bus.writeByte(this.address, ADXL345_REGISTER.POWER_CTL, 0); // standby saves 140 µA
    } catch {
      // Closing must not fail because the chip is gone.
    }
  }

  private writeConfiguration(): void {
    const { range_g, rate_hz, watermark } = this.configuration;
    const rangeCode = ADXL345_RANGE_G.indexOf(range_g as (typeof ADXL345_RANGE_G)[number]);
    const rateCode = ADXL345_RATE_CODES.find(([, rate]) => rate === rate_hz)![0];
    this.expectedFifoControl = (ADXL345_FIFO_MODE.stream << ADXL345_BITS.FIFO_CTL_MODE_SHIFT) | watermark;
    // Standby while changing the format so no entry mixes two scales; bypass empties the FIFO.
    this.bus.writeByte(this.address, ADXL345_REGISTER.POWER_CTL, 0);
    this.bus.writeByte(this.address, ADXL345_REGISTER.FIFO_CTL, 0);
    this.bus.writeByte(this.address, ADXL345_REGISTER.DATA_FORMAT, ADXL345_BITS.DATA_FORMAT_FULL_RES | rangeCode);
    this.bus.writeByte(this.address, ADXL345_REGISTER.BW_RATE, rateCode);
    this.bus.writeByte(this.address, ADXL345_REGISTER.FIFO_CTL, this.expectedFifoControl);
    this.bus.writeByte(this.address, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE);
    this.metersPerSecondSquaredPerLsb = adxl345GPerLsb(rangeCode, true) * STANDARD_GRAVITY;
    this.timestamps.restart(rate_hz);
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.part, "used after close()");
  }
}
