/**
 * Bosch BMP280 register map, shared by the driver (hal/drivers/barometer/bmp280.ts) and the
 * emulator (simulator/chips/bmp280.ts). Section numbers are those of the BMP280 datasheet
 * (BST-BMP280-DS001, rev. 1.19+): memory map in section 4.2, register descriptions in 4.3.
 */

/** 7-bit I2C addresses (section 5.2): SDO to GND gives 0x76, SDO to VDDIO 0x77. */
export const bmp280Address = { sdoLow: 0x76, sdoHigh: 0x77 } as const;

export const bmp280Register = {
  /** 0x88–0x9F: 24 bytes of trimming parameters dig_T1..dig_P9, little-endian (section 3.11.2) */
  calibration: 0x88,
  /** chip_id, reads 0x58 (section 4.3.1) */
  id: 0xd0,
  /** write resetValue for a power-on-reset (section 4.3.2) */
  reset: 0xe0,
  /** bit 3 measuring, bit 0 im_update (section 4.3.3) */
  status: 0xf3,
  /** osrs_t[7:5], osrs_p[4:2], mode[1:0] (section 4.3.4) */
  controlMeasurement: 0xf4,
  /** t_sb[7:5], filter[4:2], spi3w_en[0] (section 4.3.5) */
  config: 0xf5,
  /** press_msb, press_lsb, press_xlsb[7:4], then temp_msb, temp_lsb, temp_xlsb[7:4] (4.3.6, 4.3.7) */
  pressureMsb: 0xf7,
  temperatureMsb: 0xfa,
} as const;

/** Length of the calibration block, 0x88..0x9F. */
export const bmp280CalibrationLength = 24;
/** Pressure and temperature read in one burst (0xF7..0xFC), as section 3.9 recommends for data consistency. */
export const bmp280DataLength = 6;

export const bmp280ChipId = 0x58;
/** Other Bosch chips that answer at the same addresses, for a helpful wrong_chip message. */
export const bmp280LookAlikes: Record<number, string> = {
  0x55: "BMP180",
  0x56: "BMP280 engineering sample",
  0x57: "BMP280 engineering sample",
  0x60: "BME280",
  0x61: "BME680",
};
/** Writing this to the reset register resets the chip; any other value has no effect (4.3.2). */
export const bmp280ResetValue = 0xb6;
/** The reset value of every ADC output register pair: 0x80000 also marks "measurement skipped" (3.3.1). */
export const bmp280SkippedReading = 0x80000;

export const bmp280StatusBit = { measuring: 0x08, imageUpdate: 0x01 } as const;

/** Field positions (shift, mask after shifting) in ctrl_meas and config. */
export const bmp280Field = {
  temperatureOversampling: { register: bmp280Register.controlMeasurement, shift: 5, mask: 0x7 },
  pressureOversampling: { register: bmp280Register.controlMeasurement, shift: 2, mask: 0x7 },
  mode: { register: bmp280Register.controlMeasurement, shift: 0, mask: 0x3 },
  standby: { register: bmp280Register.config, shift: 5, mask: 0x7 },
  filter: { register: bmp280Register.config, shift: 2, mask: 0x7 },
} as const;

/** osrs_x code → oversampling factor; 0 = measurement skipped; codes 5, 6, 7 all mean ×16 (tables 21, 22). */
export const bmp280OversamplingByCode = [0, 1, 2, 4, 8, 16, 16, 16] as const;
/** mode[1:0] (table 10): 01 and 10 both mean forced. */
export const bmp280ModeCode = { sleep: 0b00, forced: 0b01, normal: 0b11 } as const;
/** t_sb code → standby time between normal-mode measurements, ms (table 11). BME280 differs at codes 6, 7. */
export const bmp280StandbyMsByCode = [0.5, 62.5, 125, 250, 500, 1000, 2000, 4000] as const;
/** filter code → IIR coefficient; 0 = filter off; codes 4..7 all mean 16 (table 6, section 3.3.3). */
export const bmp280FilterCoefficientByCode = [0, 2, 4, 8, 16, 16, 16, 16] as const;

/**
 * Typical measurement time, ms (section 3.8.1, table 13): 1 + 2·osrs_t + 2·osrs_p + 0.5 with
 * pressure on. It reproduces table 13's typical column (5.5 ms at ×1/×1, 37.5 ms at ×2/×16);
 * the maximum column is about 15 % longer.
 */
export function bmp280MeasurementMs(temperatureOversampling: number, pressureOversampling: number): number {
  return 1 + 2 * temperatureOversampling + (pressureOversampling > 0 ? 2 * pressureOversampling + 0.5 : 0);
}

