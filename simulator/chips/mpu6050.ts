/**
 * MPU-6050 register-level emulator, accelerometer side. Bus face: the registers of
 * mpu6050.registers.ts with their reset values (asleep), read-only registers,
 * auto-incrementing reads except FIFO_R_W (which pops a FIFO byte per byte read), range
 * (AFS_SEL; rounding, saturation at ±32767, two's complement, big-endian), the sample rate
 * from DLPF_CFG and SMPLRT_DIV, SLEEP, DEVICE_RESET, and the 1024-byte FIFO fed with 6-byte
 * accelerometer entries when FIFO_EN.ACCEL and USER_CTRL.FIFO_EN are set, dropping its
 * oldest bytes on overflow (FIFO_OFLOW_INT) and emptied by FIFO_RESET, read empty as its
 * last byte again, its count latched by reading FIFO_COUNT_H; DATA_RDY_INT per
 * sample; INT_STATUS cleared by reading; an accelerometer axis in standby (PWR_MGMT_2) reads 0;
 * samples within MPU6050_ACCEL_STARTUP_S of leaving sleep read 0 on every axis (what the chip
 * gives then is not documented: zeros, which a review suggested, are the worst a driver must survive).
 * Physics face: the AccelerationSource, sampled lazily at the chip's (possibly off-nominal) rate.
 *
 * Not modelled: the gyro and temperature (they read 0 and never enter the FIFO), the
 * filter's response (samples are the source's values), the 1 kHz accelerometer output
 * repeating samples above 1 kHz, cycle mode, gyro standby, the I2C master (SLV3_FIFO_EN), interrupts
 * on pins, writes into FIFO_R_W (ignored).
 */
import type { Clock } from "../../hal/clock.ts";
import { STANDARD_GRAVITY } from "../../hal/drivers/accelerometer/common.ts";
import {
  MPU6050_ACCEL_ENTRY_BYTES,
  MPU6050_ACCEL_STARTUP_S,
  MPU6050_BITS,
  MPU6050_DLPF,
  MPU6050_FIFO_BYTES,
  MPU6050_LAST_REGISTER,
  MPU6050_READ_ONLY_RANGES,
  MPU6050_REGISTER,
  MPU6050_RESET_VALUES,
  mpu6050LsbPerG,
} from "../../hal/drivers/accelerometer/mpu6050.registers.ts";
import type { I2cTarget } from "../bus/simulated-i2c-bus.ts";
import type { AccelerationSource } from "./physical-source.ts";
import { SampleSchedule } from "./sample-schedule.ts";

export interface Mpu6050EmulatorOptions {
  clock: Clock;
  acceleration: AccelerationSource;
  /** How far the chip's sample rate is from nominal, ppm (+ = faster); default 0. */
  rateErrorPpm?: number;
}

const { SMPLRT_DIV, CONFIG, ACCEL_CONFIG, FIFO_EN, INT_STATUS, ACCEL_XOUT_H, USER_CTRL, PWR_MGMT_1, PWR_MGMT_2, FIFO_COUNTH, FIFO_COUNTL, FIFO_R_W } = MPU6050_REGISTER;
const isReadOnly = (address: number) => MPU6050_READ_ONLY_RANGES.some(([first, last]) => address >= first && address <= last);
/** Samples beyond this many since the last touch would only overflow the FIFO: skipped, not computed. */
const MOST_SAMPLES_KEPT = Math.ceil(MPU6050_FIFO_BYTES / MPU6050_ACCEL_ENTRY_BYTES) + 1;

