/**
 * Bosch BMP280 barometer driver (ECMA-419 shape). The constructor checks the chip id, reads
 * the trimming parameters once and applies the defaults; `sample()` reads pressure and
 * temperature in one burst and compensates them with the datasheet's floating-point formulas
 * (section 8.1, in bmp280.registers.ts, shared with the emulator).
 *
 * Defaults are the datasheet's "indoor navigation" use case (section 3.5), the floor-change
 * case: normal mode, pressure ×16, temperature ×2, IIR 16, standby 0.5 ms — about 26 Hz
 * output (the same preset as other drivers' "indoor navigation"; the section and table
 * numbers here are from memory of the datasheet, not re-checked). The IIR filter smooths door
 * slams and air pushed by the car at the cost of lag: with coefficient 16 a step reaches
 * 75 % after about 22 outputs, ~0.8 s (1 − (15/16)^22 ≈ 0.76).
 */
import type { Clock } from "../../clock.ts";
import { HalError, isHalError } from "../../io/hal-error.ts";
import { hex, type I2cDeviceOptions } from "../../io/i2c.ts";
import type { Barometer } from "../../sensors.ts";
import {
  bmp280Address,
  bmp280CalibrationLength,
  bmp280ChipId,
  bmp280DataLength,
  bmp280FilterCoefficientByCode,
  bmp280LookAlikes,
  bmp280MeasurementMs,
  bmp280ModeCode,
  bmp280OversamplingByCode,
  bmp280Register,
  bmp280SkippedReading,
  bmp280StandbyMsByCode,
  compensatePressure,
  compensateTemperature,
  decodeTrimming,
  type Bmp280Trimming,
} from "./bmp280.registers.ts";

export type Bmp280Oversampling = 1 | 2 | 4 | 8 | 16;
export type Bmp280FilterCoefficient = 0 | 2 | 4 | 8 | 16;
export type Bmp280StandbyMs = (typeof bmp280StandbyMsByCode)[number];
export type Bmp280Mode = "normal" | "forced" | "sleep";

export interface Bmp280Configuration {
  /** Pressure oversampling ×1..×16 (16 to 20 bits); default 16. */
  oversampling_pressure: Bmp280Oversampling;
  /** Temperature oversampling ×1..×16; default 2 (more buys nothing for pressure, section 3.4). */
  oversampling_temperature: Bmp280Oversampling;
  /** IIR filter coefficient, 0 = off; default 16. */
  iir_filter: Bmp280FilterCoefficient;
  /** ms between normal-mode conversions: 0.5, 62.5, 125, 250, 500, 1000, 2000 or 4000; default 0.5. */
  standby_ms: Bmp280StandbyMs;
  /**
   * "normal" (default): the chip converts continuously, sample() reads the latest result.
   * "forced": each sample() returns the previous conversion and starts the next, so call it
   * less often than outputPeriodMs. "sleep": no conversions (sample() returns the last one).
   */
  mode: Bmp280Mode;
}

export interface Bmp280Options extends I2cDeviceOptions {
  /** 0x76 (SDO to GND, default) or 0x77 (SDO to VDDIO; many breakout boards). */
  address?: number;
  /** Box clock, for the sample time. */
  clock: Clock;
}

export interface Bmp280Sample {
  /** s, box clock, when the result was read (the chip does not time-stamp its conversions) */
  t: number;
  /** Pa */
  pressure: number;
  /** °C, at the chip (self-heating included) */
  temperature: number;
}

export const bmp280Defaults: Bmp280Configuration = {
  oversampling_pressure: 16,
  oversampling_temperature: 2,
  iir_filter: 16,
  standby_ms: 0.5,
  mode: "normal",
};

/** Output periods after configure by which a first conversion must have finished. */
const FIRST_CONVERSION_PERIODS = 5;

export class Bmp280 implements Barometer {
  private readonly bus: Bmp280Options["bus"];
  private readonly address: number;
  private readonly clock: Clock;
  private readonly part: string;
  private readonly trimming: Bmp280Trimming;
  private readonly data = new Uint8Array(bmp280DataLength);
  private configuration: Bmp280Configuration = { ...bmp280Defaults };
  /** ms, box clock, of the last conversion read, or of configure(): the next is due one period later */
  private progressAtMs = 0;
  /** Times the chip was found reset (back in sleep with its configuration lost) and configured again. */
  resets = 0;
  private closed = false;

  constructor(options: Bmp280Options) {
    this.bus = options.bus;
    this.address = options.address ?? bmp280Address.sdoLow;
    this.clock = options.clock;
    this.part = `bmp280 at ${this.bus.name} ${hex(this.address)}`;
    if (this.address !== bmp280Address.sdoLow && this.address !== bmp280Address.sdoHigh) {
      throw new HalError("invalid_configuration", this.part, "address must be 0x76 or 0x77");
    }
    const id = this.bus.readByte(this.address, bmp280Register.id);
    if (id !== bmp280ChipId) {
      const lookAlike = bmp280LookAlikes[id] ? ` (a ${bmp280LookAlikes[id]}?)` : "";
      throw new HalError("wrong_chip", this.part, `expected chip id ${hex(bmp280ChipId)} (BMP280), found ${hex(id)}${lookAlike}`);
    }
    this.trimming = decodeTrimming(this.bus.readBlock(this.address, bmp280Register.calibration, bmp280CalibrationLength));
    if (this.trimming.dig_T1 === 0 || this.trimming.dig_P1 === 0) {
      throw new HalError("bus", this.part, "trimming parameters read as zero: the chip is still starting or the read failed");
    }
    this.configure({});
  }

