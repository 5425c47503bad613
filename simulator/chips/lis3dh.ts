/**
 * LIS3DH register-level emulator. Bus face: the registers of lis3dh.registers.ts with their
 * reset values, read-only registers, multi-byte transfers that auto-increment only with bit
 * 7 of the sub-address set, range and resolution (high-resolution 12, normal 10 or
 * low-power 8 bits; rounding, saturation at full scale, two's complement, left-justified,
 * little- or big-endian by BLE), the data rate from ODR (0 = power-down, no samples), and
 * the 32-entry FIFO in bypass, FIFO and stream modes (stream-to-FIFO treated as stream)
 * with WTM, OVRN_FIFO, EMPTY and FSS, its entries the top 10 bits of each word (a high-resolution
 * reading loses its two lowest bits there, truncated: how it rounds is not documented); while the FIFO is on, a burst from OUT_X_L rolls back
 * from 0x2D to 0x28 and each read of OUT_Z_H pops an entry (AN3308, FIFO chapter). Physics face: the
 * AccelerationSource, sampled lazily at the chip's (possibly off-nominal) rate.
 *
 * Not modelled: noise, the high-pass filter (CTRL_REG2, which the driver clears), interrupts and click/6D detection, the ADC and
 * temperature sensor, block data update, the low-power-only 1.6 and 5.376 kHz rates, the
 * BOOT reload (it only clears itself). The LIS3DH has no soft reset; powerCycle() is how
 * the fault layer makes it lose its configuration.
 */
import type { Clock } from "../../hal/clock.ts";
import { STANDARD_GRAVITY } from "../../hal/drivers/accelerometer/common.ts";
import {
  LIS3DH_AUTO_INCREMENT,
  LIS3DH_BITS,
  LIS3DH_FIFO_DEPTH,
  LIS3DH_FIFO_MODE,
  LIS3DH_LAST_REGISTER,
  LIS3DH_RATE_CODES,
  LIS3DH_READ_ONLY,
  LIS3DH_REGISTER,
  LIS3DH_RESET_VALUES,
  lis3dhGPerDigit,
} from "../../hal/drivers/accelerometer/lis3dh.registers.ts";
import type { I2cTarget } from "../bus/simulated-i2c-bus.ts";
import type { AccelerationSource } from "./physical-source.ts";
import { AxisFifo } from "./axis-fifo.ts";
import { SampleSchedule } from "./sample-schedule.ts";

export interface Lis3dhEmulatorOptions {
  clock: Clock;
  acceleration: AccelerationSource;
  /** How far the chip's data rate is from nominal, ppm (+ = faster); default 0. */
  rateErrorPpm?: number;
}

const { CTRL_REG1, CTRL_REG4, CTRL_REG5, STATUS_REG, OUT_X_L, OUT_Z_H, FIFO_CTRL_REG, FIFO_SRC_REG } = LIS3DH_REGISTER;
const READ_ONLY = new Set(LIS3DH_READ_ONLY);
const RATE_BY_CODE = new Map(LIS3DH_RATE_CODES);
const FULL_SCALE_G = [2, 4, 8, 16];
/** The FIFO keeps a left-justified word's top 10 bits only, whatever the mode (ST: "internally in the FIFO only 10 most significant bits are stored"). */
const FIFO_WORD_MASK = ~0x3f;

/** Rounded, saturated at ±maximum, two's complement, left-justified in 16 bits. */
function encode(value: number, digitsPerUnit: number, maximum: number, shift: number): number {
  return ((Math.max(-maximum, Math.min(maximum, Math.round(value * digitsPerUnit))) << shift) << 16) >> 16;
}

export class Lis3dhEmulator implements I2cTarget {
  private readonly registers = new Uint8Array(LIS3DH_LAST_REGISTER + 1);
  private readonly schedule: SampleSchedule;
  private readonly acceleration: AccelerationSource;
  /** FIFO entries as left-justified 16-bit x, y, z words. */
  private readonly fifo = new AxisFifo(LIS3DH_FIFO_DEPTH);
  private readonly latest = new Int16Array(3);
  private readonly fifoEntry = new Int16Array(3);
  private dataReady = false;
  private dataOverrun = false;

