/**
 * Presence sensor in the car, a PIR: true = someone in the car. A PIR reports movement,
 * not presence: its output pulses (an HC-SR501 holds high 0.3 s to minutes per its own
 * potentiometer) and falls while a trapped passenger keeps still. So the input holds true
 * for `hold_ms` after the last pulse ends (default 10 s: a starting value, unverified in cars;
 * entrapment rules run over tens of seconds, so a longer hold mostly delays "car empty").
 * Default `active` "high" (PIR modules drive a logic output), debounce 10 ms.
 */
import { BinaryInput, type BinaryInputOptions } from "./binary-input.ts";

export interface PresenceSensorOptions extends BinaryInputOptions {}

export class PresenceSensor extends BinaryInput {
  constructor(options: PresenceSensorOptions) {
    super({ ...options, active: options.active ?? "high", debounce_ms: options.debounce_ms ?? 10, hold_ms: options.hold_ms ?? 10_000 });
  }
}
