/**
 * A simulated Arduino running StandardFirmataPlus, speaking the real Firmata protocol over
 * @serialport/binding-mock, so johnny-five and firmata-io run unmodified against it (the
 * Firmata counterpart of Zephyr's i2c_emul). Bus face: the serial bytes. Physics face:
 * `setDigital(pin, level)` for the input pins and register-level chip emulators attached on
 * its I2C bus (`attachI2c(address, target)`).
 *
 * Real time: binding-mock, firmata-io and johnny-five run on Node's timers, so this board's
 * sampling timer does too. Chip emulators attached here should be given a real-time clock
 * (hal/clock.ts SystemClock).
 */
import { createRequire } from "node:module";
import type { MockPortBinding } from "@serialport/binding-mock" with { "resolution-mode": "require" };
import type { BindingInterface } from "@serialport/bindings-interface" with { "resolution-mode": "require" };
import type { I2cTarget } from "../bus/simulated-i2c-bus.ts";
import {
  DEFAULT_SAMPLING_INTERVAL_MS,
  FIRMWARE,
  I2C_MAX_QUERIES,
  I2C_MODE,
  I2C_MODE_MASK,
  I2C_MODE_SHIFT,
  I2C_TEN_BIT_ADDRESS,
  MESSAGE,
  MINIMUM_SAMPLING_INTERVAL_MS,
  NO_ANALOG_CHANNEL,
  PIN_LIST_END,
  PIN_MODE,
  PINS_PER_PORT,
  PROTOCOL_VERSION,
  SYSEX,
} from "./firmata-protocol.ts";

// Both serialport packages publish types for their CommonJS entry only; load that one.
const { MockBinding } = createRequire(import.meta.url)("@serialport/binding-mock") as typeof import("@serialport/binding-mock", { with: { "resolution-mode": "require" } });

/** One pin as the capability response describes it: supported mode → resolution (bits). */
export interface PinCapability {
  modes: ReadonlyArray<readonly [mode: number, resolution: number]>;
  /** Analog input channel, or undefined for a digital-only pin. */
  analogChannel?: number;
}

const digital = [
  [PIN_MODE.INPUT, 1],
  [PIN_MODE.OUTPUT, 1],
  [PIN_MODE.PULLUP, 1],
] as const;
const pwm = [...digital, [PIN_MODE.PWM, 8], [PIN_MODE.SERVO, 14]] as const;

/**
 * An Arduino Uno as StandardFirmataPlus reports it: 0–1 are the serial link (no modes),
 * 2–13 digital (PWM on 3, 5, 6, 9, 10, 11), 14–19 are A0–A5 (10-bit ADC), I2C SDA/SCL on
 * A4/A5 (18, 19).
 */
export const unoPins: readonly PinCapability[] = Array.from({ length: 20 }, (_, pin): PinCapability => {
  if (pin < 2) return { modes: [] };
  if (pin < 14) return { modes: [3, 5, 6, 9, 10, 11].includes(pin) ? pwm : [...digital, [PIN_MODE.SERVO, 14]] };
  const analog: PinCapability = { modes: [...digital, [PIN_MODE.ANALOG, 10]], analogChannel: pin - 14 };
  if (pin >= 18) return { ...analog, modes: [...analog.modes, [PIN_MODE.I2C, 1]] };
  return analog;
});

export interface SimulatedFirmataBoardOptions {
  /** Mock serial path; unique per board (binding-mock's port list is process-wide). */
  path: string;
  /** Pin capabilities. Default: `unoPins`. */
  pins?: readonly PinCapability[];
  /**
   * ms from the host opening the port to the board's unsolicited version report (a real Uno
   * resets on open and takes about 1.6 s through its bootloader). Default 0.
   */
  bootDelayMs?: number;
  /** true: the port exists but nothing on it speaks Firmata (never answers). Default false. */
  silent?: boolean;
  /**
   * true: announce version and firmware after the reset on open, as a Uno does. false: a
   * board that does not reset on open (Leonardo, a USB-serial adapter without DTR) and
   * answers only when asked. Default true.
   */
  announceOnOpen?: boolean;
}

