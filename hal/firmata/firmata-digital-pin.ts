/**
 * A digital input on a Firmata side board (DigitalInputPin): the pin is put in INPUT or
 * PULLUP mode and its port's digital reports are switched on; StandardFirmata sends a port's
 * levels whenever one of its inputs changes (checked every main loop, well under 1 ms), so
 * each report that changes this pin's level is an edge. Edge time is when the report arrived
 * on the Pi (serial latency, about 1 ms at 57 600 baud), on the given clock.
 */
import { SystemClock, type Clock } from "../clock.ts";
import type { DigitalInputPin, Level, Pull } from "../io/digital.ts";
import { HalError } from "../io/hal-error.ts";
import type { FirmataBoard } from "./firmata-board.ts";

export interface FirmataDigitalPinOptions {
  board: FirmataBoard;
  /** Arduino pin number (2–13 on a Uno; A0–A5 are 14–19). */
  pin: number;
  /** "up" uses the AVR's internal pull-up (Firmata PULLUP mode); Firmata has no pull-down. Default "none". */
  pull?: Pull;
  /** Box clock for edge times. Default: SystemClock. */
  clock?: Clock;
  /** ms to wait for the board's first report of the pin. Default 1 000. */
  timeoutMs?: number;
}

export class FirmataDigitalPin implements DigitalInputPin {
  readonly name: string;
  private level: Level = 0;
  private closed = false;
  private readonly listeners = new Set<(level: Level, t: number) => void>();
  private readonly handler = (value: number) => this.report(value === 1 ? 1 : 0);

  private constructor(
    private readonly board: FirmataBoard,
    private readonly pin: number,
    private readonly clock: Clock,
  ) {
    this.name = `${board.name} D${pin}`;
  }

  /** Set the pin up and wait for its first level; HalError invalid_configuration / timeout. */
  static async open(options: FirmataDigitalPinOptions): Promise<FirmataDigitalPin> {
    const { board, pin } = options;
    const pull = options.pull ?? "none";
    const timeoutMs = options.timeoutMs ?? 1_000;
    const part = `${board.name} D${pin}`;
    board.assertOpen(part);
    const io = board.io;
    const mode = pull === "up" ? io.MODES.PULLUP : io.MODES.INPUT;
    if (pull === "down") throw new HalError("invalid_configuration", part, 'Firmata has no pull-down; expected pull "up" or "none"');
    if (!io.pins[pin]?.supportedModes.includes(mode)) {
      const usable = io.pins.flatMap((entry, index) => (entry.supportedModes.includes(mode) ? [index] : []));
      throw new HalError("invalid_configuration", part, `pin does not support ${pull === "up" ? "PULLUP" : "INPUT"} on this board; pins that do: ${usable.join(", ")}`);
    }
    const input = new FirmataDigitalPin(board, pin, options.clock ?? new SystemClock());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        io.removeListener(`digital-read-${pin}`, first);
        input.close();
        reject(new HalError("timeout", part, `no digital report within ${timeoutMs} ms`));
      }, timeoutMs);
      const first = () => {
        clearTimeout(timer);
        resolve();
      };
      io.once(`digital-read-${pin}`, first);
      io.pinMode(pin, mode);
      // Reporting is per port; StandardFirmata answers with the port's levels at once.
      io.digitalRead(pin, input.handler);
    });
    return input;
  }

  read(): Level {
    this.assertOpen();
    return this.level;
  }

  onEdge(listener: (level: Level, t: number) => void): () => void {
    this.assertOpen();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Idempotent. Stops listening; the port's reporting stays on because other pins of the same
   * 8-pin port may still be read.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.board.io.removeListener(`digital-read-${this.pin}`, this.handler);
    this.listeners.clear();
  }

  private report(level: Level): void {
    // firmata-io repeats every input of a port on each port message: only changes are edges.
    if (level === this.level) return;
    this.level = level;
    const t = this.clock.now() / 1000;
    for (const listener of this.listeners) listener(level, t);
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.name, "pin is closed");
    this.board.assertOpen(this.name);
  }
}
