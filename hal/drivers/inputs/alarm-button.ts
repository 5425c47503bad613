/**
 * Alarm (emergency call) button in the car: true = pressed. A push button, normally open by
 * default (closes when pressed), to ground with a pull-up (`closed_level` 0). Debounce
 * default 20 ms; a press shorter than that is not reported.
 */
import { actuatedLevel, BinaryInput, type BinaryInputOptions, type ContactOptions } from "./binary-input.ts";

export interface AlarmButtonOptions extends ContactOptions, Pick<BinaryInputOptions, "pin" | "clock" | "debounce_ms"> {}

export class AlarmButton extends BinaryInput {
  constructor(options: AlarmButtonOptions) {
    super({ pin: options.pin, clock: options.clock, active: actuatedLevel(options, options.pin.name), debounce_ms: options.debounce_ms ?? 20 });
  }
}