interface PinState {
  mode: number;
  /** level driven onto the pin from outside, or null when nothing drives it */
  driven: 0 | 1 | null;
  /** last value written by the host (outputs; for inputs Firmata sets the pull-up) */
  written: number;
}

interface I2cQuery {
  address: number;
  register: number | null;
  length: number;
}

export class SimulatedFirmataBoard {
  /** Hand this to SerialPortStream (or FirmataBoard's `binding`) to open the board's port. */
  readonly binding: BindingInterface;
  readonly path: string;

  private readonly capabilities: readonly PinCapability[];
  private readonly bootDelayMs: number;
  private readonly silent: boolean;
  private readonly announceOnOpen: boolean;
  private readonly pins: PinState[];
  private readonly reportedPorts: boolean[];
  private readonly lastPortValues: number[];
  private readonly targets = new Map<number, I2cTarget>();
  private readonly registerPointers = new Map<number, number>();
  private queries: I2cQuery[] = [];
  private samplingIntervalMs = DEFAULT_SAMPLING_INTERVAL_MS;
  private samplingTimer: NodeJS.Timeout | undefined;
  private bootTimer: NodeJS.Timeout | undefined;
  private port: MockPortBinding | undefined;
  /** host → board bytes not yet a whole message */
  private readonly incoming: number[] = [];
  private readonly readBuffer = new Uint8Array(64);
  /** I2C requests answered, for tests that check the reads really go over the wire */
  i2cRepliesSent = 0;

  constructor(options: SimulatedFirmataBoardOptions) {
    this.path = options.path;
    this.capabilities = options.pins ?? unoPins;
    this.bootDelayMs = options.bootDelayMs ?? 0;
    this.silent = options.silent ?? false;
    this.announceOnOpen = options.announceOnOpen ?? true;
    this.pins = this.capabilities.map(() => ({ mode: PIN_MODE.OUTPUT, driven: null, written: 0 }));
    const portCount = Math.ceil(this.capabilities.length / PINS_PER_PORT);
    this.reportedPorts = new Array<boolean>(portCount).fill(false);
    this.lastPortValues = new Array<number>(portCount).fill(-1);
    this.reset();
    MockBinding.createPort(this.path, { echo: false, record: false });
    this.binding = {
      list: () => MockBinding.list(),
      open: async (openOptions: Parameters<BindingInterface["open"]>[0]) => {
        const port = await MockBinding.open(openOptions);
        this.connect(port);
        return port;
      },
    };
  }

  /** Put a register-level chip emulator on the board's I2C bus (A4/A5). */
  attachI2c(address: number, target: I2cTarget): void {
    if (this.targets.has(address)) throw new Error(`simulated firmata ${this.path}: I2C address 0x${address.toString(16)} is already taken`);
    this.targets.set(address, target);
  }

  /** Physics face: drive a pin high or low, or release it (null: reads its pull-up, else 0). */
  setDigital(pin: number, level: 0 | 1 | null): void {
    const state = this.pins[pin];
    if (state === undefined) throw new Error(`simulated firmata ${this.path}: no pin ${pin} (0–${this.pins.length - 1})`);
    state.driven = level;
    this.reportPort(Math.floor(pin / PINS_PER_PORT), false);
  }

  /** A pin's current mode (PIN_MODE), for tests. */
  pinMode(pin: number): number {
    return this.pins[pin].mode;
  }

  get samplingInterval(): number {
    return this.samplingIntervalMs;
  }

  /** Stop the board's timers (the host closing the port does this too). */
  close(): void {
    this.stopTimers();
    this.port = undefined;
  }

