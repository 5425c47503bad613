/**
 * A Raspberry Pi with an Arduino Nano (or Uno) side-board over USB running StandardFirmataPlus:
 * an MPU-6050 (GY-521 module) on the Nano's I2C (A4 SDA, A5 SCL), the lift's 24 V signals
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
  description: "Raspberry Pi with an Arduino Nano running StandardFirmataPlus: MPU-6050 on A4/A5, opto-isolated 24 V inputs on D2–D7",
  buses: {
    // A Nano with a CH340 or FTDI USB chip appears as ttyUSB0; an Uno as ttyACM0.
    sideboard: { kind: "firmata", port: "/dev/ttyUSB0", sampling_interval_ms: 20 },
  },
  gpio: { kind: "firmata", bus: "sideboard" },
  accelerometer: {
    chip: "mpu6050",
    bus: "sideboard",
    address: 0x68,
    range_g: 4,
    // 250 Hz (1 kHz / 4) is the ride-quality minimum; 5 samples (30 bytes) per 20 ms drain fit
    // one Firmata I2C reply (the Arduino Wire buffer is 32 bytes). Serial budget in the page.
    rate_hz: 250,
    watermark: 5,
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
