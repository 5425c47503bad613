/**
 * A register-level I2C bus, the only thing a chip driver talks to. Synchronous on purpose:
 * the simulated box steps its virtual clock synchronously, and on Linux an i2c-dev transfer
 * is a blocking ioctl either way (i2c-bus's async calls only move it to a thread). Errors
 * are HalError.
 */
export interface I2cBus {
  /** As a person names it: "i2c-1", "firmata", "simulated". */
  readonly name: string;
  /** One register (SMBus read byte data). */
  readByte(address: number, register: number): number;
  /** One register (SMBus write byte data). */
  writeByte(address: number, register: number, value: number): void;
  /**
   * `length` bytes from `register` in one transfer (repeated start). The chip decides what
   * successive bytes are: the next registers if it auto-increments (LIS3DH needs bit 7 of
   * the register set for that), the same FIFO register again for MPU-6050's FIFO_R_W.
   * Any length: implementations split nothing, so a FIFO burst stays one transfer.
   * Fills and returns `into` when given (drivers reuse one buffer per sample loop).
   */
  readBlock(address: number, register: number, length: number, into?: Uint8Array): Uint8Array;
  /** Several registers from `register` in one transfer. */
  writeBlock(address: number, register: number, bytes: Uint8Array): void;
  /** Idempotent; any use afterwards throws HalError("closed"). */
  close(): void;
}

/** What every I2C chip driver's constructor receives (ECMA-419 options): its bus and address. */
export interface I2cDeviceOptions {
  bus: I2cBus;
  /** 7-bit address; each driver documents its default and alternatives. */
  address?: number;
}

export function hex(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}