  private connect(port: MockPortBinding): void {
    this.reset();
    this.port = port;
    const write = port.write.bind(port);
    port.write = async (buffer: Buffer) => {
      await write(buffer);
      if (this.port === port && !this.silent) this.receive(buffer);
    };
    const close = port.close.bind(port);
    port.close = async () => {
      if (this.port === port) this.close();
      return close();
    };
    if (this.silent || !this.announceOnOpen) return;
    // StandardFirmata announces itself after its reset: version, then firmware name.
    this.bootTimer = setTimeout(() => {
      this.bootTimer = undefined;
      this.sendVersion();
      this.sendFirmware();
    }, this.bootDelayMs);
  }

  private reset(): void {
    this.stopTimers();
    this.queries = [];
    this.samplingIntervalMs = DEFAULT_SAMPLING_INTERVAL_MS;
    this.reportedPorts.fill(false);
    this.lastPortValues.fill(-1);
    // StandardFirmataPlus systemResetCallback: analog-capable pins ANALOG, the others OUTPUT.
    this.pins.forEach((pin, index) => {
      pin.mode = this.capabilities[index].analogChannel === undefined ? PIN_MODE.OUTPUT : PIN_MODE.ANALOG;
      pin.written = 0;
    });
    this.incoming.length = 0;
  }

  private stopTimers(): void {
    clearTimeout(this.bootTimer);
    clearInterval(this.samplingTimer);
    this.bootTimer = undefined;
    this.samplingTimer = undefined;
  }

  private send(bytes: number[]): void {
    if (this.port?.isOpen) this.port.emitData(Buffer.from(bytes));
  }

  // ---- host → board parsing (protocol.md "Message Types") ----

  private receive(bytes: Buffer): void {
    for (const byte of bytes) {
      const incoming = this.incoming;
      if (byte & 0x80 && byte !== MESSAGE.END_SYSEX) incoming.length = 0; // a command byte starts a new message
      if (incoming.length === 0 && !(byte & 0x80)) continue; // stray data byte
      incoming.push(byte);
      const first = incoming[0];
      if (first === MESSAGE.START_SYSEX) {
        if (byte === MESSAGE.END_SYSEX) {
          this.sysex(incoming.slice(1, -1));
          incoming.length = 0;
        }
        continue;
      }
      if (incoming.length === messageLength(first)) {
        this.command(incoming);
        incoming.length = 0;
      }
    }
  }

  private command(message: number[]): void {
    const [first, data1, data2] = message;
    const command = first < 0xf0 ? first & 0xf0 : first;
    const channel = first & 0x0f;
    switch (command) {
      case MESSAGE.REPORT_VERSION:
        return this.sendVersion();
      case MESSAGE.SYSTEM_RESET:
        return this.reset();
      case MESSAGE.SET_PIN_MODE:
        return this.setPinMode(data1, data2);
      case MESSAGE.REPORT_DIGITAL:
        if (channel < this.reportedPorts.length) {
          this.reportedPorts[channel] = data1 !== 0;
          // StandardFirmata sends the port at once when reporting is enabled.
          if (data1 !== 0) this.reportPort(channel, true);
        }
        return;
      case MESSAGE.SET_DIGITAL_PIN_VALUE:
        if (this.pins[data1]) this.pins[data1].written = data2;
        return;
      case MESSAGE.DIGITAL_MESSAGE: {
        const value = data1 | (data2 << 7);
        for (let bit = 0; bit < PINS_PER_PORT; bit++) {
          const pin = this.pins[channel * PINS_PER_PORT + bit];
          if (pin) pin.written = (value >> bit) & 1;
        }
        return;
      }
      default:
        return; // REPORT_ANALOG, ANALOG_MESSAGE: no analog physics here
    }
  }

  private setPinMode(pin: number, mode: number): void {
    const state = this.pins[pin];
    if (!state || !this.capabilities[pin].modes.some(([supported]) => supported === mode)) return; // firmata ignores it
    state.mode = mode;
    this.reportPort(Math.floor(pin / PINS_PER_PORT), false);
  }

