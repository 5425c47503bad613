/**
 * Running median of the last few samples: removes isolated spikes (a phone barometer's
 * pressure transients, a bad read) without smearing a step. O(size) per sample, size small.
 * The output stands for the middle of the window: `centreT` is the time to give it.
 */
export class RunningMedian {
  private readonly ring: number[] = [];
  private readonly times: number[] = [];
  private next = 0;
  private readonly sorted: number[] = [];

  constructor(private readonly size: number) {}

  update(value: number, t = 0): number {
    const size = Math.max(1, Math.round(this.size));
    if (this.ring.length < size) {
      this.ring.push(value);
      this.times.push(t);
    } else {
      this.ring[this.next] = value;
      this.times[this.next] = t;
      this.next = (this.next + 1) % size;
    }
    this.sorted.length = 0;
    for (const item of this.ring) this.sorted.push(item);
    this.sorted.sort((a, b) => a - b);
    const middle = this.sorted.length >> 1;
    return this.sorted.length % 2 === 1 ? this.sorted[middle] : (this.sorted[middle - 1] + this.sorted[middle]) / 2;
  }

  /** How many readings of the window lie within `tolerance` of `value`. */
  countWithin(value: number, tolerance: number): number {
    let count = 0;
    for (const item of this.ring) if (Math.abs(item - value) <= tolerance) count++;
    return count;
  }

  /** Time of the middle reading of the window. */
  get centreT(): number {
    const count = this.times.length;
    const oldest = count < Math.max(1, Math.round(this.size)) ? 0 : this.next;
    return this.times[(oldest + (count >> 1)) % count];
  }

  reset(): void {
    this.ring.length = 0;
    this.times.length = 0;
    this.next = 0;
  }
}