export class Mpu6050Emulator implements I2cTarget {
  private readonly registers = new Uint8Array(MPU6050_LAST_REGISTER + 1);
  private readonly schedule: SampleSchedule;
  private readonly acceleration: AccelerationSource;
  private readonly fifo = new Uint8Array(MPU6050_FIFO_BYTES);
  private fifoHead = 0;
  private fifoCount = 0;
  /** FIFO_COUNT as latched by the last read of FIFO_COUNT_H (register map §4.30) */
  private latchedFifoCount = 0;
  /** what an empty FIFO_R_W reads: the byte last read from the FIFO (register map §4.31) */
  private lastFifoByte = 0;
  /** The latest sample as its six big-endian bytes, shown at ACCEL_XOUT_H..ACCEL_ZOUT_L. */
  private readonly latest = new Uint8Array(MPU6050_ACCEL_ENTRY_BYTES);
  private interruptStatus = 0;
  /** s: when it last left sleep */
  private wokeAtS = -Infinity;
  private readonly clock: Clock;

  constructor(options: Mpu6050EmulatorOptions) {
    this.clock = options.clock;
    this.acceleration = options.acceleration;
    this.schedule = new SampleSchedule(options.clock, options.rateErrorPpm ?? 0);
    this.reset();
  }

  /** Power lost and restored: every register back to its reset value (asleep), FIFO empty. */
  powerCycle(): void {
    this.reset();
  }

  read(register: number, into: Uint8Array, length: number): void {
    this.catchUp();
    for (let index = 0; index < length; index++) {
      if (register === FIFO_R_W) {
        into[index] = this.popFifoByte();
        continue;
      }
      into[index] = this.readRegister(register + index);
    }
  }

  write(register: number, bytes: Uint8Array): void {
    this.catchUp();
    for (let index = 0; index < bytes.length; index++) {
      const address = register + index;
      if (address > MPU6050_LAST_REGISTER || isReadOnly(address) || address === FIFO_R_W) continue;
      const before = this.registers[address];
      this.registers[address] = bytes[index];
      this.afterWrite(address, before);
    }
  }

  private reset(): void {
    this.registers.fill(0);
    for (const [address, value] of MPU6050_RESET_VALUES) this.registers[address] = value;
    this.fifoHead = this.fifoCount = this.latchedFifoCount = this.lastFifoByte = 0;
    this.latest.fill(0);
    this.interruptStatus = 0;
    this.schedule.stop();
  }

  private afterWrite(address: number, before: number): void {
    if (address === PWR_MGMT_1 && (this.registers[PWR_MGMT_1] & MPU6050_BITS.PWR_MGMT_1_DEVICE_RESET) !== 0) {
      this.reset(); // DEVICE_RESET: every register to its default; the bit clears itself
      return;
    }
    if (address === USER_CTRL && (this.registers[USER_CTRL] & MPU6050_BITS.USER_CTRL_FIFO_RESET) !== 0) {
      this.fifoHead = this.fifoCount = 0;
      this.registers[USER_CTRL] &= ~MPU6050_BITS.USER_CTRL_FIFO_RESET; // self-clearing
    }
    const sleepBit = MPU6050_BITS.PWR_MGMT_1_SLEEP;
    if (address === PWR_MGMT_1 && (before & sleepBit) !== 0 && (this.registers[PWR_MGMT_1] & sleepBit) === 0) this.wokeAtS = this.clock.now() / 1000;
    if ((address === PWR_MGMT_1 || address === SMPLRT_DIV || address === CONFIG) && before !== this.registers[address]) this.updateSampling();
  }

  private updateSampling(): void {
    if ((this.registers[PWR_MGMT_1] & MPU6050_BITS.PWR_MGMT_1_SLEEP) !== 0) {
      this.schedule.stop();
      return;
    }
    const gyroOutputRateHz = MPU6050_DLPF[this.registers[CONFIG] & MPU6050_BITS.CONFIG_DLPF_MASK].gyroOutputRateHz;
    this.schedule.start(gyroOutputRateHz / (1 + this.registers[SMPLRT_DIV]));
  }

