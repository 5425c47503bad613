/**
 * A Raspberry Pi with an Arduino Nano (or Uno) side-board over USB running StandardFirmataPlus:
 * an ADXL345 (GY-291 module) on the Nano's I2C (A4 SDA, A5 SCL), the lift's 24 V signals
 * through opto-isolators on D2–D7. For a Pi whose header is taken by another hat, or a box
 * built from an existing Arduino design; the Pi's own GPIO is not used.
 * Wiring, pin table and parts: hardware/boards/pi-firmata-sideboard.md (a test keeps them equal).
 *
 * D0/D1 carry the Firmata serial link; D2–D7 are consecutive and free of SPI (D10–D13) and the
 * LED on D13. The Arduino has pull-ups only, so every input reads an opto's transistor to ground
 * (signal present: low), and the PIR drives its pin itself (pull none). A second door-zone
 * sensor goes on D8.
 */
import type { BoardInput } from "./board-schema.ts";

export const piFirmataSideboard = {
  name: "pi-firmata-sideboard",
  description: "Raspberry Pi with an Arduino Nano running StandardFirmataPlus: ADXL345 on A4/A5, opto-isolated 24 V inputs on D2–D7",
  buses: {
    // A Nano with a CH340 or FTDI USB chip appears as ttyUSB0; an Uno as ttyACM0.
    // The Nano reads the chip every 10 ms and streams each reading: 100 Hz, paced by the Nano.
    sideboard: { kind: "firmata", port: "/dev/ttyUSB0", sampling_interval_ms: 10 },
  },
  gpio: { kind: "firmata", bus: "sideboard" },
  accelerometer: {
    chip: "adxl345",
    bus: "sideboard",
    address: 0x53,
    range_g: 4,
    // Over Firmata the rate is 1000 / sampling_interval_ms, one reading per interval (no FIFO
    // drain: the Nano reads the data registers itself). 100 Hz is enough for motion, not for ride quality.
    rate_hz: 100,
    watermark: 2,
    mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 },
  },
  inputs: {
    door_contact: { pin: "D2", contact: "normally_open", closed_level: "low", pull: "up", debounce_ms: 10 },
    door_zone: { pins: ["D3"], active: "low", pull: "up", debounce_ms: 2 },
    presence: { pin: "D4", active: "high", pull: "none", hold_s: 60 },
    alarm_button: { pin: "D5", active: "low", pull: "up", debounce_ms: 20 },
    mains_monitor: { pin: "D6", active: "low", pull: "up", debounce_ms: 20 },
    inspection_switch: { pin: "D7", active: "low", pull: "up", debounce_ms: 20 },
  },
} as const satisfies BoardInput;
