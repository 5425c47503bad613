/**
 * Fixed-size typed-array storage for a trip's car-frame accelerometer samples: a buffer that
 * fills until it is full. Nothing grows after creation.
 */

/** Samples in time order: s, and m/s² along vertical (+ up) and the two horizontal axes. */
export interface Samples {
  t: Float64Array;
  vertical: Float32Array;
  x: Float32Array;
  y: Float32Array;
}

/** Up to `capacity` samples in arrival order; `append` refuses once full. */
export class SampleBuffer {
  private readonly data: Samples;
  length = 0;

  constructor(readonly capacity: number) {
    const size = Math.max(1, capacity);
    this.data = { t: new Float64Array(size), vertical: new Float32Array(size), x: new Float32Array(size), y: new Float32Array(size) };
  }

  append(t: number, vertical: number, x: number, y: number): boolean {
    if (this.length >= this.capacity) return false;
    const data = this.data;
    const index = this.length++;
    data.t[index] = t;
    data.vertical[index] = vertical;
    data.x[index] = x;
    data.y[index] = y;
    return true;
  }

  clear(): void {
    this.length = 0;
  }

  /** The stored samples with start ≤ t ≤ end (views, valid until the next append or clear). */
  between(start: number, end: number): Samples {
    let from = 0;
    while (from < this.length && this.data.t[from] < start) from++;
    let to = from;
    while (to < this.length && this.data.t[to] <= end) to++;
    return {
      t: this.data.t.subarray(from, to),
      vertical: this.data.vertical.subarray(from, to),
      x: this.data.x.subarray(from, to),
      y: this.data.y.subarray(from, to),
    };
  }
}
