/**
 * A register-level BMP280 emulator (the bus face is I2cTarget, the physics face a
 * PressureSource). It measures lazily: whenever the bus touches it, it works out which
 * conversions finished since the last touch on the virtual clock and runs those.
 *
 * From physics to ADC counts: the chip's output must be such that the datasheet's own
 * compensation (bmp280.registers.ts, shared with the driver) gives back the source's values.
 * The compensation is monotonic in each ADC value over the chip's range, so the emulator
 * inverts it numerically: Newton's method with a one-count central-difference slope,
 * warm-started from the previous conversion (see solveMonotonic), first
 * on temperature (adc_T → °C), then on pressure using the t_fine of the *quantised* adc_T,
 * exactly as the driver will compute it. Then the value is rounded to the resolution of the
 * oversampling setting (16 bits at ×1 … 20 bits at ×16, 20 bits with the IIR filter on;
 * sections 3.3.1, 3.3.2) and passed through the IIR filter of section 3.3.3.
 *
 * Modelled: sleep / forced / normal modes with the typical measurement time and the standby
 * time, status.measuring, status.im_update for 2 ms after a soft reset, config writes ignored
 * in normal mode (section 4.3.5), the BMP280's register-address/data pairs in multi-byte
 * writes (section 5.2.1), skipped measurements reading 0x80000. Not modelled: noise, the
 * maximum (rather than typical) conversion time, SPI.
 */
import {
  bmp280ChipId,
  bmp280DatasheetTrimming,
  bmp280FilterCoefficientByCode,
  bmp280MeasurementMs,
  bmp280ModeCode,
  bmp280OversamplingByCode,
  bmp280Register,
  bmp280ResetValue,
  bmp280SkippedReading,
  bmp280StandbyMsByCode,
  bmp280StatusBit,
  compensatePressure,
  encodeTrimming,
  untruncatedFine,
  type Bmp280Trimming,
} from "../../hal/drivers/barometer/bmp280.registers.ts";
import type { Clock } from "../../hal/clock.ts";
import type { I2cTarget } from "../bus/simulated-i2c-bus.ts";
import type { PressureSource } from "./physical-source.ts";

export interface Bmp280EmulatorOptions {
  clock: Clock;
  source: PressureSource;
  /** Trimming parameters burnt into this chip; default the datasheet's example set (section 3.12). */
  trimming?: Bmp280Trimming;
}

const adcMaximum = 0xfffff;
/** Start-up time after a soft reset, during which the NVM is copied (table 2: 2 ms). */
const resetStartupMs = 2;
/** With the filter on, older conversions matter less than 1e-5 after this many: no need to replay more. */
const maximumCatchUpConversions = 256;

export class Bmp280Emulator implements I2cTarget {
  private readonly clock: Clock;
  private readonly source: PressureSource;
  readonly trimming: Bmp280Trimming;
  private readonly calibrationBytes = new Uint8Array(24);

  private controlMeasurement = 0;
  private config = 0;
  private rawPressure = bmp280SkippedReading;
  private rawTemperature = bmp280SkippedReading;
  private filteredPressure = NaN;
  private filteredTemperature = NaN;
  /** Normal mode: when the first conversion of the running cycle started, ms. */
  private cycleStartMs = 0;
  /** Normal mode: conversions of the running cycle already run. */
  private conversionsDone = 0;
  /** Forced mode: when the requested conversion ends, ms; NaN when none is pending. */
  private forcedEndMs = NaN;
  private imageUpdateUntilMs = -Infinity;
  /** Where the last inversions ended; first, the datasheet example's counts (section 3.12). */
  private readonly temperatureGuess: Guess = { adc: 519888, slope: NaN };
  private readonly pressureGuess: Guess = { adc: 415148, slope: NaN };

  constructor(options: Bmp280EmulatorOptions) {
    this.clock = options.clock;
    this.source = options.source;
    this.trimming = options.trimming ?? bmp280DatasheetTrimming;
    encodeTrimming(this.trimming, this.calibrationBytes);
  }

  read(register: number, into: Uint8Array, length: number): void {
    this.catchUp();
    // The BMP280 auto-increments the register address on reads (section 5.2.2).
    for (let index = 0; index < length; index++) into[index] = this.registerValue((register + index) & 0xff);
  }

