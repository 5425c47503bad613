/**
 * An ADXL345 on a Firmata side board's I2C bus, as an Accelerometer. The Pi cannot clock
 * the chip itself: StandardFirmata reads DATA_FORMAT and the six data registers (0x31–0x37,
 * one burst) every sampling interval (a Firmata "read continuously" I2C request) and sends
 * each result as one I2C_REPLY. Each reply is buffered with its arrival time; sample()
 * drains them oldest first, m/s² with gravity. DATA_FORMAT rides along so each reading is
 * scaled by the range it was taken at (a configure() in flight cannot mis-scale one), and
 * a chip that lost power shows FULL_RES cleared: it is configured again and counted in
 * `resets`, as the I2C driver does.
 *
 * Achievable rate: rate = 1000 / samplingIntervalMs. One reply is 21 serial bytes, 3.6 ms
 * at StandardFirmata's 57 600 baud (10 bits a byte), so 5 ms (200 Hz) is the shortest
 * interval accepted and 10 ms (100 Hz, the default) leaves the link two-thirds idle. The
 * sampling interval is board-wide (analog reports share it). The firmware sizes its windows
 * and filters from `rateHz` (the board's `rate_hz`), so it must be the rate the reads come at.
 *
 * The chip runs in bypass mode (no FIFO: the Arduino, not the Pi, paces the reads) at the
 * lowest data rate at least twice the read rate, so a reading is at most half a chip period
 * old. Times are arrival times on the Pi: the serial latency (about 4 ms) is not removed,
 * and the Arduino's loop adds jitter up to a few ms.
 *
 * Options: `board`; `address` (default 0x53, 0x1D with ALT ADDRESS high); `clock` (box
 * clock, default SystemClock); `timeoutMs` for the identity probe (default 1 000 ms);
 * `maxBuffered` readings kept between sample() calls (default 1 000; older ones are
 * dropped and counted in `dropped`); plus the configure options: `range_g` ±2, 4, 8 or
 * 16 g (default 4) and `samplingIntervalMs` 5–1 000 ms (default 10).
 *
 * Why not johnny-five's Accelerometer component: it publishes the latest value on its own
 * timer ("data" events), so readings between its ticks are lost and their times unknown.
 */
import { SystemClock, type Clock } from "../clock.ts";
import {
  ADXL345_ADDRESS,
  ADXL345_BITS,
  ADXL345_DEVICE_ID,
  ADXL345_FIFO_MODE,
  ADXL345_RANGE_G,
  ADXL345_RATE_CODES,
  ADXL345_REGISTER,
  adxl345GPerLsb,
} from "../drivers/accelerometer/adxl345.registers.ts";
import { requireInteger, requireKnownKeys, requireOneOf, STANDARD_GRAVITY } from "../drivers/accelerometer/common.ts";
import { HalError } from "../io/hal-error.ts";
import { hex } from "../io/i2c.ts";
import type { AccelerationSample, Accelerometer } from "../sensors.ts";
import type { FirmataBoard } from "./firmata-board.ts";

export interface FirmataAccelerometerConfiguration {
  /** Full scale, ± g: 2, 4, 8 or 16. */
  range_g: number;
  /** ms between the board's reads of the chip (the Firmata sampling interval), 5–1 000. */
  samplingIntervalMs: number;
}

export interface FirmataAccelerometerOptions extends Partial<FirmataAccelerometerConfiguration> {
  board: FirmataBoard;
  address?: number;
  clock?: Clock;
  timeoutMs?: number;
  maxBuffered?: number;
}

