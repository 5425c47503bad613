/**
 * Raspberry Pi 3/4/5 or Zero 2 W with a small sensor hat (or breakouts on a proto hat): an
 * ADXL345 and a BMP280 on I2C-1, the lift's 24 V signals through opto-isolators on BCM pins.
 * Wiring, pin table and parts: hardware/boards/pi-sensor-hat.md (a test keeps them equal).
 *
 * Pins stay clear of I2C-1 (GPIO2/3: the sensors), the HAT ID EEPROM bus (GPIO0/1), the UART
 * (GPIO14/15: serial console and Bluetooth), SPI0 (GPIO7–11), SPI1 and PCM audio (GPIO16,
 * 18–21), so none of the Pi's usual overlays can claim them. The inputs enable pull-ups and
 * read an opto-isolator's transistor, so a signal present reads low.
 */
import type { BoardInput } from "./board-schema.ts";

export const piSensorHat = {
  name: "pi-sensor-hat",
  description: "Raspberry Pi (3/4/5, Zero 2 W) with an ADXL345 and a BMP280 on I2C-1 and opto-isolated 24 V inputs",
  buses: {
    i2c1: { kind: "i2c-linux", device: "/dev/i2c-1" },
  },
  gpio: { kind: "linux", driver: "auto", chip: "gpiochip0" },
  accelerometer: {
    chip: "adxl345",
    bus: "i2c1",
    address: 0x53,
    range_g: 4,
    // Ride quality needs ≥ 250 Hz; 400 Hz drained every 20 ms is 8 samples, a quarter of the FIFO.
    rate_hz: 400,
    watermark: 8,
    // The hat lies flat on the car roof, chip z up; edit when the box is fixed otherwise.
    mount: "x:x,y:y,z:z",
    interrupt_pin: "GPIO6",
  },
  barometer: {
    chip: "bmp280",
    bus: "i2c1",
    // Adafruit's BMP280 breakout pulls SDO high: 0x77. Generic GY-BMP280 modules answer at 0x76.
    address: 0x77,
    pressure_oversampling: 16,
    temperature_oversampling: 2,
    iir_filter: 4,
    standby_ms: 0.5,
  },
  inputs: {
    door_contact: { pin: "GPIO17", contact: "normally_open", closed_level: "low", pull: "up", debounce_ms: 10 },
    door_zone: { pins: ["GPIO27", "GPIO22"], active: "low", pull: "up", debounce_ms: 2, combine: "both" },
    presence: { pin: "GPIO23", active: "high", pull: "down", hold_s: 60 },
    alarm_button: { pin: "GPIO24", active: "low", pull: "up", debounce_ms: 20 },
    mains_monitor: { pin: "GPIO25", active: "low", pull: "up", debounce_ms: 20 },
    inspection_switch: { pin: "GPIO5", active: "low", pull: "up", debounce_ms: 20 },
  },
} as const satisfies BoardInput;
