/**
 * The simulated I2C bus: chip emulators attached at addresses, answering the real drivers
 * register by register (Zephyr's i2c_emul). An address with nothing on it does not
 * acknowledge, like a real bus. Faults are not here: they wrap a bus (see faulty bus).
 */
import { HalError } from "../../hal/io/hal-error.ts";
import { hex, type I2cBus } from "../../hal/io/i2c.ts";

/** The bus face of a chip emulator. */
export interface I2cTarget {
  /** Fill `into[0..length)` from `register` on, with the chip's own increment and FIFO rules. */
  read(register: number, into: Uint8Array, length: number): void;
  /** Write `bytes` from `register` on. */
  write(register: number, bytes: Uint8Array): void;
}

export class SimulatedI2cBus implements I2cBus {
  private readonly targets = new Map<number, I2cTarget>();
  private readonly one = new Uint8Array(1);
  private closed = false;

  constructor(readonly name = "simulated") {}

  attach(address: number, target: I2cTarget): void {
    if (this.targets.has(address)) throw new Error(`${this.name}: address ${hex(address)} is already taken`);
    this.targets.set(address, target);
  }

  detach(address: number): void {
    this.targets.delete(address);
  }

  readByte(address: number, register: number): number {
    this.target(address).read(register, this.one, 1);
    return this.one[0];
  }

  writeByte(address: number, register: number, value: number): void {
    this.one[0] = value;
    this.target(address).write(register, this.one);
  }

  readBlock(address: number, register: number, length: number, into = new Uint8Array(length)): Uint8Array {
    this.target(address).read(register, into, length);
    return into;
  }

  writeBlock(address: number, register: number, bytes: Uint8Array): void {
    this.target(address).write(register, bytes);
  }

  close(): void {
    this.closed = true;
  }

  private target(address: number): I2cTarget {
    if (this.closed) throw new HalError("closed", this.name, "bus is closed");
    const target = this.targets.get(address);
    if (target === undefined) throw new HalError("no_acknowledge", `${this.name} ${hex(address)}`, "no chip acknowledged this address");
    return target;
  }
}
