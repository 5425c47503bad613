/**
 * A virtual GPIO chip on the virtual clock. Each named line has a physics face, `drive(level)`
 * (what the wire carries from now on), and hands out DigitalInputPins (the bus face the
 * input drivers use), whose edges carry the virtual time at which the wire changed. Drive
 * a line from clock timers (as BouncingContact does) and the edges land at those times.
 */
import type { Clock } from "../../hal/clock.ts";
import type { DigitalInputPin, Level } from "../../hal/io/digital.ts";
import { HalError } from "../../hal/io/hal-error.ts";

export interface VirtualGpioChipOptions {
  clock: Clock;
  /** Prefix of pin names, default "sim": pins are called "sim:door_contact". */
  name?: string;
}

export class VirtualGpioChip {
  readonly name: string;
  private readonly clock: Clock;
  private readonly lines = new Map<string, VirtualGpioLine>();

  constructor(options: VirtualGpioChipOptions) {
    this.clock = options.clock;
    this.name = options.name ?? "sim";
  }

  /** The line called `name`, made at `initial` level (default 0) the first time it is asked for. */
  line(name: string, initial: Level = 0): VirtualGpioLine {
    let line = this.lines.get(name);
    if (line === undefined) {
      line = new VirtualGpioLine(`${this.name}:${name}`, this.clock, initial);
      this.lines.set(name, line);
    }
    return line;
  }

  /** A new pin on the line `name` (each consumer gets its own, closed independently). */
  pin(name: string): DigitalInputPin {
    const line = this.lines.get(name);
    if (line === undefined) throw new HalError("not_found", `${this.name}:${name}`, `no such line; this chip has ${[...this.lines.keys()].join(", ") || "none"}`);
    return line.pin();
  }
}

type EdgeListener = (level: Level, t: number) => void;

export class VirtualGpioLine {
  private current: Level;
  private readonly listeners = new Set<EdgeListener>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    initial: Level,
  ) {
    this.current = initial;
  }

  get level(): Level {
    return this.current;
  }

  /** The wire carries `level` from now on; pins hear an edge if it changed. */
  drive(level: Level): void {
    if (level === this.current) return;
    this.current = level;
    const t = this.clock.now() / 1000;
    for (const listener of [...this.listeners]) listener(level, t);
  }

  pin(): DigitalInputPin {
    return new VirtualPin(this, this.listeners);
  }
}

class VirtualPin implements DigitalInputPin {
  readonly name: string;
  private readonly own = new Set<EdgeListener>();
  private closed = false;

  constructor(
    private readonly line: VirtualGpioLine,
    private readonly lineListeners: Set<EdgeListener>,
  ) {
    this.name = line.name;
  }

  read(): Level {
    this.assertOpen();
    return this.line.level;
  }

  onEdge(listener: EdgeListener): () => void {
    this.assertOpen();
    // Wrapped so the same function subscribed twice counts twice, like addEventListener does not.
    const wrapped: EdgeListener = (level, t) => listener(level, t);
    this.own.add(wrapped);
    this.lineListeners.add(wrapped);
    return () => {
      this.own.delete(wrapped);
      this.lineListeners.delete(wrapped);
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.own) this.lineListeners.delete(listener);
    this.own.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.name, "pin is closed");
  }
}
