/**
 * Debounce: a small named filter on the box clock. The output follows the input only once
 * the input has held a new value for `stableMs` without a change; chatter shorter than that
 * never reaches the output. One real change gives exactly one output change, `stableMs`
 * after the last bounce. Each output change also says when the input first left the old
 * value (`since`), which is when the contact really moved (the leveling estimate wants that).
 */
import type { Clock } from "../../clock.ts";

export interface DebouncedChange {
  value: boolean;
  /** s, box clock, when the change was confirmed (stableMs after the last bounce) */
  t: number;
  /** s, box clock, the first input edge of this change (the contact's real moment) */
  since: number;
}

export class Debounce {
  private output: boolean;
  private input: boolean;
  private timer: number | undefined;
  /** s, first input edge away from the output value in the running episode; NaN when settled. */
  private firstEdgeT = NaN;

  constructor(
    private readonly clock: Clock,
    /** ms the input must hold still; 0 passes every change straight through */
    private readonly stableMs: number,
    initial: boolean,
    private readonly onChange: (change: DebouncedChange) => void,
  ) {
    if (!(stableMs >= 0)) throw new RangeError(`debounce: stable time must be ≥ 0 ms, got ${stableMs}`);
    this.output = initial;
    this.input = initial;
  }

  get value(): boolean {
    return this.output;
  }

  /** An input edge at `t` (s, box clock; default now). */
  feed(value: boolean, t = this.clock.now() / 1000): void {
    if (value === this.input) return;
    this.input = value;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (value === this.output) {
      // Bounced back before it held: no change. If it stays back, this was a glitch, and the
      // next real change starts its own episode.
      if (this.stableMs > 0) this.timer = this.clock.setTimeout(() => this.endEpisode(), this.stableMs);
      else this.endEpisode();
      return;
    }
    if (Number.isNaN(this.firstEdgeT)) this.firstEdgeT = t;
    if (this.stableMs === 0) this.settle();
    else this.timer = this.clock.setTimeout(() => this.settle(), this.stableMs);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private endEpisode(): void {
    this.timer = undefined;
    this.firstEdgeT = NaN;
  }

  private settle(): void {
    this.timer = undefined;
    this.output = this.input;
    const since = this.firstEdgeT;
    this.firstEdgeT = NaN;
    this.onChange({ value: this.output, t: this.clock.now() / 1000, since });
  }
}
