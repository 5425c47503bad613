/**
 * BinaryInput: a DigitalInputPin made into the firmware's DigitalInput, in the meaning of its
 * name. The chain is small named filters: polarity → debounce (debounce.ts) → hold (hold.ts).
 * `onChange` hears each debounced change once, with the time it was confirmed and the time
 * the wire first moved. The input owns its pin: close() closes it.
 */
import type { Clock } from "../../clock.ts";
import type { DigitalInputPin, Level } from "../../io/digital.ts";
import { HalError } from "../../io/hal-error.ts";
import type { DigitalInput } from "../../sensors.ts";
import { Debounce, type DebouncedChange } from "./debounce.ts";
import { Hold } from "./hold.ts";
import { addListener } from "../../io/listeners.ts";

export type { DebouncedChange } from "./debounce.ts";

export interface BinaryInputOptions {
  pin: DigitalInputPin;
  clock: Clock;
  /** Which wire level means true; default "high". */
  active?: "high" | "low";
  /** ms the level must hold still before a change counts; default 20 (contacts bounce for a few ms). */
  debounce_ms?: number;
  /** ms true outlasts the debounced input (for pulsing sources); default 0. */
  hold_ms?: number;
}

/** How a mechanical contact is wired, for the inputs that are contacts. */
export interface ContactOptions {
  /**
   * "normally_open" (default): the contact closes when actuated (door shut, button pressed);
   * "normally_closed": it opens when actuated (a fail-safe wiring: a cut wire reads actuated).
   */
  contact?: "normally_open" | "normally_closed";
  /** Wire level while the contact is closed; default 0 (contact to ground, pull-up on the line). */
  closed_level?: Level;
}

/** The wire level that means "actuated" for a contact wired as `options` says. */
export function actuatedLevel(options: ContactOptions, part: string): "high" | "low" {
  const contact = options.contact ?? "normally_open";
  const closedLevel = options.closed_level ?? 0;
  if (contact !== "normally_open" && contact !== "normally_closed") {
    throw new HalError("invalid_configuration", part, `contact must be "normally_open" or "normally_closed", got ${JSON.stringify(contact)}`);
  }
  if (closedLevel !== 0 && closedLevel !== 1) throw new HalError("invalid_configuration", part, `closed_level must be 0 or 1, got ${JSON.stringify(closedLevel)}`);
  const actuatedWireLevel = contact === "normally_open" ? closedLevel : 1 - closedLevel;
  return actuatedWireLevel === 1 ? "high" : "low";
}

export class BinaryInput implements DigitalInput {
  readonly name: string;
  /** s: a change is read once it has held for the debounce time */
  readonly lagS: number;
  private edgeAt = NaN;
  private readonly pin: DigitalInputPin;
  private readonly activeLevel: Level;
  private readonly debounce: Debounce;
  private readonly hold: Hold | undefined;
  private readonly listeners = new Set<(change: DebouncedChange) => void>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(options: BinaryInputOptions) {
    this.pin = options.pin;
    this.name = options.pin.name;
    const active = options.active ?? "high";
    if (active !== "high" && active !== "low") throw new HalError("invalid_configuration", this.name, `active must be "high" or "low", got ${JSON.stringify(active)}`);
    const debounceMs = options.debounce_ms ?? 20;
    const holdMs = options.hold_ms ?? 0;
    if (!(debounceMs >= 0)) throw new HalError("invalid_configuration", this.name, `debounce_ms must be ≥ 0, got ${debounceMs}`);
    if (!(holdMs >= 0)) throw new HalError("invalid_configuration", this.name, `hold_ms must be ≥ 0, got ${holdMs}`);
    this.activeLevel = active === "high" ? 1 : 0;
    this.lagS = debounceMs / 1000;
    const initial = this.pin.read() === this.activeLevel;
    const emit = (change: DebouncedChange) => {
      // A held value ends when the hold does: presence is claimed through it.
      this.edgeAt = holdMs > 0 && !change.value ? change.t : change.since;
      for (const listener of [...this.listeners]) listener(change);
    };
    this.hold = holdMs > 0 ? new Hold(options.clock, holdMs, initial, emit) : undefined;
    const hold = this.hold;
    this.debounce = new Debounce(options.clock, debounceMs, initial, hold ? (change) => hold.feed(change.value, change.since) : emit);
    this.unsubscribe = this.pin.onEdge((level, t) => this.debounce.feed(level === this.activeLevel, t));
  }

  /** The debounced (and held) value, in the meaning of the input's name. */
  read(): boolean {
    this.assertOpen();
    return this.hold ? this.hold.value : this.debounce.value;
  }

  /**
   * s: when the wire first moved to the value read() gives (the debounced change's first edge;
   * for a held value, the hold's end), NaN before any change.
   */
  get changedAt(): number {
    return this.edgeAt;
  }

  /** Every debounced change, once. Returns the unsubscribe. */
  onChange(listener: (change: DebouncedChange) => void): () => void {
    this.assertOpen();
    return addListener(this.listeners, listener);
  }

  /** Idempotent; closes the pin and cancels pending timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.debounce.dispose();
    this.hold?.dispose();
    this.listeners.clear();
    this.pin.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new HalError("closed", this.name, "input is closed");
  }
}
