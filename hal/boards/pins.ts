/**
 * The pin names each kind of GPIO understands, and where each sits on the connector a
 * technician holds: the Raspberry Pi's 40-pin header, the Arduino Nano's pins. Board files
 * and the hardware pages name pins in these words; the schema refuses any other.
 */

/** BCM GPIO number → physical pin on the Pi's 40-pin header (identical on the Pi 3, 4, 5 and Zero 2 W). */
export const piHeaderPin: Record<string, number> = {
  GPIO0: 27, GPIO1: 28, GPIO2: 3, GPIO3: 5, GPIO4: 7, GPIO5: 29, GPIO6: 31, GPIO7: 26,
  GPIO8: 24, GPIO9: 21, GPIO10: 19, GPIO11: 23, GPIO12: 32, GPIO13: 33, GPIO14: 8, GPIO15: 10,
  GPIO16: 36, GPIO17: 11, GPIO18: 12, GPIO19: 35, GPIO20: 38, GPIO21: 40, GPIO22: 15, GPIO23: 16,
  GPIO24: 18, GPIO25: 22, GPIO26: 37, GPIO27: 13,
};

/** The Pi's I2C-1 pins (1.8 kΩ pull-ups on the Pi itself): never an input while /dev/i2c-1 is in use. */
export const piI2cPins = ["GPIO2", "GPIO3"];

/**
 * Arduino Nano (ATmega328P) pin label → Nano pin number (J1 1–15, J2 16–30, as printed in the
 * Nano's pinout). D0/D1 carry the USB serial Firmata speaks over, A6/A7 are analog-only: neither
 * is a digital input here. On an Uno, use the header label; the numbers do not apply.
 */
export const nanoHeaderPin: Record<string, number> = {
  D2: 5, D3: 6, D4: 7, D5: 8, D6: 9, D7: 10, D8: 11, D9: 12, D10: 13, D11: 14, D12: 15, D13: 16,
  A0: 19, A1: 20, A2: 21, A3: 22, A4: 23, A5: 24,
};

/** The Uno/Nano's I2C pins (Wire): never an input while a chip sits on the Firmata I2C bus. */
export const arduinoI2cPins = ["A4", "A5"];

/** Simulated pins are named `sim:<signal>`, as the simulated box wires them. */
export const simulatedPinPattern = /^sim:[a-z][a-z0-9_]*$/;
