/**
 * The skeleton the three FIFO accelerometer drivers share: probe the identity register, keep
 * and check the configuration, count resets and losses, close to low power. Each chip's file
 * keeps what is its own: the register writes, the drain and how a reset shows.
 */
import type { Clock } from "../../clock.ts";
import { HalError } from "../../io/hal-error.ts";
import { hex, type I2cBus, type I2cDeviceOptions } from "../../io/i2c.ts";
import type { AccelerationSample, Accelerometer } from "../../sensors.ts";
import { type AccelerometerConfiguration, FifoTimestamps, mergeConfiguration, requireInteger, requireOneOf } from "./common.ts";

export interface FifoAccelerometerOptions extends I2cDeviceOptions, Partial<AccelerometerConfiguration> {
  clock: Clock;
}

/** What a chip tells the skeleton about itself. */
export interface FifoChip {
  /** lower case, as parts are named in errors: "adxl345" */
  name: string;
  /** as a datasheet writes it: "ADXL345" */
  title: string;
  defaultAddress: number;
  /** the register that names the chip, and what it reads on this one */
  identity: { register: number; registerName: string; expected: number };
  rangesG: readonly number[];
  ratesHz: readonly number[];
  maxWatermark: number;
  defaults: AccelerometerConfiguration;
}

export abstract class FifoAccelerometer implements Accelerometer {
  /** Times the chip was found reset (power-cycled) and configured again. */
  resets = 0;
  /** Drains at which entries had been dropped because the FIFO was full. */
  overruns = 0;
  /** Samples estimated lost to overruns (from the time gap; the chips do not count them). */
  lostSamples = 0;
  protected readonly bus: I2cBus;
  protected readonly address: number;
  protected readonly clock: Clock;
  protected readonly part: string;
  protected configuration: AccelerometerConfiguration;
  protected readonly timestamps: FifoTimestamps;
  private closed = false;

  /** Probes the chip; the subclass configures it once its own fields exist (`this.configure(requested(options))`). */
  constructor(
    private readonly chip: FifoChip,
    options: FifoAccelerometerOptions,
  ) {
    this.bus = options.bus;
    this.address = options.address ?? chip.defaultAddress;
    this.clock = options.clock;
    this.part = `${chip.name} ${this.bus.name} ${hex(this.address)}`;
    this.configuration = { ...chip.defaults };
    this.timestamps = new FifoTimestamps(chip.defaults.rate_hz);
    const { register, registerName, expected } = chip.identity;
    const found = this.bus.readByte(this.address, register);
    if (found !== expected) {
      this.closed = true; // the bus is shared with other chips, so it stays open
      throw new HalError("wrong_chip", this.part, `${registerName} is ${hex(found)}, expected ${hex(expected)} (${chip.title})`);
    }
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
    requireOneOf(this.part, "range_g", next.range_g, this.chip.rangesG, "g");
    requireOneOf(this.part, "rate_hz", next.rate_hz, this.chip.ratesHz, "Hz");
    requireInteger(this.part, "watermark", next.watermark, 1, this.chip.maxWatermark);
    this.configuration = next;
    this.writeConfiguration();
  }

  abstract sample(): AccelerationSample[];

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.powerDown();
    } catch {
      // Closing must not fail because the chip is gone.
    }
  }

  /** Writes `configuration` to the chip (at start, on configure, after a reset). */
  protected abstract writeConfiguration(): void;

  /** The chip's lowest-power state. */
  protected abstract powerDown(): void;

  /** Counts what the timestamps found lost at their last placement. */
  protected countLoss(): void {
    if (this.timestamps.lostAtLastPlace === 0) return;
    this.overruns++;
    this.lostSamples += this.timestamps.lostAtLastPlace;
  }

  protected assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.part, "used after close()");
  }
}

/** The configure options among a driver's options. */
export function requestedConfiguration(options: FifoAccelerometerOptions): Partial<AccelerometerConfiguration> {
  const { bus: _bus, address: _address, clock: _clock, ...configuration } = options;
  return configuration;
}
