/**
 * The one list of ways a bus, pin or chip can fail (Rust embedded-hal's ErrorKind, by kind
 * not by platform). Every implementation — Linux, Firmata, simulated — throws HalError, so
 * drivers and the firmware's health handle one shape.
 */
export const halErrorKinds = [
  /** the addressed chip did not acknowledge (absent, unpowered, wrong address, NACK fault) */
  "no_acknowledge",
  /** the transfer failed on the wire (arbitration lost, bus error, short read) */
  "bus",
  /** the transfer or the chip did not complete in time (clock stretching, a hung chip) */
  "timeout",
  /** the device file, GPIO chip, serial port or pin does not exist on this machine */
  "not_found",
  /** a chip answered but its identity register is not the one the driver drives */
  "wrong_chip",
  /** the bus, pin or driver was used after close() */
  "closed",
  /** the platform cannot do what was asked (a missing optional package, a 33-byte SMBus block) */
  "unsupported",
  /** an option outside what the chip or pin supports */
  "invalid_configuration",
] as const;

export type HalErrorKind = (typeof halErrorKinds)[number];

export class HalError extends Error {
  override readonly name = "HalError";

  /** `part`: what failed, as a person would look for it ("i2c-1 0x53", "GPIO17", "adxl345"). */
  constructor(
    readonly kind: HalErrorKind,
    readonly part: string,
    detail: string,
  ) {
    super(`${part}: ${detail}`);
  }
}

export function isHalError(error: unknown, kind?: HalErrorKind): error is HalError {
  return error instanceof HalError && (kind === undefined || error.kind === kind);
}
