/**
 * An Arduino-class side board running StandardFirmata(Plus) on USB serial, opened through
 * johnny-five. The Pi talks to it with firmata-io over a SerialPortStream; the serial binding
 * is @serialport/bindings-cpp on a real port (prebuilt, optional dependency) or any binding
 * handed in (the simulated board's mock binding in tests). Pins and I2C on the board are
 * reached through FirmataDigitalPin and FirmataAccelerometer.
 *
 * Why not `new Board({ port })`: that path requires johnny-five's optional `firmata` and
 * `serialport@8`, whose native binding has no prebuild for current Node and is not built here.
 */
import { SerialPortStream } from "@serialport/stream";
import type { BindingInterface } from "@serialport/bindings-interface" with { "resolution-mode": "require" };
import firmata, { type FirmataIo } from "firmata-io";
import five, { type Board } from "johnny-five";
import { HalError } from "../io/hal-error.ts";

export interface FirmataBoardOptions {
  /** Serial device of the board, e.g. "/dev/ttyACM0". Required unless `port` is given. */
  path?: string;
  /**
   * An unopened SerialPortStream (autoOpen: false) to use instead of opening `path`.
   * Default: one made from `path`, `binding` and `baudRate`.
   */
  port?: SerialPortStream;
  /** Serial binding. Default: @serialport/bindings-cpp's autoDetect() (the real serial ports). */
  binding?: BindingInterface;
  /** Baud, StandardFirmata(Plus)'s own. Default 57 600. */
  baudRate?: number;
  /** ms to wait for the Firmata handshake (version, firmware, capabilities) to finish. Default 10 000. */
  timeoutMs?: number;
  /**
   * ms after opening before the host asks for the version itself, for boards that do not
   * reset on open. Default 2 000 (a Uno's bootloader takes about 1.6 s after the reset).
   */
  reportVersionTimeoutMs?: number;
}

export class FirmataBoard {
  /** "firmata /dev/ttyACM0", as parts and errors name it. */
  readonly name: string;
  private closed = false;

  private constructor(
    readonly board: Board,
    readonly io: FirmataIo,
    private readonly port: SerialPortStream,
  ) {
    this.name = `firmata ${port.path}`;
    // After ready johnny-five forwards io errors to the board; an unheard "error" would throw.
    board.on("error", () => {});
  }

  /** Open the port, wait for johnny-five's "ready"; HalError not_found / timeout / unsupported. */
  static async open(options: FirmataBoardOptions): Promise<FirmataBoard> {
    const baudRate = options.baudRate ?? 57_600;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const path = options.port?.path ?? options.path;
    if (path === undefined) throw new HalError("invalid_configuration", "firmata", "give the serial `path` (e.g. /dev/ttyACM0) or a `port`");
    const part = `firmata ${path}`;
    const port = options.port ?? new SerialPortStream({ binding: options.binding ?? (await realSerialBinding(part)), path, baudRate, autoOpen: false });

    const io = new firmata.Firmata(port, { reportVersionTimeout: options.reportVersionTimeoutMs ?? 2_000 });
    const board = new five.Board({ io, repl: false, debug: false, sigint: false, timeout: timeoutMs * 2 });

    return new Promise<FirmataBoard>((resolve, reject) => {
      let settled = false;
      const fail = (error: HalError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        abandon(board, io, port);
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new HalError(
              "timeout",
              part,
              `no Firmata handshake within ${timeoutMs} ms (is StandardFirmata(Plus) flashed and running at ${baudRate} baud?)`,
            ),
          ),
        timeoutMs,
      );
      io.on("error", (error: Error) => fail(new HalError("bus", part, `serial error: ${error.message}`)));
      board.once("ready", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(board.timer ?? undefined);
        resolve(new FirmataBoard(board, io, port));
      });
      if (port.isOpen) {
        io.emit("connect"); // an already-open port will not say "open" again
        return;
      }
      port.open((error) => {
        if (!error) return;
        // bindings-cpp says "No such file or directory, cannot open …"; binding-mock "Port does not exist".
        if (/does not exist|no such file|ENOENT/i.test(error.message)) return fail(new HalError("not_found", part, `serial port not found (${error.message})`));
        const hint = /permission denied|EACCES/i.test(error.message) ? " (is the user in the dialout group?)" : "";
        fail(new HalError("bus", part, `cannot open serial port: ${error.message}${hint}`));
      });
    });
  }

  /** The Firmata sampling interval, ms: how often the board reports continuous I2C reads and analog inputs. */
  get samplingIntervalMs(): number {
    return this.io.getSamplingInterval();
  }

  /** Throws HalError("closed") once closed; parts call it before every use. */
  assertOpen(part = this.name): void {
    if (this.closed) throw new HalError("closed", part, "the Firmata board is closed");
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Idempotent. Resolves once the serial port is closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closePort(this.port);
    quiet(this.io);
    forget(this.board);
  }
}

/** Stop everything a failed open started, so no timer keeps the process alive. */
function abandon(board: Board, io: FirmataIo, port: SerialPortStream): void {
  clearTimeout(io.reportVersionTimeoutId);
  clearTimeout(board.timer ?? undefined);
  board.removeAllListeners("ready");
  void closePort(port).finally(() => quiet(io));
  forget(board);
}

/** johnny-five keeps every Board in a module-level list; a reconnecting box would leak one per try. */
function forget(board: Board): void {
  const index = five.Board.cache.indexOf(board);
  if (index >= 0) five.Board.cache.splice(index, 1);
}

/** Drop every listener but keep an "error" sink: a late serial error must not become an uncaught exception. */
function quiet(io: FirmataIo): void {
  io.removeAllListeners();
  io.on("error", () => {});
}

/** Let queued writes (a part's last stop request) reach the board, then close. */
function closePort(port: SerialPortStream): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.drain(() => port.close(() => resolve())));
}

/** @serialport/bindings-cpp, loaded only when a real port is opened (optional dependency). */
async function realSerialBinding(part: string): Promise<BindingInterface> {
  try {
    const bindings = await import("@serialport/bindings-cpp");
    return bindings.autoDetect() as unknown as BindingInterface;
  } catch (error) {
    throw new HalError("unsupported", part, `real serial ports need the optional package @serialport/bindings-cpp (${(error as Error).message})`);
  }
}