  private sysex(body: number[]): void {
    switch (body[0]) {
      case SYSEX.REPORT_FIRMWARE:
        return this.sendFirmware();
      case SYSEX.CAPABILITY_QUERY:
        return this.sendCapabilities();
      case SYSEX.ANALOG_MAPPING_QUERY:
        return this.send([
          MESSAGE.START_SYSEX,
          SYSEX.ANALOG_MAPPING_RESPONSE,
          ...this.capabilities.map((pin) => pin.analogChannel ?? NO_ANALOG_CHANNEL),
          MESSAGE.END_SYSEX,
        ]);
      case SYSEX.PIN_STATE_QUERY: {
        const pin = body[1];
        const state = this.pins[pin];
        if (!state) return;
        // pin-state-query.md: an output's last written value; an input's pull-up (StandardFirmata sets 1 for PULLUP, 0 for INPUT).
        const value = this.isInput(state) ? Number(state.mode === PIN_MODE.PULLUP) : state.written;
        return this.send([MESSAGE.START_SYSEX, SYSEX.PIN_STATE_RESPONSE, pin, state.mode, value & 0x7f, MESSAGE.END_SYSEX]);
      }
      case SYSEX.SAMPLING_INTERVAL: {
        const ms = body[1] | (body[2] << 7);
        this.samplingIntervalMs = Math.max(MINIMUM_SAMPLING_INTERVAL_MS, ms);
        if (this.samplingTimer) this.startSampling();
        return;
      }
      case SYSEX.I2C_CONFIG:
        // enableI2CPins: SDA/SCL become I2C pins. The read delay (µs) is below this board's timer resolution.
        this.capabilities.forEach((pin, index) => {
          if (pin.modes.some(([mode]) => mode === PIN_MODE.I2C)) this.pins[index].mode = PIN_MODE.I2C;
        });
        return;
      case SYSEX.I2C_REQUEST:
        return this.i2cRequest(body);
      default:
        return;
    }
  }

  // ---- board → host ----

  private sendVersion(): void {
    this.send([MESSAGE.REPORT_VERSION, PROTOCOL_VERSION.major, PROTOCOL_VERSION.minor]);
  }

  private sendFirmware(): void {
    const name: number[] = [];
    for (const character of FIRMWARE.name) name.push(character.charCodeAt(0) & 0x7f, character.charCodeAt(0) >> 7);
    this.send([MESSAGE.START_SYSEX, SYSEX.REPORT_FIRMWARE, FIRMWARE.major, FIRMWARE.minor, ...name, MESSAGE.END_SYSEX]);
  }

  private sendCapabilities(): void {
    const bytes: number[] = [MESSAGE.START_SYSEX, SYSEX.CAPABILITY_RESPONSE];
    for (const pin of this.capabilities) {
      for (const [mode, resolution] of pin.modes) bytes.push(mode, resolution);
      bytes.push(PIN_LIST_END);
    }
    bytes.push(MESSAGE.END_SYSEX);
    this.send(bytes);
  }

  private sendString(text: string): void {
    const bytes: number[] = [MESSAGE.START_SYSEX, SYSEX.STRING_DATA];
    for (const character of text) bytes.push(character.charCodeAt(0) & 0x7f, character.charCodeAt(0) >> 7);
    bytes.push(MESSAGE.END_SYSEX);
    this.send(bytes);
  }

  private isInput(state: PinState): boolean {
    return state.mode === PIN_MODE.INPUT || state.mode === PIN_MODE.PULLUP;
  }

  private level(state: PinState): 0 | 1 {
    return state.driven ?? (state.mode === PIN_MODE.PULLUP ? 1 : 0);
  }

  /** StandardFirmata's checkDigitalInputs: a reported port's input bits, sent when they change. */
  private reportPort(port: number, force: boolean): void {
    if (!this.reportedPorts[port]) return;
    let value = 0;
    for (let bit = 0; bit < PINS_PER_PORT; bit++) {
      const state = this.pins[port * PINS_PER_PORT + bit];
      if (state && this.isInput(state) && this.level(state) === 1) value |= 1 << bit;
    }
    if (!force && value === this.lastPortValues[port]) return;
    this.lastPortValues[port] = value;
    this.send([MESSAGE.DIGITAL_MESSAGE | port, value & 0x7f, value >> 7]);
  }