  write(register: number, bytes: Uint8Array): void {
    this.catchUp();
    // Multi-byte writes are register/data pairs, not auto-incremented (section 5.2.1).
    this.writeRegister(register, bytes[0]);
    for (let index = 1; index + 1 < bytes.length; index += 2) this.writeRegister(bytes[index], bytes[index + 1]);
  }

  private registerValue(register: number): number {
    const calibrationOffset = register - bmp280Register.calibration;
    if (calibrationOffset >= 0 && calibrationOffset < this.calibrationBytes.length) return this.calibrationBytes[calibrationOffset];
    switch (register) {
      case bmp280Register.id:
        return bmp280ChipId;
      case bmp280Register.status:
        return (this.measuring() ? bmp280StatusBit.measuring : 0) | (this.clock.now() < this.imageUpdateUntilMs ? bmp280StatusBit.imageUpdate : 0);
      case bmp280Register.controlMeasurement:
        return this.controlMeasurement;
      case bmp280Register.config:
        return this.config;
      case bmp280Register.pressureMsb:
        return this.rawPressure >> 12;
      case bmp280Register.pressureMsb + 1:
        return (this.rawPressure >> 4) & 0xff;
      case bmp280Register.pressureMsb + 2:
        return (this.rawPressure & 0xf) << 4;
      case bmp280Register.temperatureMsb:
        return this.rawTemperature >> 12;
      case bmp280Register.temperatureMsb + 1:
        return (this.rawTemperature >> 4) & 0xff;
      case bmp280Register.temperatureMsb + 2:
        return (this.rawTemperature & 0xf) << 4;
      default:
        return 0; // the reset register and unused addresses read 0
    }
  }

  private writeRegister(register: number, value: number): void {
    const now = this.clock.now();
    if (register === bmp280Register.reset) {
      if (value === bmp280ResetValue) this.softReset(now);
    } else if (register === bmp280Register.controlMeasurement) {
      this.controlMeasurement = value;
      this.forcedEndMs = NaN;
      const mode = value & 0x3;
      if (mode === bmp280ModeCode.normal) {
        this.cycleStartMs = now;
        this.conversionsDone = 0;
      } else if (mode !== bmp280ModeCode.sleep) {
        this.forcedEndMs = now + this.measurementMs();
      }
    } else if (register === bmp280Register.config) {
      // "Writes to the config register in normal mode may be ignored" (4.3.5): this chip ignores them.
      if ((this.controlMeasurement & 0x3) !== bmp280ModeCode.normal) this.config = value & 0xfd; // bit 1 is reserved
    }
  }

  /** Power lost and restored: the same as a soft reset (registers to their reset values, sleep mode). */
  powerCycle(): void {
    this.softReset(this.clock.now());
  }

  private softReset(now: number): void {
    this.controlMeasurement = 0;
    this.config = 0;
    this.rawPressure = bmp280SkippedReading;
    this.rawTemperature = bmp280SkippedReading;
    this.filteredPressure = NaN;
    this.filteredTemperature = NaN;
    this.forcedEndMs = NaN;
    this.imageUpdateUntilMs = now + resetStartupMs;
  }

  private measurementMs(): number {
    return bmp280MeasurementMs(this.temperatureOversampling(), this.pressureOversampling());
  }

  private temperatureOversampling(): number {
    return bmp280OversamplingByCode[(this.controlMeasurement >> 5) & 0x7];
  }

  private pressureOversampling(): number {
    return bmp280OversamplingByCode[(this.controlMeasurement >> 2) & 0x7];
  }

  private measuring(): boolean {
    const now = this.clock.now();
    const mode = this.controlMeasurement & 0x3;
    if (mode === bmp280ModeCode.normal) {
      const period = this.measurementMs() + bmp280StandbyMsByCode[(this.config >> 5) & 0x7];
      return (now - this.cycleStartMs) % period < this.measurementMs();
    }
    return now < this.forcedEndMs;
  }