/** Trimming parameters, names as in section 3.11.2 (table 17). */
export interface Bmp280Trimming {
  dig_T1: number;
  dig_T2: number;
  dig_T3: number;
  dig_P1: number;
  dig_P2: number;
  dig_P3: number;
  dig_P4: number;
  dig_P5: number;
  dig_P6: number;
  dig_P7: number;
  dig_P8: number;
  dig_P9: number;
}

/** In register order from 0x88, two bytes each; T1 and P1 are unsigned, the rest signed. */
export const bmp280TrimmingLayout: readonly { name: keyof Bmp280Trimming; signed: boolean }[] = [
  { name: "dig_T1", signed: false },
  { name: "dig_T2", signed: true },
  { name: "dig_T3", signed: true },
  { name: "dig_P1", signed: false },
  { name: "dig_P2", signed: true },
  { name: "dig_P3", signed: true },
  { name: "dig_P4", signed: true },
  { name: "dig_P5", signed: true },
  { name: "dig_P6", signed: true },
  { name: "dig_P7", signed: true },
  { name: "dig_P8", signed: true },
  { name: "dig_P9", signed: true },
];

/**
 * The worked example of section 3.12 (table 18): with adc_T = 519888 and adc_P = 415148 the
 * formulas give 25.08 °C and 100653.27 Pa. A realistic set, used as the emulator's default.
 */
export const bmp280DatasheetTrimming: Bmp280Trimming = {
  dig_T1: 27504,
  dig_T2: 26435,
  dig_T3: -1000,
  dig_P1: 36477,
  dig_P2: -10685,
  dig_P3: 3024,
  dig_P4: 2855,
  dig_P5: 140,
  dig_P6: -7,
  dig_P7: 15500,
  dig_P8: -14600,
  dig_P9: 6000,
};

export function decodeTrimming(bytes: Uint8Array): Bmp280Trimming {
  const trimming = {} as Bmp280Trimming;
  bmp280TrimmingLayout.forEach(({ name, signed }, index) => {
    const value = bytes[2 * index] | (bytes[2 * index + 1] << 8);
    trimming[name] = signed && value > 0x7fff ? value - 0x10000 : value;
  });
  return trimming;
}

export function encodeTrimming(trimming: Bmp280Trimming, into: Uint8Array): void {
  bmp280TrimmingLayout.forEach(({ name }, index) => {
    const value = trimming[name] & 0xffff;
    into[2 * index] = value & 0xff;
    into[2 * index + 1] = value >> 8;
  });
}

/**
 * The floating-point compensation of section 8.1 (the datasheet's "double" formulas),
 * used by the driver and inverted by the emulator. Returns °C and t_fine.
 */
export function compensateTemperature(adcT: number, trimming: Bmp280Trimming): { temperature: number; fine: number } {
  const fine = untruncatedFine(adcT, trimming);
  // t_fine is an integer in the datasheet's code ((BMP280_S32_t)(var1 + var2)): truncate.
  return { temperature: fine / 5120, fine: Math.trunc(fine) };
}

/** var1 + var2 of the temperature formula, before truncation to t_fine: °C × 5120. Allocation-free. */
export function untruncatedFine(adcT: number, trimming: Bmp280Trimming): number {
  const var1 = (adcT / 16384 - trimming.dig_T1 / 1024) * trimming.dig_T2;
  const offset = adcT / 131072 - trimming.dig_T1 / 8192;
  return var1 + offset * offset * trimming.dig_T3;
}

/** Pa, from adc_P and the t_fine of the same measurement (section 8.1). */
export function compensatePressure(adcP: number, fine: number, trimming: Bmp280Trimming): number {
  let var1 = fine / 2 - 64000;
  let var2 = (var1 * var1 * trimming.dig_P6) / 32768;
  var2 = var2 + var1 * trimming.dig_P5 * 2;
  var2 = var2 / 4 + trimming.dig_P4 * 65536;
  var1 = ((trimming.dig_P3 * var1 * var1) / 524288 + trimming.dig_P2 * var1) / 524288;
  var1 = (1 + var1 / 32768) * trimming.dig_P1;
  if (var1 === 0) return 0; // avoids a division by zero, as the datasheet's code does
  let pressure = 1048576 - adcP;
  pressure = ((pressure - var2 / 4096) * 6250) / var1;
  var1 = (trimming.dig_P9 * pressure * pressure) / 2147483648;
  var2 = (pressure * trimming.dig_P8) / 32768;
  return pressure + (var1 + var2 + trimming.dig_P7) / 16;
}