  // ---- I2C (i2c.md) ----

  private i2cRequest(body: number[]): void {
    if (body[2] & I2C_TEN_BIT_ADDRESS) return this.sendString("10-bit addressing not supported"); // as StandardFirmata
    const address = body[1];
    const mode = (body[2] >> I2C_MODE_SHIFT) & I2C_MODE_MASK;
    const data: number[] = [];
    for (let index = 3; index + 1 < body.length; index += 2) data.push(body[index] | (body[index + 1] << 7));
    switch (mode) {
      case I2C_MODE.WRITE: {
        if (!this.acknowledges(address) || data.length === 0) return;
        this.registerPointers.set(address, data[0]);
        this.transfer(() => this.targets.get(address)!.write(data[0], Uint8Array.from(data.slice(1))));
        return;
      }
      case I2C_MODE.READ_ONCE:
      case I2C_MODE.READ_CONTINUOUSLY: {
        const query: I2cQuery = data.length >= 2 ? { address, register: data[0], length: data[1] } : { address, register: null, length: data[0] ?? 0 };
        if (mode === I2C_MODE.READ_ONCE) return this.i2cRead(query);
        if (this.queries.length >= I2C_MAX_QUERIES) return this.sendString("too many queries");
        this.queries.push(query);
        if (!this.samplingTimer) this.startSampling();
        return;
      }
      case I2C_MODE.STOP_READING:
        // StandardFirmata stops every continuous query to the address.
        this.queries = this.queries.filter((query) => query.address !== address);
        if (this.queries.length === 0) {
          clearInterval(this.samplingTimer);
          this.samplingTimer = undefined;
        }
        return;
    }
  }

  private acknowledges(address: number): boolean {
    if (this.targets.has(address)) return true;
    // Wire.endTransmission / requestFrom fail; StandardFirmata says so in a string message.
    this.sendString("I2C: Too few bytes received");
    return false;
  }

  /** A chip emulator that throws (a fault layer's NACK) fails the transfer as Wire would. */
  private transfer(action: () => void): boolean {
    try {
      action();
      return true;
    } catch {
      this.sendString("I2C: Too few bytes received");
      return false;
    }
  }

  private startSampling(): void {
    clearInterval(this.samplingTimer);
    this.samplingTimer = setInterval(() => {
      for (const query of this.queries) this.i2cRead(query);
    }, this.samplingIntervalMs);
  }

  private i2cRead(query: I2cQuery): void {
    if (!this.acknowledges(query.address)) return;
    const register = query.register ?? this.registerPointers.get(query.address) ?? 0;
    const into = query.length <= this.readBuffer.length ? this.readBuffer : new Uint8Array(query.length);
    if (!this.transfer(() => this.targets.get(query.address)!.read(register, into, query.length))) return;
    const reply = [MESSAGE.START_SYSEX, SYSEX.I2C_REPLY, query.address & 0x7f, query.address >> 7, register & 0x7f, register >> 7];
    for (let index = 0; index < query.length; index++) reply.push(into[index] & 0x7f, into[index] >> 7);
    reply.push(MESSAGE.END_SYSEX);
    this.i2cRepliesSent++;
    this.send(reply);
  }
}

/** Bytes in a non-sysex message, by its first byte (protocol.md "Message Types"). */
function messageLength(first: number): number {
  if (first === MESSAGE.REPORT_VERSION || first === MESSAGE.SYSTEM_RESET) return 1;
  const command = first < 0xf0 ? first & 0xf0 : first;
  if (command === MESSAGE.REPORT_ANALOG || command === MESSAGE.REPORT_DIGITAL) return 2;
  return 3;
}
