/**
 * Hold: a small named filter for inputs that pulse while a condition lasts (a PIR pulses
 * with each movement, an unsmoothed opto-coupler at mains frequency). The output turns true
 * with the input at once and stays true until the input has been false for `holdMs`;
 * activity within that time extends it (retriggerable).
 */
import type { Clock } from "../../clock.ts";
import type { DebouncedChange } from "./debounce.ts";

export class Hold {
  private output: boolean;
  private timer: number | undefined;
  /** s, when the input last went false; the moment the held condition really ended */
  private fellAt = NaN;

  constructor(
    private readonly clock: Clock,
    /** ms the output outlasts the input */
    private readonly holdMs: number,
    initial: boolean,
    private readonly onChange: (change: DebouncedChange) => void,
  ) {
    if (!(holdMs >= 0)) throw new RangeError(`hold: hold time must be ≥ 0 ms, got ${holdMs}`);
    this.output = initial;
  }

  get value(): boolean {
    return this.output;
  }

  /** An input change at `since` (s, box clock): when the input really changed. */
  feed(value: boolean, since = this.clock.now() / 1000): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (value) {
      if (this.output) return; // retriggered while held
      this.output = true;
      this.onChange({ value: true, t: this.clock.now() / 1000, since });
    } else if (this.output) {
      this.fellAt = since;
      if (this.holdMs === 0) this.release();
      else this.timer = this.clock.setTimeout(() => this.release(), this.holdMs);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private release(): void {
    this.timer = undefined;
    this.output = false;
    this.onChange({ value: false, t: this.clock.now() / 1000, since: this.fellAt });
  }
}