  constructor(options: Lis3dhEmulatorOptions) {
    this.acceleration = options.acceleration;
    this.schedule = new SampleSchedule(options.clock, options.rateErrorPpm ?? 0);
    this.reset();
  }

  /** Power lost and restored: every register back to its reset value, FIFO empty, powered down. */
  powerCycle(): void {
    this.reset();
  }

  read(register: number, into: Uint8Array, length: number): void {
    this.catchUp();
    const increment = (register & LIS3DH_AUTO_INCREMENT) !== 0;
    const rollOver = this.fifoInUse();
    const littleEndian = (this.registers[CTRL_REG4] & LIS3DH_BITS.CTRL_REG4_BIG_ENDIAN) === 0;
    if (register === (OUT_X_L | LIS3DH_AUTO_INCREMENT) && rollOver && littleEndian && length % 6 === 0) {
      this.readEntries(into, length / 6); // the driver's hot path: whole FIFO entries
      return;
    }
    let address = register & ~LIS3DH_AUTO_INCREMENT;
    for (let index = 0; index < length; index++) {
      into[index] = this.readRegister(address);
      if (address === OUT_Z_H && rollOver) this.fifo.pop();
      if (increment) address = address === OUT_Z_H && rollOver ? OUT_X_L : address + 1;
    }
  }

  write(register: number, bytes: Uint8Array): void {
    this.catchUp();
    const increment = (register & LIS3DH_AUTO_INCREMENT) !== 0;
    let address = register & ~LIS3DH_AUTO_INCREMENT;
    for (let index = 0; index < bytes.length; index++) {
      if (address <= LIS3DH_LAST_REGISTER && !READ_ONLY.has(address)) {
        const before = this.registers[address];
        this.registers[address] = bytes[index];
        this.afterWrite(address, before);
      }
      if (increment) address++;
    }
  }

  private reset(): void {
    this.registers.fill(0);
    for (const [address, value] of LIS3DH_RESET_VALUES) this.registers[address] = value;
    this.fifo.clear();
    this.latest.fill(0);
    this.dataReady = this.dataOverrun = false;
    this.schedule.stop();
  }

  private afterWrite(address: number, before: number): void {
    if (address === CTRL_REG1 && (before >> 4) !== (this.registers[CTRL_REG1] >> 4)) {
      const rateHz = RATE_BY_CODE.get(this.registers[CTRL_REG1] >> LIS3DH_BITS.CTRL_REG1_ODR_SHIFT);
      if (rateHz === undefined) this.schedule.stop(); // power-down (or a low-power-only rate, not modelled)
      else this.schedule.start(rateHz);
    }
    if (address === CTRL_REG5) this.registers[CTRL_REG5] &= ~LIS3DH_BITS.CTRL_REG5_BOOT; // BOOT clears itself
    if ((address === FIFO_CTRL_REG || address === CTRL_REG5) && !this.fifoInUse()) this.fifo.clear();
  }

  private fifoMode(): number {
    return this.registers[FIFO_CTRL_REG] >> LIS3DH_BITS.FIFO_CTRL_MODE_SHIFT;
  }

  /** FIFO_EN and a mode other than bypass (bypass keeps the FIFO empty). */
  private fifoInUse(): boolean {
    return (this.registers[CTRL_REG5] & LIS3DH_BITS.CTRL_REG5_FIFO_EN) !== 0 && this.fifoMode() !== LIS3DH_FIFO_MODE.bypass;
  }

