/**
 * Car door contact: true = door closed. Usually a contact of the door lock or the car door
 * switch, taken through an opto-coupler or straight to a pulled-up GPIO.
 *
 * Wiring: `contact` says whether it closes ("normally_open", default) or opens
 * ("normally_closed") when the door shuts; `closed_level` is the wire level with the contact
 * closed (default 0: contact to ground, pull-up on the line). Debounce default 20 ms.
 */
import { actuatedLevel, BinaryInput, type BinaryInputOptions, type ContactOptions } from "./binary-input.ts";

export interface DoorContactOptions extends ContactOptions, Pick<BinaryInputOptions, "pin" | "clock" | "debounce_ms"> {}

export class DoorContact extends BinaryInput {
  constructor(options: DoorContactOptions) {
    super({ pin: options.pin, clock: options.clock, active: actuatedLevel(options, options.pin.name), debounce_ms: options.debounce_ms ?? 20 });
  }
}
