/**
 * Inspection (maintenance) switch: true = the lift is in inspection mode, so events are
 * flagged as maintenance. A switch contact, normally open by default (closes in inspection),
 * to ground with a pull-up (`closed_level` 0). Debounce default 50 ms: a mode change is slow
 * and nothing is timed from it.
 */
import { actuatedLevel, BinaryInput, type BinaryInputOptions, type ContactOptions } from "./binary-input.ts";

export interface InspectionSwitchOptions extends ContactOptions, Pick<BinaryInputOptions, "pin" | "clock" | "debounce_ms"> {}

export class InspectionSwitch extends BinaryInput {
  constructor(options: InspectionSwitchOptions) {
    super({ pin: options.pin, clock: options.clock, active: actuatedLevel(options, options.pin.name), debounce_ms: options.debounce_ms ?? 50 });
  }
}
