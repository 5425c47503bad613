/**
 * MPU-6050 register map as data (InvenSense "MPU-6000 and MPU-6050 Register Map and
 * Descriptions" RM-MPU-6000A-00 rev 4.2; product specification
 * PS-MPU-6000A-00 rev 3.4), shared by the driver and its emulator. Sections are cited by
 * the register map's headings ("Register 58 – Interrupt Status"); register numbers there are decimal. Only the accelerometer
 * and FIFO are used; gyro and temperature registers are listed for the emulator's reads.
 */

/** I2C addresses: AD0 low → 0x68, high → 0x69 (product specification, I2C interface; register map, Who Am I). */
export const MPU6050_ADDRESS = 0x68;
export const MPU6050_ALTERNATE_ADDRESS = 0x69;

export const MPU6050_REGISTER = {
  /** "Register 25 – Sample Rate Divider": rate = gyro output rate / (1 + SMPLRT_DIV) */
  SMPLRT_DIV: 0x19,
  /** "Register 26 – Configuration": EXT_SYNC_SET 5:3, DLPF_CFG 2:0 */
  CONFIG: 0x1a,
  /** "Register 27 – Gyroscope Configuration" */
  GYRO_CONFIG: 0x1b,
  /** "Register 28 – Accelerometer Configuration": XA_ST..ZA_ST 7:5, AFS_SEL 4:3 */
  ACCEL_CONFIG: 0x1c,
  /** "Register 35 – FIFO Enable", which measurements go into the FIFO: TEMP 7, XG 6, YG 5, ZG 4, ACCEL 3, SLV2..0 2:0 */
  FIFO_EN: 0x23,
  /** "Register 36 – I2C Master Control": SLV3_FIFO_EN 5 puts the auxiliary bus's slave 3 into the FIFO */
  I2C_MST_CTRL: 0x24,
  /** "Register 56 – Interrupt Enable" */
  INT_ENABLE: 0x38,
  /** "Register 58 – Interrupt Status", read-only, cleared by reading: FIFO_OFLOW_INT 4, DATA_RDY_INT 0 */
  INT_STATUS: 0x3a,
  /** "Registers 59 to 64 – Accelerometer Measurements": X, Y, Z, high byte first */
  ACCEL_XOUT_H: 0x3b,
  /** "Registers 65 and 66 – Temperature Measurement" */
  TEMP_OUT_H: 0x41,
  /** "Registers 67 to 72 – Gyroscope Measurements" */
  GYRO_XOUT_H: 0x43,
  /** "Register 104 – Signal Path Reset" */
  SIGNAL_PATH_RESET: 0x68,
  /** "Register 106 – User Control": FIFO_EN 6, I2C_MST_EN 5, I2C_IF_DIS 4, FIFO_RESET 2, I2C_MST_RESET 1, SIG_COND_RESET 0 */
  USER_CTRL: 0x6a,
  /** "Register 107 – Power Management 1": DEVICE_RESET 7, SLEEP 6, CYCLE 5, TEMP_DIS 3, CLKSEL 2:0; reset value 0x40 */
  PWR_MGMT_1: 0x6b,
  /** "Register 108 – Power Management 2": wake-up frequency 7:6, accelerometer standby STBY_XA 5, STBY_YA 4, STBY_ZA 3, gyro 2:0 */
  PWR_MGMT_2: 0x6c,
  /** "Registers 114 and 115 – FIFO Count Registers": bytes in the FIFO, high byte first, read-only */
  FIFO_COUNTH: 0x72,
  FIFO_COUNTL: 0x73,
  /** "Register 116 – FIFO Read Write": successive reads of this one register pop successive bytes */
  FIFO_R_W: 0x74,
  /** "Register 117 – Who Am I": 0x68, read-only */
  WHO_AM_I: 0x75,
} as const;

export const MPU6050_LAST_REGISTER = 0x75;
export const MPU6050_WHO_AM_I = 0x68;

/** Registers whose power-on value is not 0 (register map section 3: all 0 except these). */
export const MPU6050_RESET_VALUES: ReadonlyArray<readonly [number, number]> = [
  [MPU6050_REGISTER.PWR_MGMT_1, 0x40],
  [MPU6050_REGISTER.WHO_AM_I, MPU6050_WHO_AM_I],
];

