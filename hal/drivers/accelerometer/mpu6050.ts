/**
 * MPU-6050 accelerometer (gyro unused) on I2C (ECMA-419 shape): woken from sleep, only the
 * accelerometer into the FIFO, drained by sample() with FIFO_COUNT then one FIFO_R_W burst.
 *
 * Options: `bus`; `address` (default 0x68, 0x69 with AD0 high); `clock` (the box clock);
 * plus any configure option.
 * Configure options: `range_g` ±2, 4, 8 or 16 g (default 4); `rate_hz` 1000, 500, 250, 200,
 * 125, 100, 50, 40, 25, 20 or 10 Hz (default 500); `watermark` 1–170 samples (default 16;
 * the MPU-6050 has no watermark register, so it is checked and kept only so every driver
 * takes the same options).
 *
 * Rate and filter: the digital low-pass filter is on (DLPF_CFG 1–6), so the gyro output
 * rate is 1 kHz and rate = 1 kHz / (1 + SMPLRT_DIV); DLPF_CFG is the widest accelerometer
 * bandwidth at or below half the rate (184 Hz at 500 and 1000 Hz, 94 Hz at 200 and 250 Hz,
 * ...) so the FIFO is not aliased. 400 Hz would need the filter off (8 kHz / 20) and its
 * 1 kHz accelerometer output would repeat samples irregularly, so it is not offered.
 *
 * Overflow: the FIFO drops its oldest bytes, which leaves a partial entry at its head and every
 * entry after it read two or four bytes off (the axes rotated, for good). So the driver resets
 * the FIFO, discards its content, counts an overrun and estimates the samples lost from the time
 * gap where the count is no whole number of entries (bytes were dropped), where fewer than three
 * entries are free (it may overflow before the burst that follows the count: Linux's inv_mpu6050
 * resets at the same margin for the same delay), and where FIFO_OFLOW_INT, read after a burst
 * from a FIFO more than half full, says it overflowed during the burst. A power cycle (or a DEVICE_RESET) shows as
 * SLEEP set or the FIFO disabled in USER_CTRL and PWR_MGMT_1, read before the count every
 * sample(): the driver re-configures the chip and counts it in `resets`.
 *
 * Start-up: the accelerometer's output is not valid for MPU6050_ACCEL_STARTUP_S after it leaves
 * sleep (Linux waits as long), so the entries of that time after each configuration (one more
 * for the chip's clock being off) are read out and dropped: what a chip gives then is not
 * documented, and zeros (five in a row a box takes for a disconnected sensor) would be a sensor
 * fault at every boot.
 */
import type { AccelerationSample } from "../../sensors.ts";
import { STANDARD_GRAVITY } from "./common.ts";
import { FifoAccelerometer, type FifoAccelerometerOptions, type FifoChip, requestedConfiguration } from "./fifo-accelerometer.ts";
import {
  MPU6050_ACCEL_ENTRY_BYTES,
  MPU6050_ACCEL_STARTUP_S,
  MPU6050_ADDRESS,
  MPU6050_BITS,
  MPU6050_DLPF,
  MPU6050_FIFO_BYTES,
  MPU6050_RANGE_G,
  MPU6050_REGISTER,
  MPU6050_WHO_AM_I,
  mpu6050LsbPerG,
} from "./mpu6050.registers.ts";

export type Mpu6050Options = FifoAccelerometerOptions;

const SAMPLE_RATE_BASE_HZ = 1000;
export const MPU6050_SUPPORTED_RATES_HZ = [1000, 500, 250, 200, 125, 100, 50, 40, 25, 20, 10];
const FIFO_CAPACITY_SAMPLES = Math.floor(MPU6050_FIFO_BYTES / MPU6050_ACCEL_ENTRY_BYTES);
/** A count above this leaves fewer than three entries free: reset rather than read (see Overflow above). */
const OVERFLOW_RISK_BYTES = MPU6050_FIFO_BYTES - 3 * MPU6050_ACCEL_ENTRY_BYTES;

const MPU6050: FifoChip = {
  name: "mpu6050",
  title: "MPU-6050",
  defaultAddress: MPU6050_ADDRESS,
  identity: { register: MPU6050_REGISTER.WHO_AM_I, registerName: "WHO_AM_I", expected: MPU6050_WHO_AM_I },
  rangesG: MPU6050_RANGE_G,
  ratesHz: MPU6050_SUPPORTED_RATES_HZ,
  maxWatermark: FIFO_CAPACITY_SAMPLES,
  defaults: { range_g: 4, rate_hz: 500, watermark: 16 },
};

/** DLPF_CFG for a rate: the widest filter (1–6, 1 kHz gyro output) at or below half the rate. */
export function mpu6050FilterFor(rateHz: number): number {
  const filter = MPU6050_DLPF.find((entry) => entry.gyroOutputRateHz === SAMPLE_RATE_BASE_HZ && entry.accelerometerBandwidthHz <= rateHz / 2);
  return (filter ?? MPU6050_DLPF[6]).config;
}

/** Entries dropped after a configuration at `rateHz`: its start-up time's, and one for the chip's clock being off (see Start-up above). */
export function mpu6050SettlingEntries(rateHz: number): number {
  return Math.ceil(MPU6050_ACCEL_STARTUP_S * rateHz) + 1;
}

/** Overruns here are FIFO overflows: each one resets the FIFO and discards its content. */
export class Mpu6050 extends FifoAccelerometer {
  private metersPerSecondSquaredPerLsb = 0;
  /** entries still to drop after a configuration woke the chip (see Start-up above) */
  private settlingEntries = 0;
  private readonly statusBuffer = new Uint8Array(2);
  private readonly fifoBuffer = new Uint8Array(MPU6050_FIFO_BYTES);
  private readonly fifoView = new DataView(this.fifoBuffer.buffer);

