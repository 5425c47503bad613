/**
 * The parts of johnny-five 2.x and firmata-io 2.x that hal/firmata uses. Neither ships type
 * declarations; these are written from their sources (node_modules/johnny-five/lib/board.js,
 * node_modules/firmata-io/lib/firmata.js) and cover only what is called here.
 */
declare module "firmata-io" {
  import type { EventEmitter } from "node:events";

  /** A firmata-io board (the johnny-five "io"). Events: "ready", "connect", "close", "error", "string". */
  export interface FirmataIo extends EventEmitter {
    readonly isReady: boolean;
    readonly MODES: { INPUT: number; OUTPUT: number; PULLUP: number; I2C: number };
    readonly pins: Array<{ supportedModes: number[]; mode?: number; value?: number; state?: number; analogChannel: number }>;
    readonly firmware: { name?: string; version?: { major: number; minor: number } };
    readonly version: { major?: number; minor?: number };
    readonly transport: unknown;
    /** firmata-io's own "ask for the version" timer, cleared here when giving up. */
    reportVersionTimeoutId?: ReturnType<typeof setTimeout>;
    pinMode(pin: number, mode: number): void;
    digitalRead(pin: number, callback: (value: number) => void): void;
    reportDigitalPin(pin: number, enable: 0 | 1): void;
    queryPinState(pin: number, callback: () => void): void;
    setSamplingInterval(ms: number): void;
    getSamplingInterval(): number;
    i2cConfig(options: number | { delay?: number; address?: number; settings?: { stopTX?: boolean } }): void;
    i2cWriteReg(address: number, register: number, byte: number): void;
    i2cWrite(address: number, register: number, bytes: number[]): void;
    i2cReadOnce(address: number, register: number, length: number, callback: (bytes: number[]) => void): void;
    i2cRead(address: number, register: number, length: number, callback: (bytes: number[]) => void): void;
    i2cStop(options: number | { address: number }): void;
  }

  export interface FirmataOptions {
    /** ms before the host asks for the version itself if the board has not announced it (default 5000) */
    reportVersionTimeout?: number;
    samplingInterval?: number;
    skipCapabilities?: boolean;
  }

  export interface FirmataConstructor {
    new (transport: object, options?: FirmataOptions, callback?: (error?: Error) => void): FirmataIo;
  }

  /** `require("firmata-io")(TransportClass)` binds a default transport; `.Firmata` takes a transport object. */
  const bindTransport: ((transport: unknown) => FirmataConstructor) & { Firmata: FirmataConstructor };
  export default bindTransport;
}

declare module "johnny-five" {
  import type { EventEmitter } from "node:events";
  import type { FirmataIo } from "firmata-io";

  export interface BoardOptions {
    io: FirmataIo;
    id?: string;
    repl?: boolean;
    debug?: boolean;
    /** install a SIGINT handler that exits the process (default true) */
    sigint?: boolean;
    /** ms from "connect" to a "Device or Firmware Error" (default 10 000) */
    timeout?: number;
  }

  /** Events: "connect", "ready", "error", "close", "exit". */
  export class Board extends EventEmitter {
    constructor(options: BoardOptions);
    /** johnny-five's process-wide list of every Board made (components mount on boards[0]). */
    static readonly cache: Board[];
    readonly io: FirmataIo;
    readonly isReady: boolean;
    readonly id: string;
    /** johnny-five's own connect timeout */
    timer: ReturnType<typeof setTimeout> | null;
  }

  const five: { Board: typeof Board };
  export default five;
}
