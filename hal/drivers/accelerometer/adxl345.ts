/**
 * ADXL345 3-axis accelerometer on I2C (ECMA-419 shape): full resolution (3.9 mg/LSB at
 * every range), the FIFO in stream mode, drained by sample().
 *
 * Options: `bus`; `address` (default 0x53, 0x1D with ALT ADDRESS high); `clock` (the box
 * clock; sample times come from it); plus any configure option.
 * Configure options: `range_g` ±2, 4, 8 or 16 g (default 4); `rate_hz` 25, 50, 100, 200,
 * 400 or 800 Hz (default 400); `watermark` 1–31 samples (default 16). Not 1600 or 3200 Hz:
 * the datasheet recommends them only over SPI at 2 MHz or more (Serial Communications), and
 * this driver is on I2C, where they miss samples; 800 Hz wants a 400 kHz bus.
 *
 * The ADXL345 has no soft reset; a power cycle shows as FIFO_CTL back at its reset value,
 * which every sample() reads with the entry count: the driver then re-configures the chip,
 * counts it in `resets` and returns what it had (nothing) — the entries were lost anyway.
 */
import type { AccelerationSample } from "../../sensors.ts";
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
import { STANDARD_GRAVITY } from "./common.ts";
import { FifoAccelerometer, type FifoAccelerometerOptions, type FifoChip, requestedConfiguration } from "./fifo-accelerometer.ts";

export type Adxl345Options = FifoAccelerometerOptions;

/** Rates at which the FIFO drain is useful (below 25 Hz a lift ride is not resolved) and I2C keeps up (see above). */
export const ADXL345_SUPPORTED_RATES_HZ = ADXL345_RATE_CODES.filter(([, rate]) => rate >= 25 && rate <= 800).map(([, rate]) => rate);

const ADXL345: FifoChip = {
  name: "adxl345",
  title: "ADXL345",
  defaultAddress: ADXL345_ADDRESS,
  identity: { register: ADXL345_REGISTER.DEVID, registerName: "DEVID", expected: ADXL345_DEVICE_ID },
  rangesG: ADXL345_RANGE_G,
  ratesHz: ADXL345_SUPPORTED_RATES_HZ,
  maxWatermark: ADXL345_FIFO_DEPTH - 1,
  defaults: { range_g: 4, rate_hz: 400, watermark: 16 },
};

export class Adxl345 extends FifoAccelerometer {
  private expectedFifoControl = 0;
  private metersPerSecondSquaredPerLsb = 0;
  /** Reused transfer buffers: FIFO_CTL + FIFO_STATUS, one 6-byte entry. */
  private readonly statusBuffer = new Uint8Array(2);
  private readonly entryBuffer = new Uint8Array(6);
  private readonly entryView = new DataView(this.entryBuffer.buffer);
  /** s: when the last drain began (NaN since configuring) */
  private lastReadT = NaN;

  constructor(options: Adxl345Options) {
    super(ADXL345, options);
    this.configure(requestedConfiguration(options));
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
    // The datasheet sets Overrun as the FIFO fills, an entry lost or not, and where a drain finds
    // it just full, its timing cannot tell 32 entries due from 33 (the chip's phase is known to
    // about half a period). So an entry is taken as lost only where the time since the last
    // drain began (the entries that came during it are still there) holds 33 or more on
    // average, or where that is not known (NaN: the first drain since configuring).
    const sinceLastS = readT - this.lastReadT;
    this.lastReadT = readT;
    const couldOverflow = entries >= ADXL345_FIFO_DEPTH && !(sinceLastS * this.timestamps.estimatedRateHz < ADXL345_FIFO_DEPTH + 0.5);
    const overflowed = couldOverflow && (this.bus.readByte(this.address, ADXL345_REGISTER.INT_SOURCE) & ADXL345_BITS.INT_OVERRUN) !== 0;
    this.timestamps.place(entries, readT, overflowed);
    this.countLoss();
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

  protected powerDown(): void {
    this.bus.writeByte(this.address, ADXL345_REGISTER.POWER_CTL, 0); // standby saves 140 µA
  }

  protected writeConfiguration(): void {
    const { range_g, rate_hz, watermark } = this.configuration;
    const rangeCode = ADXL345_RANGE_G.indexOf(range_g as (typeof ADXL345_RANGE_G)[number]);
    const rateCode = ADXL345_RATE_CODES.find(([, rate]) => rate === rate_hz)![0];
    this.expectedFifoControl = (ADXL345_FIFO_MODE.stream << ADXL345_BITS.FIFO_CTL_MODE_SHIFT) | watermark;
    // Standby while changing the format so no entry mixes two scales; bypass empties the FIFO.
    this.bus.writeByte(this.address, ADXL345_REGISTER.POWER_CTL, 0);
    this.bus.writeByte(this.address, ADXL345_REGISTER.FIFO_CTL, 0);
    this.bus.writeByte(this.address, ADXL345_REGISTER.DATA_FORMAT, ADXL345_BITS.DATA_FORMAT_FULL_RES | rangeCode);
    // Offsets another program left (the chip keeps them while powered, across a host's restart) would be a silent bias.
    for (const offset of [ADXL345_REGISTER.OFSX, ADXL345_REGISTER.OFSY, ADXL345_REGISTER.OFSZ]) this.bus.writeByte(this.address, offset, 0);
    this.bus.writeByte(this.address, ADXL345_REGISTER.BW_RATE, rateCode);
    this.bus.writeByte(this.address, ADXL345_REGISTER.FIFO_CTL, this.expectedFifoControl);
    this.bus.writeByte(this.address, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE);
    this.metersPerSecondSquaredPerLsb = adxl345GPerLsb(rangeCode, true) * STANDARD_GRAVITY;
    this.timestamps.restart(rate_hz);
    this.lastReadT = NaN;
  }
}
