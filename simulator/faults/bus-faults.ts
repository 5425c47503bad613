/**
 * Faults of the box's own buses, as data, acting between the real drivers and the chip
 * emulators (STYLE §5): drivers and emulators stay clean, and the firmware meets the same
 * errors a real bus gives. Each fault names a device by its address on one bus and is active
 * from `from` until `until` (s, virtual clock), or for its next `count` transfers.
 */
import type { Clock } from "../../hal/clock.ts";
import { HalError } from "../../hal/io/hal-error.ts";
import { hex, type I2cBus } from "../../hal/io/i2c.ts";

export type BusFaultKind =
  /** the chip does not acknowledge its address: every transfer throws */
  | "nack"
  /** the transfer hangs until the bus driver gives up: every transfer throws */
  | "timeout"
  /** one register reads `value` whatever the chip holds (a latched or corrupted register) */
  | "stuck_register"
  /** a chip cut off its supply behind pull-downs, or a broken SDA: reads give zeros, writes are lost */
  | "reads_zeros";

export interface BusFault {
  kind: BusFaultKind;
  address: number;
  /** s, virtual clock */
  from: number;
  /** s; undefined: until `count` transfers have failed */
  until?: number;
  /** transfers it lasts for, where `until` is not given */
  count?: number;
  register?: number;
  value?: number;
}

export class FaultyI2cBus implements I2cBus {
  readonly name: string;
  private readonly faults: BusFault[] = [];

  constructor(private readonly bus: I2cBus, private readonly clock: Clock) {
    this.name = bus.name;
  }

  /** Schedules a fault (they may overlap; the first active one in order acts). */
  add(fault: BusFault): void {
    this.faults.push({ ...fault });
  }

  readByte(address: number, register: number): number {
    const fault = this.active(address);
    if (fault === undefined) return this.bus.readByte(address, register);
    if (fault.kind === "reads_zeros") return 0;
    if (fault.kind === "stuck_register" && fault.register !== register) return this.bus.readByte(address, register);
    if (fault.kind === "stuck_register") return fault.value ?? 0;
    throw this.error(fault);
  }

  writeByte(address: number, register: number, value: number): void {
    const fault = this.active(address);
    if (fault === undefined || fault.kind === "stuck_register") return this.bus.writeByte(address, register, value);
    if (fault.kind === "reads_zeros") return;
    throw this.error(fault);
  }

  readBlock(address: number, register: number, length: number, into = new Uint8Array(length)): Uint8Array {
    const fault = this.active(address);
    if (fault === undefined) return this.bus.readBlock(address, register, length, into);
    if (fault.kind === "reads_zeros") return into.fill(0, 0, length);
    if (fault.kind !== "stuck_register") throw this.error(fault);
    this.bus.readBlock(address, register, length, into);
    // An auto-incrementing read covers the stuck register at its offset from the first.
    const offset = (fault.register ?? 0) - register;
    if (offset >= 0 && offset < length) into[offset] = fault.value ?? 0;
    return into;
  }

  writeBlock(address: number, register: number, bytes: Uint8Array): void {
    const fault = this.active(address);
    if (fault === undefined || fault.kind === "stuck_register") return this.bus.writeBlock(address, register, bytes);
    if (fault.kind === "reads_zeros") return;
    throw this.error(fault);
  }

  close(): void {
    this.bus.close();
  }

  private active(address: number): BusFault | undefined {
    if (this.faults.length === 0) return undefined;
    const now = this.clock.now() / 1000;
    for (const fault of this.faults) {
      if (fault.address !== address || now < fault.from) continue;
      if (fault.until !== undefined ? now < fault.until : (fault.count ?? 0) > 0) {
        if (fault.until === undefined) fault.count!--;
        return fault;
      }
    }
    return undefined;
  }

  private error(fault: BusFault): HalError {
    const part = `${this.name} ${hex(fault.address)}`;
    return fault.kind === "nack" ? new HalError("no_acknowledge", part, "no acknowledge (injected fault)") : new HalError("timeout", part, "transfer timed out (injected fault)");
  }
}