  /** Time between normal-mode outputs, ms: conversion time plus standby. */
  get outputPeriodMs(): number {
    const { oversampling_temperature, oversampling_pressure, standby_ms } = this.configuration;
    return bmp280MeasurementMs(oversampling_temperature, oversampling_pressure) + standby_ms;
  }

  configure(partial: Partial<Bmp280Configuration>): void {
    this.assertOpen();
    const next = { ...this.configuration, ...partial };
    const oversampling = codeOf(bmp280OversamplingByCode, next.oversampling_pressure, "oversampling_pressure", "1, 2, 4, 8 or 16", this.part);
    const temperatureOversampling = codeOf(bmp280OversamplingByCode, next.oversampling_temperature, "oversampling_temperature", "1, 2, 4, 8 or 16", this.part);
    const filter = codeOf(bmp280FilterCoefficientByCode, next.iir_filter, "iir_filter", "0, 2, 4, 8 or 16", this.part);
    const standby = codeOf(bmp280StandbyMsByCode, next.standby_ms, "standby_ms", bmp280StandbyMsByCode.join(", "), this.part);
    if (!(next.mode in bmp280ModeCode)) {
      throw new HalError("invalid_configuration", this.part, `mode must be "normal", "forced" or "sleep", got ${JSON.stringify(next.mode)}`);
    }
    const measurement = (temperatureOversampling << 5) | (oversampling << 2);
    // config is only reliably written in sleep mode (section 4.3.5): sleep, write it, then start.
    this.bus.writeByte(this.address, bmp280Register.controlMeasurement, measurement | bmp280ModeCode.sleep);
    this.bus.writeByte(this.address, bmp280Register.config, (standby << 5) | (filter << 2));
    this.bus.writeByte(this.address, bmp280Register.controlMeasurement, measurement | bmp280ModeCode[next.mode]);
    this.configuration = next;
    this.progressAtMs = this.clock.now();
  }

  /**
   * The latest conversion. Until the first one after configure (or after the chip reset and
   * was configured again) the pressure is NaN: no value yet, not a made-up one. A chip that
   * still has none after a few periods throws HalError("timeout").
   */
  sample(): Bmp280Sample {
    this.assertOpen();
    const data = this.bus.readBlock(this.address, bmp280Register.pressureMsb, bmp280DataLength, this.data);
    const adcPressure = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
    const adcTemperature = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
    const t = this.clock.now() / 1000;
    if (this.configuration.mode === "forced") this.bus.writeByte(this.address, bmp280Register.controlMeasurement, this.controlMeasurement() | bmp280ModeCode.forced);
    // Both at their reset value: no conversion yet. One alone is a reading like any other (a
    // temperature of about 26 °C on some chips): the driver never skips either measurement.
    if (adcPressure === bmp280SkippedReading && adcTemperature === bmp280SkippedReading) {
      // A brown-out puts the chip back in sleep with its reset values: configure it again.
      if (this.configuration.mode === "normal" && (this.bus.readByte(this.address, bmp280Register.controlMeasurement) & 0x3) !== bmp280ModeCode.normal) {
        this.resets++;
        const since = this.progressAtMs;
        this.configure({});
        // A chip that keeps losing its configuration must still time out.
        this.progressAtMs = since;
      }
      if (this.clock.now() - this.progressAtMs > FIRST_CONVERSION_PERIODS * this.outputPeriodMs + 10) {
        throw new HalError("timeout", this.part, `no conversion has finished (one takes ${this.outputPeriodMs.toFixed(1)} ms after configure)`);
      }
      return { t, pressure: NaN, temperature: NaN };
    }
    this.progressAtMs = this.clock.now();
    const { temperature, fine } = compensateTemperature(adcTemperature, this.trimming);
    return { t, pressure: compensatePressure(adcPressure, fine, this.trimming), temperature };
  }

  private controlMeasurement(): number {
    const { oversampling_temperature, oversampling_pressure } = this.configuration;
    return (codeOfFactor(oversampling_temperature) << 5) | (codeOfFactor(oversampling_pressure) << 2);
  }

  /** Puts the chip to sleep (best effort) and releases it; the shared bus stays open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.bus.writeByte(this.address, bmp280Register.controlMeasurement, bmp280ModeCode.sleep);
    } catch (error) {
      if (!isHalError(error)) throw error;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.part, "driver is closed");
  }
}

function codeOf(table: readonly number[], value: number, option: string, expected: string, part: string): number {
  const code = table.indexOf(value);
  if (code < 0 || (option.startsWith("oversampling") && value === 0)) {
    throw new HalError("invalid_configuration", part, `${option} must be ${expected}, got ${JSON.stringify(value)}`);
  }
  return code;
}

function codeOfFactor(oversampling: number): number {
  return bmp280OversamplingByCode.indexOf(oversampling as 1);
}
