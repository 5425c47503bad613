/**
 * The accelerometer readings a calibration keeps, four numbers each in growing typed arrays
 * rather than an object per reading: a learning run in a tall building is a quarter of an hour
 * at 400 Hz, and the box runs it inside the service's 64 MB heap.
 */
import type { AccelerationSample } from "../../hal/sensors.ts";

const INITIAL_SAMPLES = 4096;

export class AccelerationStore {
  /** t, x, y, z of each reading, in the order taken */
  private values = new Float64Array(INITIAL_SAMPLES * 4);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** s of the first reading kept */
  get firstT(): number | undefined {
    return this.count === 0 ? undefined : this.values[0];
  }

  push(sample: AccelerationSample): void {
    if ((this.count + 1) * 4 > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const offset = this.count * 4;
    this.values[offset] = sample.t;
    this.values[offset + 1] = sample.x;
    this.values[offset + 2] = sample.y;
    this.values[offset + 3] = sample.z;
    this.count++;
  }

  /** The readings with from ≤ t ≤ to, as samples, in the order taken. */
  between(fromS: number, toS: number): AccelerationSample[] {
    const samples: AccelerationSample[] = [];
    for (let index = 0; index < this.count; index++) {
      const offset = index * 4;
      const t = this.values[offset];
      if (t >= fromS && t <= toS) samples.push({ t, x: this.values[offset + 1], y: this.values[offset + 2], z: this.values[offset + 3] });
    }
    return samples;
  }

  clear(): void {
    this.count = 0;
    this.values = new Float64Array(INITIAL_SAMPLES * 4);
  }
}
