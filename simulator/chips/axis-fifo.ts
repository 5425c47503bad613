/**
 * The FIFO of a three-axis accelerometer as its emulators keep it: a ring of entries of three
 * 16-bit codes (x, y, z), oldest first. What the chip does when it is full (stream drops the
 * oldest, FIFO mode stops collecting) is the emulator's to say.
 */
export class AxisFifo {
  private readonly codes: Int16Array;
  private head = 0;
  count = 0;

  constructor(readonly depth: number) {
    this.codes = new Int16Array(depth * 3);
  }

  get full(): boolean {
    return this.count === this.depth;
  }

  clear(): void {
    this.head = this.count = 0;
  }

  /** Adds `entry` (x, y, z codes) as the newest; when full, the oldest goes first (stream). */
  push(entry: Int16Array): void {
    if (this.full) this.pop();
    const slot = ((this.head + this.count) % this.depth) * 3;
    this.codes[slot] = entry[0];
    this.codes[slot + 1] = entry[1];
    this.codes[slot + 2] = entry[2];
    this.count++;
  }

  /** The oldest entry's code on `axis` (0 x, 1 y, 2 z); the FIFO must not be empty. */
  oldest(axis: number): number {
    return this.codes[this.head * 3 + axis];
  }

  /** Drops the oldest entry, if any. */
  pop(): void {
    if (this.count === 0) return;
    this.head = (this.head + 1) % this.depth;
    this.count--;
  }
}
