/**
 * ADXL345 register-level emulator (Zephyr i2c_emul style): the real driver talks to it over
 * the simulated bus. Bus face: the registers of adxl345.registers.ts with their reset
 * values, read-only registers, auto-incrementing multi-byte reads, range and full or 10-bit
 * resolution (rounding, saturation at the output width, two's complement, right or left
 * justified), the data rate from BW_RATE, standby/measure/sleep, and the 32-entry FIFO in
 * bypass, FIFO, stream (and trigger, treated as stream) modes with watermark and overrun
 * bits (Overrun as the FIFO fills, as the datasheet says, not only at a loss); an entry pops
 * when a read covers the data registers; the offset registers added to each axis. Physics
 * face: the AccelerationSource, sampled lazily at the chip's own (possibly off-nominal) rate.
 *
 * Not modelled: noise, tap/activity/free-fall detection, the 33rd entry
 * in the output registers, low-power noise. The ADXL345 has no soft reset; powerCycle()
 * is how the fault layer makes it lose its configuration.
 */
import type { Clock } from "../../hal/clock.ts";
import {
  ADXL345_BITS,
  ADXL345_FIFO_DEPTH,
  ADXL345_FIFO_MODE,
  ADXL345_LAST_REGISTER,
  ADXL345_OFFSET_G_PER_LSB,
  ADXL345_RATE_CODES,
  ADXL345_READ_ONLY,
  ADXL345_REGISTER,
  ADXL345_RESET_VALUES,
  adxl345Bits,
  adxl345GPerLsb,
} from "../../hal/drivers/accelerometer/adxl345.registers.ts";
import { STANDARD_GRAVITY } from "../../hal/drivers/accelerometer/common.ts";
import type { I2cTarget } from "../bus/simulated-i2c-bus.ts";
import type { AccelerationSource } from "./physical-source.ts";
import { AxisFifo } from "./axis-fifo.ts";
import { SampleSchedule } from "./sample-schedule.ts";

export interface Adxl345EmulatorOptions {
  clock: Clock;
  acceleration: AccelerationSource;
  /** How far the chip's data rate is from nominal, ppm (+ = faster); default 0. */
  rateErrorPpm?: number;
}

/** Sleep-mode sampling rates by POWER_CTL Wakeup bits D1:D0 (Table 20). */
const WAKEUP_RATES_HZ = [8, 4, 2, 1];
const READ_ONLY = new Set<number>(ADXL345_READ_ONLY);
const RATE_BY_CODE = new Map(ADXL345_RATE_CODES);
/** Codes below the table (0.10–3.13 Hz) follow the table's halving per code (Table 7). */
const rateOfCode = (code: number) => RATE_BY_CODE.get(code) ?? 3200 / 2 ** (15 - code);
const { BW_RATE, POWER_CTL, INT_SOURCE, DATA_FORMAT, DATAX0, DATAZ1, FIFO_CTL, FIFO_STATUS, OFSX, OFSY, OFSZ } = ADXL345_REGISTER;

/** Rounded, saturated at the output width, two's complement, shifted left when left-justified. */
function encode(value: number, lsbPerUnit: number, maximum: number, shift: number): number {
  return ((Math.max(-maximum - 1, Math.min(maximum, Math.round(value * lsbPerUnit))) << shift) << 16) >> 16;
}

export class Adxl345Emulator implements I2cTarget {
  private readonly registers = new Uint8Array(ADXL345_LAST_REGISTER + 1);
  private readonly schedule: SampleSchedule;
  private readonly acceleration: AccelerationSource;
  /** FIFO entries as encoded x, y, z codes (the chip stores them in the format of the moment). */
  private readonly fifo = new AxisFifo(ADXL345_FIFO_DEPTH);
  /** The most recent sample, what the data registers show in bypass mode or with an empty FIFO. */
  private readonly latest = new Int16Array(3);
  private dataReady = false;
  private overrun = false;

  constructor(options: Adxl345EmulatorOptions) {
    this.acceleration = options.acceleration;
    this.schedule = new SampleSchedule(options.clock, options.rateErrorPpm ?? 0);
    this.reset();
  }

  /** Power lost and restored: every register back to its reset value, FIFO empty, standby. */
  powerCycle(): void {
    this.reset();
  }

  read(register: number, into: Uint8Array, length: number): void {
    this.catchUp();
    if (register === DATAX0 && length === 6) {
      this.readEntry(into); // the driver's hot path: one FIFO entry
      return;
    }
    let touchedData = false;
    for (let index = 0; index < length; index++) {
      const address = register + index;
      if (address >= DATAX0 && address <= DATAZ1) touchedData = true;
      into[index] = this.readRegister(address);
    }
    if (touchedData) this.popEntry();
  }

  write(register: number, bytes: Uint8Array): void {
    this.catchUp();
    for (let index = 0; index < bytes.length; index++) {
      const address = register + index;
      if (address > ADXL345_LAST_REGISTER || READ_ONLY.has(address)) continue;
      const before = this.registers[address];
      this.registers[address] = bytes[index];
      this.afterWrite(address, before);
    }
  }

  private reset(): void {
    this.registers.fill(0);
    for (const [address, value] of ADXL345_RESET_VALUES) this.registers[address] = value;
    this.fifo.clear();
    this.latest.fill(0);
    this.dataReady = this.overrun = false;
    this.schedule.stop();
  }

  private afterWrite(address: number, before: number): void {
    if ((address === POWER_CTL || address === BW_RATE) && before !== this.registers[address]) this.updateSampling();
    if (address === FIFO_CTL && this.fifoMode() === ADXL345_FIFO_MODE.bypass) {
      this.fifo.clear(); // bypass clears the FIFO
      this.overrun = false;
    }
  }

