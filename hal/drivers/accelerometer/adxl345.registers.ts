/**
 * ADXL345 register map as data (Analog Devices ADXL345 datasheet Rev. G, "Register Map",
 * Table 19, and "Register Definitions"), shared by the driver and its emulator. Table
 * numbers are Rev. G's as we remember them; the section titles are the reliable reference.
 */

/** I2C addresses: ALT ADDRESS pin high → 0x1D, low → 0x53 (datasheet "Serial Communications, I2C"). */
export const ADXL345_ADDRESS = 0x53;
export const ADXL345_ALTERNATE_ADDRESS = 0x1d;

/** Register addresses (Table 19). */
export const ADXL345_REGISTER = {
  /** Device ID, read-only, 0xE5 ("Register 0x00—DEVID") */
  DEVID: 0x00,
  /** Offsets added to each axis's output, two's complement, 15.6 mg/LSB ("Registers 0x1E, 0x1F, 0x20—OFSX, OFSY, OFSZ"), reset 0x00 */
  OFSX: 0x1e,
  OFSY: 0x1f,
  OFSZ: 0x20,
  /** Data rate and power mode ("Register 0x2C—BW_RATE"), reset 0x0A */
  BW_RATE: 0x2c,
  /** Power-saving features, Measure bit ("Register 0x2D—POWER_CTL"), reset 0x00 */
  POWER_CTL: 0x2d,
  /** Interrupt enable ("Register 0x2E—INT_ENABLE"), reset 0x00 */
  INT_ENABLE: 0x2e,
  /** Interrupt source, read-only ("Register 0x30—INT_SOURCE"), reset 0x02 */
  INT_SOURCE: 0x30,
  /** Data format: range, justify, full resolution ("Register 0x31—DATA_FORMAT"), reset 0x00 */
  DATA_FORMAT: 0x31,
  /** X-axis data 0 (LSB); DATAX0..DATAZ1 are 0x32..0x37, little-endian ("Registers 0x32 to 0x37") */
  DATAX0: 0x32,
  /** Z-axis data 1 (MSB), the last data register */
  DATAZ1: 0x37,
  /** FIFO mode, trigger, watermark samples ("Register 0x38—FIFO_CTL"), reset 0x00 */
  FIFO_CTL: 0x38,
  /** FIFO trigger and entry count, read-only ("Register 0x39—FIFO_STATUS") */
  FIFO_STATUS: 0x39,
} as const;

/** Highest register address (0x39); 0x01–0x1C are reserved and read 0. */
export const ADXL345_LAST_REGISTER = 0x39;

export const ADXL345_DEVICE_ID = 0xe5;

/** Power-on values of the registers that are not 0 (Table 19). */
export const ADXL345_RESET_VALUES: ReadonlyArray<readonly [number, number]> = [
  [ADXL345_REGISTER.DEVID, ADXL345_DEVICE_ID],
  [ADXL345_REGISTER.BW_RATE, 0x0a],
  [ADXL345_REGISTER.INT_SOURCE, 0x02],
];

/** Read-only registers: writes to them are ignored. */
export const ADXL345_READ_ONLY = [
  ADXL345_REGISTER.DEVID,
  ADXL345_REGISTER.INT_SOURCE,
  0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
  ADXL345_REGISTER.FIFO_STATUS,
];

/** Bit fields. */
export const ADXL345_BITS = {
  /** BW_RATE D3:D0 rate code, D4 LOW_POWER */
  BW_RATE_RATE_MASK: 0x0f,
  BW_RATE_LOW_POWER: 0x10,
  /** POWER_CTL D3: 1 = measure, 0 = standby; D2: sleep */
  POWER_CTL_MEASURE: 0x08,
  POWER_CTL_SLEEP: 0x04,
  /** INT_SOURCE D7 DATA_READY, D1 Watermark, D0 Overrun */
  INT_DATA_READY: 0x80,
  INT_WATERMARK: 0x02,
  INT_OVERRUN: 0x01,
  /** DATA_FORMAT D3 FULL_RES, D2 Justify (1 = left-justified MSB), D1:D0 range */
  DATA_FORMAT_FULL_RES: 0x08,
  DATA_FORMAT_JUSTIFY: 0x04,
  DATA_FORMAT_RANGE_MASK: 0x03,
  /** FIFO_CTL D7:D6 FIFO_MODE, D5 trigger, D4:D0 samples (watermark) */
  FIFO_CTL_MODE_SHIFT: 6,
  FIFO_CTL_SAMPLES_MASK: 0x1f,
  /** FIFO_STATUS D5:D0 entries */
  FIFO_STATUS_ENTRIES_MASK: 0x3f,
} as const;

/** The offset registers' scale, g per LSB ("Registers 0x1E, 0x1F, 0x20": 15.6 mg/LSB). */
export const ADXL345_OFFSET_G_PER_LSB = 0.0156;

/** FIFO_CTL FIFO_MODE values (Table 22). */
export const ADXL345_FIFO_MODE = { bypass: 0, fifo: 1, stream: 2, trigger: 3 } as const;

/**
 * FIFO depth, entries ("FIFO" section: 32 levels). The datasheet adds that the output
 * registers hold a 33rd; the emulator models 32 only (not modelled: the 33rd entry).
 */
export const ADXL345_FIFO_DEPTH = 32;

/** DATA_FORMAT range code → ± g (Table 21). */
export const ADXL345_RANGE_G = [2, 4, 8, 16] as const;

/** BW_RATE rate code → output data rate, Hz (Table 7, normal power). Codes 0x06–0x0F. */
export const ADXL345_RATE_CODES: ReadonlyArray<readonly [code: number, rateHz: number]> = [
  [0x06, 6.25],
  [0x07, 12.5],
  [0x08, 25],
  [0x09, 50],
  [0x0a, 100],
  [0x0b, 200],
  [0x0c, 400],
  [0x0d, 800],
  [0x0e, 1600],
  [0x0f, 3200],
];

/**
 * Scale factor, g per LSB ("Specifications", Sensitivity / Scale factor): 256 LSB/g
 * (3.9 mg/LSB typical) in full resolution at every range and at ±2 g in 10-bit mode;
 * 10-bit mode halves it for each doubling of range. Right-justified, sign-extended.
 */
export function adxl345GPerLsb(rangeCode: number, fullResolution: boolean): number {
  return fullResolution ? 1 / 256 : (1 / 256) * 2 ** rangeCode;
}

/** Output width, bits: 10 in 10-bit mode, 10 + range code in full resolution (13 at ±16 g). */
export function adxl345Bits(rangeCode: number, fullResolution: boolean): number {
  return fullResolution ? 10 + rangeCode : 10;
}