const DEFAULTS: FirmataAccelerometerConfiguration = { range_g: 4, samplingIntervalMs: 10 };
const CONFIGURATION_KEYS = Object.keys(DEFAULTS);
export const MINIMUM_SAMPLING_INTERVAL_MS = 5;
/** DATA_FORMAT then DATAX0..DATAZ1: contiguous, so one burst read. */
const FIRST_REGISTER = ADXL345_REGISTER.DATA_FORMAT;
const READ_BYTES = 1 + ADXL345_REGISTER.DATAZ1 - ADXL345_REGISTER.DATA_FORMAT;
const DATA_OFFSET = ADXL345_REGISTER.DATAX0 - ADXL345_REGISTER.DATA_FORMAT;
/** After re-configuring a reset chip, ms before trying again if it still reads as reset. */
const RECONFIGURE_RETRY_MS = 500;

export class FirmataAccelerometer implements Accelerometer {
  /** Readings dropped because sample() was not called before `maxBuffered` piled up. */
  dropped = 0;
  /** Times the chip was found reset (power-cycled) and configured again. */
  resets = 0;
  private configuration: FirmataAccelerometerConfiguration = { ...DEFAULTS };
  /** ms (clock) of the last re-configuration after a reset, NaN when none is pending */
  private reconfiguredAt = NaN;
  /** Ring of readings: t, x, y, z per slot. */
  private readonly ring: Float64Array;
  private readonly capacity: number;
  private head = 0;
  private count = 0;
  private closed = false;
  private readonly onReply = (bytes: number[]) => this.receive(bytes);

  private constructor(
    private readonly board: FirmataBoard,
    private readonly address: number,
    private readonly clock: Clock,
    maxBuffered: number,
    readonly part: string,
  ) {
    this.capacity = maxBuffered;
    this.ring = new Float64Array(maxBuffered * 4);
  }