  private catchUp(): void {
    let due = this.schedule.due();
    if (due === 0) return;
    const inUse = this.fifoInUse();
    const stopsWhenFull = inUse && this.fifoMode() === LIS3DH_FIFO_MODE.fifo;
    const keep = !inUse ? 1 : stopsWhenFull ? Math.max(1, LIS3DH_FIFO_DEPTH - this.fifo.count) : LIS3DH_FIFO_DEPTH;
    if (due > keep) {
      this.schedule.skip(due - keep);
      due = keep;
    }
    const control1 = this.registers[CTRL_REG1];
    const control4 = this.registers[CTRL_REG4];
    const bits = (control1 & LIS3DH_BITS.CTRL_REG1_LOW_POWER) !== 0 ? 8 : (control4 & LIS3DH_BITS.CTRL_REG4_HIGH_RESOLUTION) !== 0 ? 12 : 10;
    const rangeCode = (control4 & LIS3DH_BITS.CTRL_REG4_FS_MASK) >> LIS3DH_BITS.CTRL_REG4_FS_SHIFT;
    const gPerDigit = lis3dhGPerDigit(rangeCode, bits);
    // Saturation at full scale; at ±16 g that is inside the code range (not verified on a chip).
    const maximum = Math.min(2 ** (bits - 1) - 1, Math.floor(FULL_SCALE_G[rangeCode] / gPerDigit));
    const digitsPerMetersPerSecondSquared = 1 / (gPerDigit * STANDARD_GRAVITY);
    const shift = 16 - bits;
    for (let index = 0; index < due; index++) {
      const vector = this.acceleration(this.schedule.take());
      if (this.dataReady) this.dataOverrun = true;
      this.latest[0] = encode(vector.x, digitsPerMetersPerSecondSquared, maximum, shift);
      this.latest[1] = encode(vector.y, digitsPerMetersPerSecondSquared, maximum, shift);
      this.latest[2] = encode(vector.z, digitsPerMetersPerSecondSquared, maximum, shift);
      this.dataReady = true;
      if (inUse) this.push(stopsWhenFull);
    }
  }

  private push(stopsWhenFull: boolean): void {
    // Full: FIFO mode stops collecting; stream drops the oldest entry (push does).
    if (this.fifo.full && stopsWhenFull) return;
    for (let axis = 0; axis < 3; axis++) this.fifoEntry[axis] = this.latest[axis] & FIFO_WORD_MASK;
    this.fifo.push(this.fifoEntry);
  }

  /** `count` entries from OUT_X_L, rolling over (same result as the byte loop), popping each. */
  private readEntries(into: Uint8Array, count: number): void {
    for (let entry = 0; entry < count; entry++) {
      const fromFifo = this.fifo.count > 0;
      for (let axis = 0; axis < 3; axis++) {
        const word = fromFifo ? this.fifo.oldest(axis) : this.latest[axis];
        into[entry * 6 + 2 * axis] = word & 0xff;
        into[entry * 6 + 2 * axis + 1] = (word >> 8) & 0xff;
      }
      this.dataReady = this.dataOverrun = false;
      this.fifo.pop();
    }
  }

  private readRegister(address: number): number {
    if (address > LIS3DH_LAST_REGISTER) return 0;
    if (address >= OUT_X_L && address <= OUT_Z_H) {
      const offset = address - OUT_X_L;
      const fromFifo = this.fifoInUse() && this.fifo.count > 0;
      const word = fromFifo ? this.fifo.oldest(offset >> 1) : this.latest[offset >> 1];
      const highFirst = (this.registers[CTRL_REG4] & LIS3DH_BITS.CTRL_REG4_BIG_ENDIAN) !== 0;
      if (address === OUT_Z_H) this.dataReady = this.dataOverrun = false;
      return (offset & 1) === (highFirst ? 1 : 0) ? word & 0xff : (word >> 8) & 0xff;
    }
    if (address === STATUS_REG) return (this.dataOverrun ? LIS3DH_BITS.STATUS_ZYXOR : 0) | (this.dataReady ? LIS3DH_BITS.STATUS_ZYXDA : 0);
    if (address === FIFO_SRC_REG) {
      const count = this.fifoInUse() ? this.fifo.count : 0;
      const watermark = count > (this.registers[FIFO_CTRL_REG] & LIS3DH_BITS.FIFO_CTRL_THRESHOLD_MASK); // not verified: > or ≥
      return (
        (watermark ? LIS3DH_BITS.FIFO_SRC_WATERMARK : 0) |
        (count === LIS3DH_FIFO_DEPTH ? LIS3DH_BITS.FIFO_SRC_OVERRUN : 0) |
        (count === 0 ? LIS3DH_BITS.FIFO_SRC_EMPTY : 0) |
        Math.min(count, LIS3DH_BITS.FIFO_SRC_LEVEL_MASK)
      );
    }
    return this.registers[address];
  }
}