  constructor(options: Mpu6050Options) {
    super(MPU6050, options);
    this.configure(requestedConfiguration(options));
  }

  sample(): AccelerationSample[] {
    this.assertOpen();
    const readT = this.clock.now() / 1000;
    // USER_CTRL and PWR_MGMT_1 together; not one block up to FIFO_COUNT, because reading
    // MEM_R_W (0x6F, the DMP memory port left out of the register map) on the way would move its pointer.
    const control = this.bus.readBlock(this.address, MPU6050_REGISTER.USER_CTRL, 2, this.statusBuffer);
    if ((control[0] & MPU6050_BITS.USER_CTRL_FIFO_EN) === 0 || (control[1] & MPU6050_BITS.PWR_MGMT_1_SLEEP) !== 0) {
      this.resets++;
      this.writeConfiguration();
      return [];
    }
    const count = this.bus.readBlock(this.address, MPU6050_REGISTER.FIFO_COUNTH, 2, this.statusBuffer);
    const countBytes = (count[0] << 8) | count[1];
    if (countBytes % MPU6050_ACCEL_ENTRY_BYTES !== 0 || countBytes > OVERFLOW_RISK_BYTES) return this.overflowed(readT);
    const entries = countBytes / MPU6050_ACCEL_ENTRY_BYTES;
    if (entries === 0) {
      this.timestamps.place(0, readT, false);
      return [];
    }
    // One burst for every entry: FIFO_R_W does not auto-increment.
    this.bus.readBlock(this.address, MPU6050_REGISTER.FIFO_R_W, entries * MPU6050_ACCEL_ENTRY_BYTES, this.fifoBuffer);
    // A burst long after the count (a stalled box) may have found the FIFO overflowed under it; INT_STATUS is cleared by reading.
    if (countBytes > MPU6050_FIFO_BYTES / 2 && (this.bus.readByte(this.address, MPU6050_REGISTER.INT_STATUS) & MPU6050_BITS.INT_FIFO_OVERFLOW) !== 0) return this.overflowed(readT);
    this.timestamps.place(entries, readT, false);
    const settling = Math.min(this.settlingEntries, entries);
    this.settlingEntries -= settling;
    const samples: AccelerationSample[] = new Array(entries - settling);
    const scale = this.metersPerSecondSquaredPerLsb;
    const { firstT, spacingS } = this.timestamps;
    const view = this.fifoView;
    for (let index = settling; index < entries; index++) {
      const offset = index * MPU6050_ACCEL_ENTRY_BYTES;
      samples[index - settling] = { t: firstT + index * spacingS, x: view.getInt16(offset) * scale, y: view.getInt16(offset + 2) * scale, z: view.getInt16(offset + 4) * scale };
    }
    return samples;
  }

  /** The FIFO overflowed, or may have: its entries cannot be told apart, so they go with it. */
  private overflowed(readT: number): AccelerationSample[] {
    this.overruns++;
    this.lostSamples += this.timestamps.discard(readT);
    this.resetFifo();
    return [];
  }

  protected powerDown(): void {
    this.bus.writeByte(this.address, MPU6050_REGISTER.PWR_MGMT_1, MPU6050_BITS.PWR_MGMT_1_SLEEP); // sleep draws 5 µA
  }

  protected writeConfiguration(): void {
    const { range_g, rate_hz } = this.configuration;
    const rangeCode = MPU6050_RANGE_G.indexOf(range_g as (typeof MPU6050_RANGE_G)[number]);
    this.bus.writeByte(this.address, MPU6050_REGISTER.PWR_MGMT_1, MPU6050_BITS.PWR_MGMT_1_CLKSEL_PLL_X_GYRO); // awake
    // What another program may have left while the chip stayed powered: axes in standby, an auxiliary slave's bytes in the FIFO.
    this.bus.writeByte(this.address, MPU6050_REGISTER.PWR_MGMT_2, 0);
    this.bus.writeByte(this.address, MPU6050_REGISTER.I2C_MST_CTRL, 0);
    this.bus.writeByte(this.address, MPU6050_REGISTER.CONFIG, mpu6050FilterFor(rate_hz));
    this.bus.writeByte(this.address, MPU6050_REGISTER.SMPLRT_DIV, SAMPLE_RATE_BASE_HZ / rate_hz - 1);
    this.bus.writeByte(this.address, MPU6050_REGISTER.ACCEL_CONFIG, rangeCode << MPU6050_BITS.ACCEL_CONFIG_AFS_SHIFT);
    this.bus.writeByte(this.address, MPU6050_REGISTER.FIFO_EN, MPU6050_BITS.FIFO_EN_ACCEL);
    this.metersPerSecondSquaredPerLsb = STANDARD_GRAVITY / mpu6050LsbPerG(rangeCode);
    this.resetFifo(); // entries taken at the old scale or rate go
    this.timestamps.restart(rate_hz);
    this.settlingEntries = mpu6050SettlingEntries(rate_hz);
  }

  /** FIFO_RESET works only with the FIFO disabled (User Control), then it is enabled again. */
  private resetFifo(): void {
    this.bus.readByte(this.address, MPU6050_REGISTER.INT_STATUS); // clear a stale overflow flag
    this.bus.writeByte(this.address, MPU6050_REGISTER.USER_CTRL, MPU6050_BITS.USER_CTRL_FIFO_RESET);
    this.bus.writeByte(this.address, MPU6050_REGISTER.USER_CTRL, MPU6050_BITS.USER_CTRL_FIFO_EN);
  }
}
