/**
 * LIS3DH register map as data (ST LIS3DH datasheet DocID17530 rev 2, section 7 "Register
 * mapping" Table 17 and section 8 "Register description"; FIFO behaviour from application
 * note AN3308 section 5), shared by the driver and its emulator.
 */

/** I2C addresses: SDO/SA0 low → 0x18, high → 0x19 (datasheet 6.1.1). */
export const LIS3DH_ADDRESS = 0x18;
export const LIS3DH_ALTERNATE_ADDRESS = 0x19;

/** Sub-address bit 7: auto-increment the register address in multi-byte transfers (6.1.1). */
export const LIS3DH_AUTO_INCREMENT = 0x80;

export const LIS3DH_REGISTER = {
  /** 0x33, read-only (8.6) */
  WHO_AM_I: 0x0f,
  /** SDO pull-up (8.7), reset 0x10 */
  CTRL_REG0: 0x1e,
  /** ODR 7:4, LPen 3, Zen Yen Xen 2:0 (8.8), reset 0x07 */
  CTRL_REG1: 0x20,
  /** High-pass filter (8.9) */
  CTRL_REG2: 0x21,
  /** INT1 routing (8.10) */
  CTRL_REG3: 0x22,
  /** BDU 7, BLE 6, FS 5:4, HR 3, ST 2:1, SIM 0 (8.11) */
  CTRL_REG4: 0x23,
  /** BOOT 7, FIFO_EN 6, LIR/D4D bits (8.12) */
  CTRL_REG5: 0x24,
  /** INT2 routing (8.13) */
  CTRL_REG6: 0x25,
  /** ZYXOR 7 ... ZYXDA 3 ..., read-only (8.15) */
  STATUS_REG: 0x27,
  /** OUT_X_L; X, Y, Z low then high, 0x28..0x2D, left-justified two's complement (8.16–8.18) */
  OUT_X_L: 0x28,
  OUT_Z_H: 0x2d,
  /** FM 7:6, TR 5, FTH 4:0 (8.19) */
  FIFO_CTRL_REG: 0x2e,
  /** WTM 7, OVRN_FIFO 6, EMPTY 5, FSS 4:0, read-only (8.20) */
  FIFO_SRC_REG: 0x2f,
} as const;

export const LIS3DH_LAST_REGISTER = 0x3f;
export const LIS3DH_WHO_AM_I = 0x33;

/** Registers whose power-on value is not 0 (Table 17). */
export const LIS3DH_RESET_VALUES: ReadonlyArray<readonly [number, number]> = [
  [LIS3DH_REGISTER.WHO_AM_I, LIS3DH_WHO_AM_I],
  [LIS3DH_REGISTER.CTRL_REG0, 0x10],
  [LIS3DH_REGISTER.CTRL_REG1, 0x07],
];

/** Read-only (Table 17 type "r"): aux status and ADC outputs, INT_COUNTER, WHO_AM_I, status, outputs, sources. */
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

/** FIFO_CTRL_REG FM values (8.19, Table 45). */
export const LIS3DH_FIFO_MODE = { bypass: 0, fifo: 1, stream: 2, streamToFifo: 3 } as const;

/**
 * FIFO depth, entries (AN3308 5: 32 levels). FSS has 5 bits: it reads 31 at most and
 * OVRN_FIFO marks the FIFO full with 32 unread entries (AN3308 5.2; our reading of it,
 * not verified on a chip).
 */
export const LIS3DH_FIFO_DEPTH = 32;

/** CTRL_REG1 ODR code → output data rate, Hz, in normal and high-resolution modes (Table 31). */
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

/** CTRL_REG4 FS code → ± g (Table 39). */
export const LIS3DH_RANGE_G = [2, 4, 8, 16] as const;

/**
 * Sensitivity, g per digit of the left-justified output's significant bits (datasheet
 * Table 4): high resolution (12 bit) 1, 2, 4, 12 mg; normal (10 bit) 4, 8, 16, 48 mg; low
 * power (8 bit) 16, 32, 64, 192 mg. ±16 g is 12 mg, not 8: its codes run out at ±1333.
 */
const HIGH_RESOLUTION_MG = [1, 2, 4, 12];
export function lis3dhGPerDigit(rangeCode: number, bits: 8 | 10 | 12): number {
  return (HIGH_RESOLUTION_MG[rangeCode] * 2 ** (12 - bits)) / 1000;
}