  /** Measuring starts, stops or changes rate: the sample clock restarts from now. */
  private updateSampling(): void {
    const powerControl = this.registers[POWER_CTL];
    if ((powerControl & ADXL345_BITS.POWER_CTL_MEASURE) === 0) {
      this.schedule.stop();
      return;
    }
    const sleeping = (powerControl & ADXL345_BITS.POWER_CTL_SLEEP) !== 0;
    this.schedule.start(sleeping ? WAKEUP_RATES_HZ[powerControl & 0x03] : rateOfCode(this.registers[BW_RATE] & ADXL345_BITS.BW_RATE_RATE_MASK));
  }

  private fifoMode(): number {
    return this.registers[FIFO_CTL] >> ADXL345_BITS.FIFO_CTL_MODE_SHIFT;
  }

  /** Takes every sample that fell due since the bus last touched the chip. */
  private catchUp(): void {
    let due = this.schedule.due();
    if (due === 0) return;
    const mode = this.fifoMode();
    // Samples that would only be overwritten before anyone could read them are skipped, not computed.
    const keep = mode === ADXL345_FIFO_MODE.bypass ? 1 : mode === ADXL345_FIFO_MODE.fifo ? Math.max(1, ADXL345_FIFO_DEPTH - this.fifo.count) : ADXL345_FIFO_DEPTH;
    if (due > keep) {
      this.overrun = true;
      this.schedule.skip(due - keep);
      due = keep;
    }
    const format = this.registers[DATA_FORMAT];
    const rangeCode = format & ADXL345_BITS.DATA_FORMAT_RANGE_MASK;
    const fullResolution = (format & ADXL345_BITS.DATA_FORMAT_FULL_RES) !== 0;
    const bits = adxl345Bits(rangeCode, fullResolution);
    const lsbPerMetersPerSecondSquared = 1 / (adxl345GPerLsb(rangeCode, fullResolution) * STANDARD_GRAVITY);
    const maximum = 2 ** (bits - 1) - 1;
    const shift = (format & ADXL345_BITS.DATA_FORMAT_JUSTIFY) !== 0 ? 16 - bits : 0;
    // The offset registers are added to each axis before it is stored (OFSX, OFSY, OFSZ).
    const offsetX = this.offsetMetersPerSecondSquared(OFSX);
    const offsetY = this.offsetMetersPerSecondSquared(OFSY);
    const offsetZ = this.offsetMetersPerSecondSquared(OFSZ);
    for (let index = 0; index < due; index++) {
      const vector = this.acceleration(this.schedule.take());
      this.latest[0] = encode(vector.x + offsetX, lsbPerMetersPerSecondSquared, maximum, shift);
      this.latest[1] = encode(vector.y + offsetY, lsbPerMetersPerSecondSquared, maximum, shift);
      this.latest[2] = encode(vector.z + offsetZ, lsbPerMetersPerSecondSquared, maximum, shift);
      this.push(mode);
    }
    this.dataReady = true;
  }

  private offsetMetersPerSecondSquared(register: number): number {
    return ((this.registers[register] << 24) >> 24) * ADXL345_OFFSET_G_PER_LSB * STANDARD_GRAVITY;
  }

  private push(mode: number): void {
    if (mode === ADXL345_FIFO_MODE.bypass) return;
    // Datasheet ("Overrun"): in FIFO, stream and trigger modes the bit is set when the FIFO is
    // filled, whether or not an entry is then lost; stream drops the oldest, FIFO mode stops.
    if (this.fifo.full && mode === ADXL345_FIFO_MODE.fifo) return;
    this.fifo.push(this.latest);
    if (this.fifo.full) this.overrun = true;
  }

  /** DATAX0..DATAZ1 in one go (same result as six readRegister calls), then the pop. */
  private readEntry(into: Uint8Array): void {
    const fromFifo = this.fifo.count > 0 && this.fifoMode() !== ADXL345_FIFO_MODE.bypass;
    for (let axis = 0; axis < 3; axis++) {
      const code = fromFifo ? this.fifo.oldest(axis) : this.latest[axis];
      into[2 * axis] = code & 0xff;
      into[2 * axis + 1] = (code >> 8) & 0xff;
    }
    this.popEntry();
  }

  private popEntry(): void {
    this.dataReady = false;
    if (this.fifoMode() === ADXL345_FIFO_MODE.bypass) {
      this.overrun = false;
      return;
    }
    if (this.fifo.count === 0) return;
    this.fifo.pop();
    this.overrun = false; // "cleared when the contents of the FIFO are read"
  }

  private readRegister(address: number): number {
    if (address > ADXL345_LAST_REGISTER) return 0;
    if (address >= DATAX0 && address <= DATAZ1) {
      const offset = address - DATAX0;
      const fromFifo = this.fifoMode() !== ADXL345_FIFO_MODE.bypass && this.fifo.count > 0;
      const code = fromFifo ? this.fifo.oldest(offset >> 1) : this.latest[offset >> 1];
      return (offset & 1) === 0 ? code & 0xff : (code >> 8) & 0xff;
    }
    if (address === FIFO_STATUS) return this.fifo.count & ADXL345_BITS.FIFO_STATUS_ENTRIES_MASK;
    if (address === INT_SOURCE) {
      const watermark = this.fifo.count >= (this.registers[FIFO_CTL] & ADXL345_BITS.FIFO_CTL_SAMPLES_MASK);
      return (this.dataReady ? ADXL345_BITS.INT_DATA_READY : 0) | (watermark ? ADXL345_BITS.INT_WATERMARK : 0) | (this.overrun ? ADXL345_BITS.INT_OVERRUN : 0);
    }
    return this.registers[address];
  }
}
