/**
 * Firmata protocol constants as data, named and grouped as in the Firmata protocol document
 * (firmata/protocol: protocol.md "Message Types", "Sysex Message Format", "Query Firmware Name
 * and Version", capability-query.md, pin-state-query.md, i2c.md, sampling-interval.md).
 * The simulated board speaks with these; the host side is firmata-io, which has its own copy.
 */

/** protocol.md "Message Types": the MIDI-style commands (low nibble = port or channel where noted). */
export const MESSAGE = {
  /** 0x90 | port: 8 pin levels of one port, two 7-bit bytes (LSB bits 0–6, MSB bit 7) */
  DIGITAL_MESSAGE: 0x90,
  /** 0xE0 | channel: analog value, two 7-bit bytes */
  ANALOG_MESSAGE: 0xe0,
  /** 0xC0 | channel, enable 0/1 */
  REPORT_ANALOG: 0xc0,
  /** 0xD0 | port, enable 0/1 */
  REPORT_DIGITAL: 0xd0,
  /** pin, mode */
  SET_PIN_MODE: 0xf4,
  /** pin, value */
  SET_DIGITAL_PIN_VALUE: 0xf5,
  /** major, minor (protocol version) */
  REPORT_VERSION: 0xf9,
  SYSTEM_RESET: 0xff,
  START_SYSEX: 0xf0,
  END_SYSEX: 0xf7,
} as const;

/** protocol.md "Sysex Message Format": the sysex command bytes this board answers or sends. */
export const SYSEX = {
  /** analog-mapping query / response (capability-query.md "Analog Mapping Query") */
  ANALOG_MAPPING_QUERY: 0x69,
  ANALOG_MAPPING_RESPONSE: 0x6a,
  /** capability-query.md "Capability Query" */
  CAPABILITY_QUERY: 0x6b,
  CAPABILITY_RESPONSE: 0x6c,
  /** pin-state-query.md */
  PIN_STATE_QUERY: 0x6d,
  PIN_STATE_RESPONSE: 0x6e,
  /** protocol.md "String Data": 7-bit-pair encoded text (StandardFirmata reports I2C errors here) */
  STRING_DATA: 0x71,
  /** i2c.md "I2C Request", "I2C Reply", "I2C Config" */
  I2C_REQUEST: 0x76,
  I2C_REPLY: 0x77,
  I2C_CONFIG: 0x78,
  /** protocol.md "Query Firmware Name and Version" */
  REPORT_FIRMWARE: 0x79,
  /** sampling-interval.md: ms, two 7-bit bytes */
  SAMPLING_INTERVAL: 0x7a,
} as const;

/** protocol.md "Pin modes" (as reported in the capability response and set by SET_PIN_MODE). */
export const PIN_MODE = {
  INPUT: 0x00,
  OUTPUT: 0x01,
  ANALOG: 0x02,
  PWM: 0x03,
  SERVO: 0x04,
  I2C: 0x06,
  PULLUP: 0x0b,
} as const;

/** capability-query.md: ends one pin's mode/resolution list; analog mapping "no channel". */
export const PIN_LIST_END = 0x7f;
export const NO_ANALOG_CHANNEL = 0x7f;

/**
 * i2c.md "I2C Request": the second byte carries the read/write mode in bits 3–4, 10-bit
 * address mode in bit 5, auto-restart (stopTX false) in bit 6, address bits 7–9 in bits 0–2.
 */
export const I2C_MODE = {
  WRITE: 0b00,
  READ_ONCE: 0b01,
  READ_CONTINUOUSLY: 0b10,
  STOP_READING: 0b11,
} as const;
export const I2C_MODE_SHIFT = 3;
export const I2C_MODE_MASK = 0b11;
export const I2C_TEN_BIT_ADDRESS = 0b0010_0000;
export const I2C_ADDRESS_HIGH_MASK = 0b111;

/**
 * StandardFirmata(Plus) limits (StandardFirmataPlus.ino, 2.5.x): at most 8 continuous
 * I2C queries, sampling interval default 19 ms and minimum 1 ms.
 */
export const I2C_MAX_QUERIES = 8;
export const DEFAULT_SAMPLING_INTERVAL_MS = 19;
export const MINIMUM_SAMPLING_INTERVAL_MS = 1;

/** What StandardFirmataPlus 2.5.x reports for REPORT_VERSION and REPORT_FIRMWARE. */
export const PROTOCOL_VERSION = { major: 2, minor: 5 } as const;
export const FIRMWARE = { name: "StandardFirmataPlus", major: 2, minor: 5 } as const;

/** Pins per digital port (protocol.md "Data Message Expansion"). */
export const PINS_PER_PORT = 8;
