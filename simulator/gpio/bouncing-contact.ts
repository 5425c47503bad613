/**
 * A mechanical contact wired to a virtual GPIO line, that bounces. Each change of the contact
 * (`close()` / `open()` / `set()`) moves the wire to the new level at once, then chatters:
 * random transitions for a bounce time drawn from [bounce_min_ms, bounce_max_ms], each gap
 * drawn from [gap_min_ms, gap_max_ms], then it settles at the new level. Every transition is
 * a timer on the virtual clock, so the edges the pins see carry their virtual times. Seeded:
 * the same seed bounces the same way.
 *
 * Typical figures: small switches bounce for a few milliseconds (domain.md; published
 * switch-bounce measurements put most under 10 ms), with gaps of tens to hundreds of
 * microseconds. The default gap range is a plausible guess, not a measurement.
 */
import type { Clock } from "../../hal/clock.ts";
import type { Level } from "../../hal/io/digital.ts";
import { SeededRandom } from "../random.ts";
import type { VirtualGpioLine } from "./virtual-gpio-chip.ts";

export interface BouncingContactOptions {
  clock: Clock;
  line: VirtualGpioLine;
  /** Level the line carries while the contact is closed; default 0 (contact to ground, pull-up). */
  closed_level?: Level;
  /** Whether the contact starts closed; default false. The line is driven to match at once. */
  initially_closed?: boolean;
  /** ms, shortest bounce after a change; default 1. */
  bounce_min_ms?: number;
  /** ms, longest bounce after a change; default 5. */
  bounce_max_ms?: number;
  /** ms, shortest time between two bounce transitions; default 0.05. */
  gap_min_ms?: number;
  /** ms, longest time between two bounce transitions; default 0.8. */
  gap_max_ms?: number;
  /** Seed of the bounce pattern; default 1. */
  seed?: number;
}

export class BouncingContact {
  private readonly clock: Clock;
  private readonly line: VirtualGpioLine;
  private readonly closedLevel: Level;
  private readonly random: SeededRandom;
  private readonly bounceMinMs: number;
  private readonly bounceMaxMs: number;
  private readonly gapMinMs: number;
  private readonly gapMaxMs: number;
  private isClosed: boolean;
  private timer: number | undefined;
  private settleAtMs = 0;

  constructor(options: BouncingContactOptions) {
    this.clock = options.clock;
    this.line = options.line;
    this.closedLevel = options.closed_level ?? 0;
    this.bounceMinMs = options.bounce_min_ms ?? 1;
    this.bounceMaxMs = options.bounce_max_ms ?? 5;
    this.gapMinMs = options.gap_min_ms ?? 0.05;
    this.gapMaxMs = options.gap_max_ms ?? 0.8;
    if (!(this.bounceMinMs >= 0 && this.bounceMaxMs >= this.bounceMinMs && this.gapMinMs > 0 && this.gapMaxMs >= this.gapMinMs)) {
      throw new RangeError(`bouncing contact on ${this.line.name}: need 0 ≤ bounce_min_ms ≤ bounce_max_ms and 0 < gap_min_ms ≤ gap_max_ms`);
    }
    this.random = new SeededRandom(options.seed ?? 1);
    this.isClosed = options.initially_closed ?? false;
    this.line.drive(this.levelWhen(this.isClosed));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Whether the wire is still chattering after the last change. */
  get bouncing(): boolean {
    return this.timer !== undefined;
  }

  close(): void {
    this.set(true);
  }

  open(): void {
    this.set(false);
  }

  /** Changes the contact now; a change during a bounce starts a new bounce from the new state. */
  set(closed: boolean): void {
    if (closed === this.isClosed) return;
    this.isClosed = closed;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.line.drive(this.levelWhen(closed));
    const bounceMs = this.bounceMinMs + (this.bounceMaxMs - this.bounceMinMs) * this.random.next();
    this.settleAtMs = this.clock.now() + bounceMs;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const gap = this.gapMinMs + (this.gapMaxMs - this.gapMinMs) * this.random.next();
    const settling = this.clock.now() + gap >= this.settleAtMs;
    this.timer = this.clock.setTimeout(
      () => {
        if (settling) {
          this.timer = undefined;
          this.line.drive(this.levelWhen(this.isClosed));
        } else {
          this.line.drive(this.line.level === 1 ? 0 : 1);
          this.scheduleNext();
        }
      },
      settling ? this.settleAtMs - this.clock.now() : gap,
    );
  }

  private levelWhen(closed: boolean): Level {
    return closed ? this.closedLevel : this.closedLevel === 1 ? 0 : 1;
  }
}
