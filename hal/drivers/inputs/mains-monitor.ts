/**
 * Mains-power monitor: true = mains present (the box runs on its battery otherwise).
 *
 * Default: a steady logic level, high while mains is present (`active` "high"), e.g. a
 * mains adapter's output through a divider; debounce 50 ms so a brownout flicker of a few
 * cycles does not count. An opto-coupler on the mains without a smoothing capacitor pulses
 * at 100 Hz (50 Hz half-wave) instead: set `debounce_ms: 0` and `hold_ms: 30` (three
 * half-cycles), with `active` as the opto pulls the line.
 */
import { BinaryInput, type BinaryInputOptions } from "./binary-input.ts";

export interface MainsMonitorOptions extends BinaryInputOptions {}

export class MainsMonitor extends BinaryInput {
  constructor(options: MainsMonitorOptions) {
    super({ ...options, active: options.active ?? "high", debounce_ms: options.debounce_ms ?? 50, hold_ms: options.hold_ms ?? 0 });
  }
}