  private catchUp(): void {
    let due = this.schedule.due();
    if (due === 0) return;
    const intoFifo = (this.registers[USER_CTRL] & MPU6050_BITS.USER_CTRL_FIFO_EN) !== 0 && (this.registers[FIFO_EN] & MPU6050_BITS.FIFO_EN_ACCEL) !== 0;
    const keep = intoFifo ? MOST_SAMPLES_KEPT : 1;
    if (due > keep) {
      this.schedule.skip(due - keep);
      due = keep;
    }
    const rangeCode = (this.registers[ACCEL_CONFIG] & MPU6050_BITS.ACCEL_CONFIG_AFS_MASK) >> MPU6050_BITS.ACCEL_CONFIG_AFS_SHIFT;
    const lsbPerMetersPerSecondSquared = mpu6050LsbPerG(rangeCode) / STANDARD_GRAVITY;
    // An axis in standby (PWR_MGMT_2) is not measured: it reads 0.
    const standby = this.registers[PWR_MGMT_2];
    const measuredX = (standby & MPU6050_BITS.PWR_MGMT_2_STBY_XA) === 0 ? 1 : 0;
    const measuredY = (standby & (MPU6050_BITS.PWR_MGMT_2_STBY_XA >> 1)) === 0 ? 1 : 0;
    const measuredZ = (standby & (MPU6050_BITS.PWR_MGMT_2_STBY_XA >> 2)) === 0 ? 1 : 0;
    const settledAtS = this.wokeAtS + MPU6050_ACCEL_STARTUP_S;
    for (let index = 0; index < due; index++) {
      const t = this.schedule.take();
      const valid = t >= settledAtS ? 1 : 0;
      const vector = this.acceleration(t);
      this.encode(0, vector.x * measuredX * valid, lsbPerMetersPerSecondSquared);
      this.encode(2, vector.y * measuredY * valid, lsbPerMetersPerSecondSquared);
      this.encode(4, vector.z * measuredZ * valid, lsbPerMetersPerSecondSquared);
      if (intoFifo) for (let byte = 0; byte < MPU6050_ACCEL_ENTRY_BYTES; byte++) this.pushFifoByte(this.latest[byte]);
    }
    this.interruptStatus |= MPU6050_BITS.INT_DATA_READY;
  }

  private encode(offset: number, value: number, lsbPerMetersPerSecondSquared: number): void {
    const code = Math.max(-32768, Math.min(32767, Math.round(value * lsbPerMetersPerSecondSquared)));
    this.latest[offset] = (code >> 8) & 0xff;
    this.latest[offset + 1] = code & 0xff;
  }

  private pushFifoByte(byte: number): void {
    if (this.fifoCount === MPU6050_FIFO_BYTES) {
      // Full: the oldest byte goes (Interrupt Status, FIFO_OFLOW_INT).
      this.fifoHead = (this.fifoHead + 1) % MPU6050_FIFO_BYTES;
      this.fifoCount--;
      this.interruptStatus |= MPU6050_BITS.INT_FIFO_OVERFLOW;
    }
    this.fifo[(this.fifoHead + this.fifoCount) % MPU6050_FIFO_BYTES] = byte;
    this.fifoCount++;
  }

  private popFifoByte(): number {
    // Register map §4.31: read empty, "the last byte that was previously read from the FIFO".
    if (this.fifoCount === 0) return this.lastFifoByte;
    const byte = (this.lastFifoByte = this.fifo[this.fifoHead]);
    this.fifoHead = (this.fifoHead + 1) % MPU6050_FIFO_BYTES;
    this.fifoCount--;
    return byte;
  }

  private readRegister(address: number): number {
    if (address > MPU6050_LAST_REGISTER) return 0;
    if (address >= ACCEL_XOUT_H && address < ACCEL_XOUT_H + MPU6050_ACCEL_ENTRY_BYTES) return this.latest[address - ACCEL_XOUT_H];
    // Register map §4.30: reading FIFO_COUNT_H latches the count; FIFO_COUNT_L alone does not update it.
    if (address === FIFO_COUNTH) return ((this.latchedFifoCount = this.fifoCount) >> 8) & 0xff;
    if (address === FIFO_COUNTL) return this.latchedFifoCount & 0xff;
    if (address === INT_STATUS) {
      const status = this.interruptStatus;
      this.interruptStatus = 0; // cleared by reading (Interrupt Status)
      return status;
    }
    return this.registers[address];
  }
}