  /** Probe DEVID over Firmata, configure, start the continuous read. HalError no_acknowledge / wrong_chip / timeout. */
  static async open(options: FirmataAccelerometerOptions): Promise<FirmataAccelerometer> {
    const { board, address = ADXL345_ADDRESS, clock = new SystemClock(), timeoutMs = 1_000, maxBuffered = 1_000, ...configuration } = options;
    const part = `adxl345 ${board.name} ${hex(address)}`;
    board.assertOpen(part);
    requireInteger(part, "maxBuffered", maxBuffered, 1, 1_000_000);
    requireKnownKeys(part, configuration, CONFIGURATION_KEYS);
    const io = board.io;
    io.i2cConfig({ delay: 0 });
    const found = await new Promise<number>((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        io.removeListener("string", onString);
        settle();
      };
      // StandardFirmata reports a chip that does not acknowledge as a string message.
      const onString = (text: string) => {
        if (/I2C/i.test(text)) done(() => reject(new HalError("no_acknowledge", part, `no chip acknowledged (board says "${text}")`)));
      };
      const timer = setTimeout(() => done(() => reject(new HalError("timeout", part, `no I2C reply to the DEVID read within ${timeoutMs} ms`))), timeoutMs);
      io.on("string", onString);
      io.i2cReadOnce(address, ADXL345_REGISTER.DEVID, 1, (bytes) => done(() => resolve(bytes[0])));
    });
    if (found !== ADXL345_DEVICE_ID) throw new HalError("wrong_chip", part, `DEVID is ${hex(found)}, expected ${hex(ADXL345_DEVICE_ID)} (ADXL345)`);
    const accelerometer = new FirmataAccelerometer(board, address, clock, maxBuffered, part);
    accelerometer.configure(configuration);
    io.i2cRead(address, FIRST_REGISTER, READ_BYTES, accelerometer.onReply);
    return accelerometer;
  }

  get rateHz(): number {
    return 1000 / this.configuration.samplingIntervalMs;
  }

  configure(partial: Partial<FirmataAccelerometerConfiguration>): void {
    this.assertOpen();
    requireKnownKeys(this.part, partial, CONFIGURATION_KEYS);
    const next = { ...this.configuration, ...partial };
    requireOneOf(this.part, "range_g", next.range_g, ADXL345_RANGE_G, "g");
    requireInteger(this.part, "samplingIntervalMs", next.samplingIntervalMs, MINIMUM_SAMPLING_INTERVAL_MS, 1_000);
    this.configuration = next;
    this.writeConfiguration();
  }

  private writeConfiguration(): void {
    const next = this.configuration;
    const readRateHz = 1000 / next.samplingIntervalMs;
    const [rateCode] = ADXL345_RATE_CODES.find(([, rate]) => rate >= 2 * readRateHz) ?? ADXL345_RATE_CODES[ADXL345_RATE_CODES.length - 1];
    const rangeCode = ADXL345_RANGE_G.indexOf(next.range_g as (typeof ADXL345_RANGE_G)[number]);
    const io = this.board.io;
    // Firmata keeps the order of requests, so the chip is in standby while its format changes.
    io.i2cWriteReg(this.address, ADXL345_REGISTER.POWER_CTL, 0);
    io.i2cWriteReg(this.address, ADXL345_REGISTER.FIFO_CTL, ADXL345_FIFO_MODE.bypass << ADXL345_BITS.FIFO_CTL_MODE_SHIFT);
    io.i2cWriteReg(this.address, ADXL345_REGISTER.DATA_FORMAT, ADXL345_BITS.DATA_FORMAT_FULL_RES | rangeCode);
    io.i2cWriteReg(this.address, ADXL345_REGISTER.BW_RATE, rateCode);
    io.i2cWriteReg(this.address, ADXL345_REGISTER.POWER_CTL, ADXL345_BITS.POWER_CTL_MEASURE);
    io.setSamplingInterval(next.samplingIntervalMs);
  }

  sample(): AccelerationSample[] {
    this.assertOpen();
    const samples: AccelerationSample[] = new Array(this.count);
    const ring = this.ring;
    for (let index = 0; index < samples.length; index++) {
      const slot = ((this.head + index) % this.capacity) * 4;
      samples[index] = { t: ring[slot], x: ring[slot + 1], y: ring[slot + 2], z: ring[slot + 3] };
    }
    this.head = 0;
    this.count = 0;
    return samples;
  }

  /** Idempotent: stops the board's reads of this address and puts the chip in standby. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.board.isClosed) return;
    const io = this.board.io;
    io.i2cStop(this.address); // also drops firmata-io's reply listeners for the address
    io.i2cWriteReg(this.address, ADXL345_REGISTER.POWER_CTL, 0);
  }

  private receive(bytes: number[]): void {
    if (this.closed || bytes.length < READ_BYTES) return;
    const format = bytes[0];
    if ((format & ADXL345_BITS.DATA_FORMAT_FULL_RES) === 0) {
      // Reset value: the chip lost power and sits in standby; its data means nothing.
      const now = this.clock.now();
      if (Number.isNaN(this.reconfiguredAt) || now - this.reconfiguredAt > RECONFIGURE_RETRY_MS) {
        if (Number.isNaN(this.reconfiguredAt)) this.resets++;
        this.reconfiguredAt = now;
        this.writeConfiguration();
      }
      return;
    }
    this.reconfiguredAt = NaN;
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.dropped++;
    }
    const slot = ((this.head + this.count) % this.capacity) * 4;
    const scale = adxl345GPerLsb(format & ADXL345_BITS.DATA_FORMAT_RANGE_MASK, true) * STANDARD_GRAVITY;
    const data = DATA_OFFSET;
    this.ring[slot] = this.clock.now() / 1000;
    this.ring[slot + 1] = int16(bytes[data], bytes[data + 1]) * scale;
    this.ring[slot + 2] = int16(bytes[data + 2], bytes[data + 3]) * scale;
    this.ring[slot + 3] = int16(bytes[data + 4], bytes[data + 5]) * scale;
    this.count++;
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.part, "used after close()");
    this.board.assertOpen(this.part);
  }
}

/** Little-endian two's complement (DATAx0 is the low byte, datasheet "Registers 0x32 to 0x37"). */
function int16(low: number, high: number): number {
  const value = low | (high << 8);
  return value & 0x8000 ? value - 0x10000 : value;
}
