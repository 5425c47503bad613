/**
 * The simulated box: every chip on the simulated I2C bus (register-level emulators answer the
 * real drivers) and every input on a simulated pin, named after its signal. Simulated pins read
 * high while their signal is present; there is no opto-isolator to invert them.
 * `simulatedBoard(scenario.box)` takes the mount, rate and fitted parts from a scenario.
 */
import type { BoardInput } from "./board-schema.ts";

/** The parts of a scenario's `box` this board follows (simulator/scenario.ts field names). */
export interface SimulatedBoxDescription {
  mount?: { roll_deg?: number; pitch_deg?: number; yaw_deg?: number };
  accelerometer_hz?: number;
  accelerometer?: boolean;
  barometer?: boolean;
  door_contact?: boolean;
  door_zone_sensor?: boolean;
  presence_sensor?: boolean;
  alarm_button?: boolean;
  mains_monitor?: boolean;
  inspection_switch?: boolean;
}

/** The firmware drains the FIFO every 20 ms (sampling.poll_interval_ms). */
const POLL_INTERVAL_S = 0.02;

export function simulatedBoard(box: SimulatedBoxDescription = {}) {
  const fitted = (part: boolean | undefined) => part ?? true;
  const rateHz = box.accelerometer_hz ?? 100;
  return {
    name: "simulated",
    description: "the simulated box: ADXL345 and BMP280 emulators on a simulated I2C bus, inputs on simulated pins",
    buses: { simulated: { kind: "simulated" } },
    gpio: { kind: "simulated" },
    accelerometer: fitted(box.accelerometer)
      ? {
          chip: "adxl345",
          bus: "simulated",
          address: 0x53,
          range_g: 4,
          rate_hz: rateHz,
          // Keep a sample or more per drain, within the ADXL345's 32-level FIFO.
          watermark: Math.min(31, Math.max(1, Math.round(rateHz * POLL_INTERVAL_S))),
          mount: { roll_deg: box.mount?.roll_deg ?? 0, pitch_deg: box.mount?.pitch_deg ?? 0, yaw_deg: box.mount?.yaw_deg ?? 0 },
          interrupt_pin: "sim:accelerometer_interrupt",
        }
      : undefined,
    // Fresh conversions at ~70 Hz, faster than the firmware polls, and the IIR filter off: the firmware compares each reading with the position at its time, so the chip must not lag.
    barometer: fitted(box.barometer) ? { chip: "bmp280", bus: "simulated", address: 0x76, pressure_oversampling: 4, temperature_oversampling: 1, iir_filter: 0 } : undefined,
    inputs: {
      door_contact: fitted(box.door_contact) ? { pin: "sim:door_contact", contact: "normally_open", closed_level: "high", pull: "none", debounce_ms: 10 } : undefined,
      door_zone: fitted(box.door_zone_sensor) ? { pins: ["sim:door_zone"], active: "high", pull: "none", debounce_ms: 2 } : undefined,
      presence: fitted(box.presence_sensor) ? { pin: "sim:presence", active: "high", pull: "none", hold_s: 60 } : undefined,
      alarm_button: fitted(box.alarm_button) ? { pin: "sim:alarm_button", active: "high", pull: "none", debounce_ms: 20 } : undefined,
      mains_monitor: fitted(box.mains_monitor) ? { pin: "sim:mains_monitor", active: "high", pull: "none", debounce_ms: 20 } : undefined,
      inspection_switch: fitted(box.inspection_switch) ? { pin: "sim:inspection_switch", active: "high", pull: "none", debounce_ms: 20 } : undefined,
    },
  } satisfies BoardInput;
}

/** Every chip and input fitted, mounted level, 100 Hz. */
export const simulated = simulatedBoard();