/** Read-only: status, measurements, FIFO count, identity. */
export const MPU6050_READ_ONLY_RANGES: ReadonlyArray<readonly [first: number, last: number]> = [
  [MPU6050_REGISTER.INT_STATUS, MPU6050_REGISTER.INT_STATUS],
  [MPU6050_REGISTER.ACCEL_XOUT_H, 0x60], // measurements and external sensor data
  [MPU6050_REGISTER.FIFO_COUNTH, MPU6050_REGISTER.FIFO_COUNTL],
  [MPU6050_REGISTER.WHO_AM_I, MPU6050_REGISTER.WHO_AM_I],
];

export const MPU6050_BITS = {
  CONFIG_DLPF_MASK: 0x07,
  ACCEL_CONFIG_AFS_SHIFT: 3,
  ACCEL_CONFIG_AFS_MASK: 0x18,
  FIFO_EN_ACCEL: 0x08,
  INT_FIFO_OVERFLOW: 0x10,
  INT_DATA_READY: 0x01,
  USER_CTRL_FIFO_EN: 0x40,
  USER_CTRL_FIFO_RESET: 0x04,
  PWR_MGMT_1_DEVICE_RESET: 0x80,
  /** PWR_MGMT_2 STBY_XA, STBY_YA, STBY_ZA: an axis in standby is not measured */
  PWR_MGMT_2_STBY_XA: 0x20,
  PWR_MGMT_1_SLEEP: 0x40,
  /** CLKSEL 1: PLL with the X gyro as reference, which InvenSense recommends over the 8 MHz oscillator (Power Management 1) */
  PWR_MGMT_1_CLKSEL_PLL_X_GYRO: 0x01,
} as const;

/**
 * s: after leaving sleep, the accelerometer's output is not yet valid for this long. The
 * product specification gives no figure for the accelerometer alone; Linux's inv_mpu6050
 * waits this (INV_MPU6050_ACCEL_STARTUP_TIME, 20 ms); what the chip gives before is not
 * documented (zeros, a review suggested).
 */
export const MPU6050_ACCEL_STARTUP_S = 0.02;

/** FIFO size, bytes (product specification 7.17). */
export const MPU6050_FIFO_BYTES = 1024;
/** Bytes per FIFO entry with only the accelerometer enabled: X, Y, Z, high byte first. */
export const MPU6050_ACCEL_ENTRY_BYTES = 6;

/** AFS_SEL → ± g (Accelerometer Configuration); sensitivity 16384 LSB/g at ±2 g, halving per step (product specification 6.2). */
export const MPU6050_RANGE_G = [2, 4, 8, 16] as const;
export function mpu6050LsbPerG(rangeCode: number): number {
  return 16384 / 2 ** rangeCode;
}

/**
 * DLPF_CFG → accelerometer bandwidth, Hz, and gyro output rate, Hz (Configuration): the sample rate
 * is the gyro output rate / (1 + SMPLRT_DIV). DLPF_CFG 7 is reserved.
 */
export const MPU6050_DLPF: ReadonlyArray<{ config: number; accelerometerBandwidthHz: number; gyroOutputRateHz: number }> = [
  { config: 0, accelerometerBandwidthHz: 260, gyroOutputRateHz: 8000 },
  { config: 1, accelerometerBandwidthHz: 184, gyroOutputRateHz: 1000 },
  { config: 2, accelerometerBandwidthHz: 94, gyroOutputRateHz: 1000 },
  { config: 3, accelerometerBandwidthHz: 44, gyroOutputRateHz: 1000 },
  { config: 4, accelerometerBandwidthHz: 21, gyroOutputRateHz: 1000 },
  { config: 5, accelerometerBandwidthHz: 10, gyroOutputRateHz: 1000 },
  { config: 6, accelerometerBandwidthHz: 5, gyroOutputRateHz: 1000 },
  { config: 7, accelerometerBandwidthHz: 260, gyroOutputRateHz: 8000 },
];
