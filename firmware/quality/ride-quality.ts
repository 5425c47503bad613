/**
 * Ride quality per trip. The detection pipeline feeds every accelerometer sample, already in
 * the car frame, and says when a trip started (it learns that a few tenths of a second after
 * the onset, hence the pre-roll) and when it ended; the recorder returns the trip's metrics
 * (see ride-metrics.ts). Memory is fixed at creation: a pre-roll ring of
 * `pre_roll_s × max_rate_hz` samples, and a trip buffer of `max_trip_s × max_rate_hz`
 * samples allocated at the first trip; a longer trip stops recording and is marked truncated.
 */
import { rideQualityOf, type RideQuality } from "./ride-metrics.ts";
import type { CarFrameReading } from "../estimation/gravity-reference.ts";
import type { RideQualityConfig } from "./ride-quality-config.ts";
import { SampleBuffer } from "./sample-store.ts";

export type { RideQuality } from "./ride-metrics.ts";

/** Readings beyond this are clipped: about 100 g, more than any fitted accelerometer reports. */
const CLIP_MPS2 = 1000;

const clip = (value: number, limit: number) => Math.min(limit, Math.max(-limit, value));

export class RideQualityRecorder {
  /**
   * The last `pre_roll_s` of samples, a ring of fixed size: one array per column, held here
   * rather than looked up in a ColumnRing, since every sample writes all four (through a
   * ColumnRing, valgrind counted 400 instructions a sample, a tenth of the pipeline's work).
   */
  private readonly preRollT: Float64Array;
  private readonly preRollVertical: Float64Array;
  private readonly preRollX: Float64Array;
  private readonly preRollY: Float64Array;
  /** the slot the next sample goes to; once the ring is full, the oldest sample's */
  private preRollNext = 0;
  private preRollSize = 0;
  private trip?: SampleBuffer;
  private open = false;
  private truncated = false;
  private lastT = -Infinity;
  private readonly clipMps2 = CLIP_MPS2;

  constructor(private readonly config: RideQualityConfig) {
    const rows = Math.max(1, Math.ceil(config.pre_roll_s * config.max_rate_hz) + 1);
    this.preRollT = new Float64Array(rows);
    this.preRollVertical = new Float64Array(rows);
    this.preRollX = new Float64Array(rows);
    this.preRollY = new Float64Array(rows);
  }

  /** True while a trip is being recorded. */
  get recording(): boolean {
    return this.open;
  }

  /**
   * One sample: `t` in s; the reading in the car frame, m/s², vertical with gravity removed and
   * positive up. Samples with a non-finite value or a time not after the last are ignored. The
   * reading comes as the object the pipeline writes in place, not as three numbers: each double
   * handed to a call V8 does not inline is boxed, and this runs for every sample (bench:profile:
   * 27,000 instructions per simulated second fewer, 2 %, caller and recorder together).
   */
  push(t: number, { vertical, horizontalA, horizontalB }: Readonly<CarFrameReading>): void {
    // Scalars, not arrays: this runs for every sample.
    if (!(Number.isFinite(t) && Number.isFinite(vertical) && Number.isFinite(horizontalA) && Number.isFinite(horizontalB)) || t <= this.lastT) return;
    this.lastT = t;
    // The limit read once from this object, not three times from the module's scope (V8 does
    // not take a module's const as constant: it loads and checks it at each use).
    const limit = this.clipMps2;
    const v = clip(vertical, limit);
    const x = clip(horizontalA, limit);
    const y = clip(horizontalB, limit);
    const slot = this.preRollNext;
    this.preRollT[slot] = t;
    this.preRollVertical[slot] = v;
    this.preRollX[slot] = x;
    this.preRollY[slot] = y;
    const rows = this.preRollT.length;
    this.preRollNext = slot + 1 === rows ? 0 : slot + 1;
    if (this.preRollSize < rows) this.preRollSize++;
    if (this.open && this.trip && !this.trip.append(t, v, x, y)) this.truncated = true;
  }

  /** A trip began at `onset` (s): recording starts with the pre-roll samples at or after it. */
  tripStarted(onset: number): void {
    this.trip ??= new SampleBuffer(Math.ceil(this.config.max_trip_s * this.config.max_rate_hz));
    const trip = this.trip;
    trip.clear();
    this.open = true;
    this.truncated = false;
    const rows = this.preRollT.length;
    // Oldest first: the ring's oldest sample is `preRollSize` slots behind the next one.
    let slot = (this.preRollNext - this.preRollSize + rows) % rows;
    for (let row = 0; row < this.preRollSize; row++, slot = slot + 1 === rows ? 0 : slot + 1) {
      if (this.preRollT[slot] < onset) continue;
      if (!trip.append(this.preRollT[slot], this.preRollVertical[slot], this.preRollX[slot], this.preRollY[slot])) this.truncated = true;
    }
  }

  /** The trip ran from `start` to `end` (s): its metrics, or undefined with too few samples. The trip is then forgotten. */
  tripEnded(start: number, end: number): RideQuality | undefined {
    const result = this.open && this.trip ? rideQualityOf(this.trip.between(start, end), this.config, this.truncated) : undefined;
    this.tripAbandoned();
    return result;
  }

  /** The movement was not a trip after all: forget it. */
  tripAbandoned(): void {
    this.open = false;
    this.truncated = false;
    this.trip?.clear();
  }
}
