/**
 * I2cBus on Linux's i2c-dev, through the `i2c-bus` package (optional dependency, loaded when
 * a bus is opened). Synchronous calls: a transfer is a blocking ioctl either way.
 *
 * Blocks up to 32 bytes are SMBus "I2C block" reads (one transfer with a repeated start);
 * SMBus cannot carry more, so longer reads write the register and then read the bytes as two
 * plain I2C transfers (a stop between them; fine for auto-incrementing registers and FIFO
 * registers, which is what long bursts are). Block writes are one plain I2C transfer of
 * the register followed by the bytes, any length. Errors become HalError by errno.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HalError } from "../io/hal-error.ts";
import { hex, type I2cBus } from "../io/i2c.ts";
import { errnoCode, loadOptionalPackage } from "./optional-package.ts";

/** The part of the i2c-bus package used here (it ships no types). */
export interface I2cBusPackage {
  openSync(busNumber: number, options?: { forceAccess?: boolean }): I2cBusHandle;
}

export interface I2cBusHandle {
  readByteSync(address: number, command: number): number;
  writeByteSync(address: number, command: number, byte: number): void;
  readI2cBlockSync(address: number, command: number, length: number, buffer: Buffer): number;
  i2cReadSync(address: number, length: number, buffer: Buffer): number;
  i2cWriteSync(address: number, length: number, buffer: Buffer): number;
  closeSync(): void;
}

export interface LinuxI2cBusOptions {
  /** /dev/i2c-N; default 1 (the Raspberry Pi header's SDA1/SCL1). */
  busNumber?: number;
  /** Where device files live; default "/dev" (tests point it elsewhere). */
  deviceDirectory?: string;
  /** The i2c-bus package itself; default loaded from node_modules. Tests pass a fake. */
  i2cBusPackage?: I2cBusPackage;
}

/** The SMBus limit on a block transfer (I2C_SMBUS_BLOCK_MAX). */
const smbusBlockMaximum = 32;

export function openLinuxI2cBus(options: LinuxI2cBusOptions = {}): I2cBus {
  const busNumber = options.busNumber ?? 1;
  const name = `i2c-${busNumber}`;
  const devicePath = join(options.deviceDirectory ?? "/dev", name);
  if (!existsSync(devicePath)) throw new HalError("not_found", name, `${devicePath} does not exist: enable I2C with raspi-config (Interface Options → I2C) or dtparam=i2c_arm=on`);
  const i2cBus = options.i2cBusPackage ?? loadOptionalPackage<I2cBusPackage>("i2c-bus", name);
  let handle: I2cBusHandle;
  try {
    handle = i2cBus.openSync(busNumber);
  } catch (error) {
    throw toHalError(error, name, `opening ${devicePath}`);
  }
  return new LinuxI2cBus(name, handle);
}

class LinuxI2cBus implements I2cBus {
  private closed = false;
  private scratch = Buffer.alloc(64);

  constructor(
    readonly name: string,
    private readonly handle: I2cBusHandle,
  ) {}

  readByte(address: number, register: number): number {
    return this.transfer(address, "reading", () => this.handle.readByteSync(address, register));
  }

  writeByte(address: number, register: number, value: number): void {
    this.transfer(address, "writing", () => this.handle.writeByteSync(address, register, value));
  }

  readBlock(address: number, register: number, length: number, into = new Uint8Array(length)): Uint8Array {
    const buffer = this.buffer(length);
    const read = this.transfer(address, "reading", () => {
      if (length <= smbusBlockMaximum) return this.handle.readI2cBlockSync(address, register, length, buffer);
      buffer[0] = register;
      this.handle.i2cWriteSync(address, 1, buffer);
      return this.handle.i2cReadSync(address, length, buffer);
    });
    if (read !== length) throw new HalError("bus", `${this.name} ${hex(address)}`, `short read: ${read} of ${length} bytes from register ${hex(register)}`);
    into.set(buffer.subarray(0, length));
    return into;
  }

  writeBlock(address: number, register: number, bytes: Uint8Array): void {
    const buffer = this.buffer(bytes.length + 1);
    buffer[0] = register;
    buffer.set(bytes, 1);
    const written = this.transfer(address, "writing", () => this.handle.i2cWriteSync(address, bytes.length + 1, buffer));
    if (written !== bytes.length + 1) throw new HalError("bus", `${this.name} ${hex(address)}`, `short write: ${written} of ${bytes.length + 1} bytes`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.handle.closeSync();
    } catch {
      // the file descriptor is gone either way
    }
  }

  /** A reused buffer at least `length` long: no allocation per transfer in the sampling loop. */
  private buffer(length: number): Buffer {
    if (this.scratch.length < length) this.scratch = Buffer.alloc(Math.max(length, 2 * this.scratch.length));
    return this.scratch;
  }

  private transfer<T>(address: number, doing: string, action: () => T): T {
    if (this.closed) throw new HalError("closed", this.name, "bus is closed");
    try {
      return action();
    } catch (error) {
      throw toHalError(error, `${this.name} ${hex(address)}`, doing);
    }
  }
}

/** errno → HalError kind (the Raspberry Pi's i2c-bcm2835 reports a NACK as EREMOTEIO). */
export function toHalError(error: unknown, part: string, doing: string): HalError {
  if (error instanceof HalError) return error;
  const code = errnoCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "ENOENT":
      return new HalError("not_found", part, `${doing}: no such device: enable I2C with raspi-config`);
    case "EREMOTEIO":
    case "ENXIO":
      return new HalError("no_acknowledge", part, `${doing}: no chip acknowledged (${code})`);
    case "ETIMEDOUT":
      return new HalError("timeout", part, `${doing}: the transfer timed out (ETIMEDOUT; a chip holding SCL low?)`);
    case "EACCES":
    case "EPERM":
      return new HalError("bus", part, `${doing}: permission denied (${code}): add the user to the i2c group`);
    default:
      return new HalError("bus", part, `${doing}: ${message}`);
  }
}
