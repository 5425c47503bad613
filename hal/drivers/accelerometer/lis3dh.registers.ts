/**
 * LIS3DH register map as data (ST LIS3DH datasheet DocID17530 rev 2, section 7 "Register
 * mapping" and section 8 "Register description", where each register below is described
 * under its name; FIFO behaviour from application note AN3308, FIFO chapter), shared by the
 * driver and its emulator. Table numbers are left out: they move between revisions.
 */

/** I2C addresses: SDO/SA0 low → 0x18, high → 0x19 (datasheet 6.1.1). */
export const LIS3DH_ADDRESS = 0x18;
export const LIS3DH_ALTERNATE_ADDRESS = 0x19;

/** Sub-address bit 7: auto-increment the register address in multi-byte transfers (6.1.1). */
export const LIS3DH_AUTO_INCREMENT = 0x80;

export const LIS3DH_REGISTER = {
  /** 0x33, read-only */
  WHO_AM_I: 0x0f,
  /** SDO pull-up, reset 0x10 */
  CTRL_REG0: 0x1e,
  /** ODR 7:4, LPen 3, Zen Yen Xen 2:0, reset 0x07 */
  CTRL_REG1: 0x20,
  /** High-pass filter */
  CTRL_REG2: 0x21,
  /** INT1 routing */
  CTRL_REG3: 0x22,
  /** BDU 7, BLE 6, FS 5:4, HR 3, ST 2:1, SIM 0 */
  CTRL_REG4: 0x23,
  /** BOOT 7, FIFO_EN 6, LIR/D4D bits */
  CTRL_REG5: 0x24,
  /** INT2 routing */
  CTRL_REG6: 0x25,
  /** ZYXOR 7 ... ZYXDA 3 ..., read-only */
  STATUS_REG: 0x27,
  /** OUT_X_L; X, Y, Z low then high, 0x28..0x2D, left-justified two's complement */
  OUT_X_L: 0x28,
  OUT_Z_H: 0x2d,
  /** FM 7:6, TR 5, FTH 4:0 */
  FIFO_CTRL_REG: 0x2e,
  /** WTM 7, OVRN_FIFO 6, EMPTY 5, FSS 4:0, read-only */
  FIFO_SRC_REG: 0x2f,
} as const;

export const LIS3DH_LAST_REGISTER = 0x3f;
export const LIS3DH_WHO_AM_I = 0x33;

/** Registers whose power-on value is not 0 (section 7, register address map: default column). */
export const LIS3DH_RESET_VALUES: ReadonlyArray<readonly [number, number]> = [
  [LIS3DH_REGISTER.WHO_AM_I, LIS3DH_WHO_AM_I],
  [LIS3DH_REGISTER.CTRL_REG0, 0x10],
  [LIS3DH_REGISTER.CTRL_REG1, 0x07],
];

/** Read-only (section 7, register address map: type "r"): aux status and ADC outputs, INT_COUNTER, WHO_AM_I, status, outputs, sources. */
export const LIS3DH_READ_ONLY: readonly number[] = [
  0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, LIS3DH_REGISTER.WHO_AM_I,
  LIS3DH_REGISTER.STATUS_REG, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, LIS3DH_REGISTER.FIFO_SRC_REG,
  0x31, 0x35, 0x39, // INT1_SRC, INT2_SRC, CLICK_SRC
];

export const LIS3DH_BITS = {
  CTRL_REG1_ODR_SHIFT: 4,
  CTRL_REG1_LOW_POWER: 0x08,
  CTRL_REG1_XYZ_ENABLE: 0x07,
  CTRL_REG4_BLOCK_DATA_UPDATE: 0x80,
  CTRL_REG4_BIG_ENDIAN: 0x40,
  CTRL_REG4_FS_SHIFT: 4,
  CTRL_REG4_FS_MASK: 0x30,
  CTRL_REG4_HIGH_RESOLUTION: 0x08,
  CTRL_REG5_BOOT: 0x80,
  CTRL_REG5_FIFO_EN: 0x40,
  STATUS_ZYXDA: 0x08,
  STATUS_ZYXOR: 0x80,
  FIFO_CTRL_MODE_SHIFT: 6,
  FIFO_CTRL_THRESHOLD_MASK: 0x1f,
  FIFO_SRC_WATERMARK: 0x80,
  FIFO_SRC_OVERRUN: 0x40,
  FIFO_SRC_EMPTY: 0x20,
  FIFO_SRC_LEVEL_MASK: 0x1f,
} as const;

/** FIFO_CTRL_REG FM values (section 8, FIFO_CTRL_REG, FIFO mode configuration). */
export const LIS3DH_FIFO_MODE = { bypass: 0, fifo: 1, stream: 2, streamToFifo: 3 } as const;

/**
 * FIFO depth, entries (AN3308 FIFO chapter: 32 levels). FSS has 5 bits: it reads 31 at most and
 * OVRN_FIFO marks the FIFO full with 32 unread entries (AN3308; our reading of it,
 * not verified on a chip).
 */
export const LIS3DH_FIFO_DEPTH = 32;

/** CTRL_REG1 ODR code → output data rate, Hz, in normal and high-resolution modes (section 8, CTRL_REG1, data rate configuration). */
export const LIS3DH_RATE_CODES: ReadonlyArray<readonly [code: number, rateHz: number]> = [
  [1, 1],
  [2, 10],
  [3, 25],
  [4, 50],
  [5, 100],
  [6, 200],
  [7, 400],
  [9, 1344],
];

/** CTRL_REG4 FS code → ± g (section 8, CTRL_REG4). */
export const LIS3DH_RANGE_G = [2, 4, 8, 16] as const;

/**
 * Sensitivity, g per digit of the left-justified output's significant bits (datasheet
 * section 2, mechanical characteristics; operating modes): high resolution (12 bit) 1, 2,
 * 4, 12 mg; normal (10 bit) 4, 8, 16, 48 mg; low power (8 bit) 16, 32, 64, 192 mg. At
 * ±16 g it is 12 mg, not 8, so full scale is reached at code ±1333, inside the 12 bits.
 */
const HIGH_RESOLUTION_MG = [1, 2, 4, 12];
export function lis3dhGPerDigit(rangeCode: number, bits: 8 | 10 | 12): number {
  return (HIGH_RESOLUTION_MG[rangeCode] * 2 ** (12 - bits)) / 1000;
}