  /** Runs every conversion that finished on the virtual clock since the last bus access. */
  private catchUp(): void {
    const now = this.clock.now();
    const mode = this.controlMeasurement & 0x3;
    if (mode === bmp280ModeCode.normal) {
      const measurementMs = this.measurementMs();
      const period = measurementMs + bmp280StandbyMsByCode[(this.config >> 5) & 0x7];
      const finished = now < this.cycleStartMs + measurementMs ? 0 : Math.floor((now - this.cycleStartMs - measurementMs) / period) + 1;
      // Without the filter only the latest conversion shows; with it, the recent ones matter.
      const replay = bmp280FilterCoefficientByCode[(this.config >> 2) & 0x7] === 0 ? 1 : maximumCatchUpConversions;
      const first = Math.max(this.conversionsDone, finished - replay);
      for (let index = first; index < finished; index++) this.convert(this.cycleStartMs + index * period + measurementMs);
      this.conversionsDone = finished;
    } else if (mode !== bmp280ModeCode.sleep && now >= this.forcedEndMs) {
      this.convert(this.forcedEndMs);
      this.forcedEndMs = NaN;
      this.controlMeasurement &= ~0x3; // back to sleep after a forced conversion (section 3.6.2)
    }
  }

  /** One conversion finishing at `atMs`: physics → ADC counts → resolution → IIR filter → registers. */
  private convert(atMs: number): void {
    const { pressure, temperature } = this.source(atMs / 1000);
    const coefficient = bmp280FilterCoefficientByCode[(this.config >> 2) & 0x7];
    const temperatureOversampling = this.temperatureOversampling();
    const pressureOversampling = this.pressureOversampling();

    let adcTemperature = bmp280SkippedReading;
    if (temperatureOversampling > 0) {
      adcTemperature = quantise(this.invertTemperature(temperature), temperatureOversampling);
      this.filteredTemperature = iir(this.filteredTemperature, adcTemperature, coefficient);
      this.rawTemperature = Math.round(this.filteredTemperature);
    } else this.rawTemperature = bmp280SkippedReading;

    if (pressureOversampling > 0 && temperatureOversampling > 0) {
      // The pressure the driver computes depends on t_fine of the reading it gets, so invert with that one.
      const fine = Math.trunc(untruncatedFine(this.rawTemperature, this.trimming));
      const adcPressure = quantise(this.invertPressure(pressure, fine), pressureOversampling);
      this.filteredPressure = iir(this.filteredPressure, adcPressure, coefficient);
      this.rawPressure = Math.round(this.filteredPressure);
    } else this.rawPressure = bmp280SkippedReading;
  }

  private invertTemperature(temperature: number): number {
    const trimming = this.trimming;
    solveMonotonic((adc) => untruncatedFine(adc, trimming) / 5120, temperature, this.temperatureGuess);
    return this.temperatureGuess.adc;
  }

  private invertPressure(pressure: number, fine: number): number {
    const trimming = this.trimming;
    solveMonotonic((adc) => compensatePressure(adc, fine, trimming), pressure, this.pressureGuess);
    return this.pressureGuess.adc;
  }
}

/** An inversion's answer, kept to start the next one from. */
interface Guess {
  adc: number;
  /** d(output)/d(adc) near adc; NaN until measured */
  slope: number;
}

/**
 * Newton's method on a smooth monotonic function of an ADC count, clamped to the 20-bit
 * range, updating `guess` in place. Warm-started from the previous conversion's answer and
 * slope: physics moves little between conversions, so one or two evaluations usually do;
 * the slope (central difference over one count) is re-measured only when that is not enough.
 */
function solveMonotonic(compensate: (adc: number) => number, target: number, guess: Guess): void {
  let adc = guess.adc;
  for (let iteration = 0; iteration < 12; iteration++) {
    if (iteration >= 2 || Number.isNaN(guess.slope)) guess.slope = compensate(adc + 0.5) - compensate(adc - 0.5) || -1e-9;
    const step = (target - compensate(adc)) / guess.slope;
    adc = Math.min(adcMaximum, Math.max(0, adc + step));
    if (Math.abs(step) < 1e-3) break;
  }
  guess.adc = adc;
}

/** 16 bits at ×1 up to 20 bits at ×16: the unused low bits of the 20-bit result read 0. */
function quantise(adc: number, oversampling: number): number {
  const step = 16 / oversampling;
  return Math.min(adcMaximum, Math.round(adc / step) * step);
}

/** Section 3.3.3: x_filt = (x_filt_prev · (c − 1) + x) / c; the first conversion seeds the filter. */
function iir(previous: number, value: number, coefficient: number): number {
  if (coefficient === 0 || Number.isNaN(previous)) return value;
  return (previous * (coefficient - 1) + value) / coefficient;
}
