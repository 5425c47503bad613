/**
 * Ride quality per trip. The detection pipeline keeps every accelerometer reading, as the
 * sensor gave it, in a pre-roll ring (it learns that a trip started a few tenths of a second
 * after the onset); once the trip has started, the pre-roll from its onset is resolved into
 * the car frame, and each later reading comes resolved already (the detectors use it). At
 * its end the recorder returns the trip's metrics (see ride-metrics.ts). Memory is fixed at
 * creation: a pre-roll ring of `pre_roll_s × max_rate_hz` readings, and a trip buffer of
 * `max_trip_s × max_rate_hz` samples allocated at the first trip; a longer trip stops
 * recording and is marked truncated.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import { rideQualityOf, type RideQuality } from "./ride-metrics.ts";
import { CarFrameReading } from "../estimation/gravity-reference.ts";
import type { RideQualityConfig } from "./ride-quality-config.ts";
import { SampleBuffer } from "./sample-store.ts";

export type { RideQuality } from "./ride-metrics.ts";

/** Readings beyond this are clipped: about 100 g, more than any fitted accelerometer reports. */
const CLIP_MPS2 = 1000;

const clip = (value: number, limit: number) => Math.min(limit, Math.max(-limit, value));

/** Resolves a reading in the sensor's axes into the car frame, written into `into` (MotionEstimator.carFrameOf). */
export type CarFrameResolver = (force: Vector3, into: CarFrameReading) => void;

export class RideQualityRecorder {
  /**
   * The last `pre_roll_s` of readings in the sensor's axes, a ring of fixed size: one array
   * per column, held here rather than looked up in a ColumnRing, since every reading writes
   * all four (through a ColumnRing, valgrind counted 400 instructions a reading). Kept as they
   * came, not in the car frame: at rest, which is most of a lift's day, nothing else needs a
   * reading resolved, and only the few before a trip's start ever are.
   */
  private readonly preRollT: Float64Array;
  private readonly preRollX: Float64Array;
  private readonly preRollY: Float64Array;
  private readonly preRollZ: Float64Array;
  /** the slot the next reading goes to; once the ring is full, the oldest reading's */
  private preRollNext = 0;
  private preRollSize = 0;
  private lastKeptT = -Infinity;
  private trip?: SampleBuffer;
  private open = false;
  private truncated = false;
  /** the open trip's onset while its pre-roll waits to be resolved; NaN once it has been, and while no trip is open */
  private preRollOnset = NaN;
  private lastRecordedT = -Infinity;
  private readonly clipMps2 = CLIP_MPS2;
  /** a pre-roll row as the resolver takes it, and what it gives */
  private readonly row: Vector3 = { x: 0, y: 0, z: 0 };
  private readonly resolved = new CarFrameReading();

  /**
   * `toCarFrame`: the car frame as it stands when the trip's first reading is recorded. The
   * gravity reference holds still through a run and was put back, as its start was
   * recognised, to what it was before the onset: the pre-roll is resolved by that, not by a
   * reference still learning the start's first rise.
   */
  constructor(private readonly config: RideQualityConfig, private readonly toCarFrame: CarFrameResolver) {
    const rows = Math.max(1, Math.ceil(config.pre_roll_s * config.max_rate_hz) + 1);
    this.preRollT = new Float64Array(rows);
    this.preRollX = new Float64Array(rows);
    this.preRollY = new Float64Array(rows);
    this.preRollZ = new Float64Array(rows);
  }

  /** True while a trip is being recorded. */
  get recording(): boolean {
    return this.open;
  }

  /**
   * Every reading, in the sensor's axes (m/s²), at `t` in s: the pre-roll keeps the last
   * `pre_roll_s`. A reading with a non-finite value or a time not after the last is ignored.
   * The reading comes as the caller's object, not as three numbers: each double handed to a
   * call V8 does not inline is boxed, and this runs for every reading.
   */
  keep(t: number, force: Readonly<Vector3>): void {
    const { x, y, z } = force;
    // Scalars, not arrays: this runs for every reading.
    if (!(Number.isFinite(t) && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z)) || t <= this.lastKeptT) return;
    this.lastKeptT = t;
    const slot = this.preRollNext;
    this.preRollT[slot] = t;
    this.preRollX[slot] = x;
    this.preRollY[slot] = y;
    this.preRollZ[slot] = z;
    const rows = this.preRollT.length;
    this.preRollNext = slot + 1 === rows ? 0 : slot + 1;
    if (this.preRollSize < rows) this.preRollSize++;
  }

  /**
   * While a trip is recorded: one reading in the car frame, m/s², vertical with gravity
   * removed and positive up (one the pre-roll resolved already is not taken twice). Ignored
   * as keep() ignores a reading.
   */
  record(t: number, reading: Readonly<CarFrameReading>): void {
    if (!this.open) return;
    if (!Number.isNaN(this.preRollOnset)) this.resolvePreRoll();
    this.append(t, reading);
  }

  /** A trip began at `onset` (s): recording starts with the pre-roll readings at or after it. */
  tripStarted(onset: number): void {
    this.trip ??= new SampleBuffer(Math.ceil(this.config.max_trip_s * this.config.max_rate_hz));
    this.trip.clear();
    this.open = true;
    this.truncated = false;
    this.lastRecordedT = -Infinity;
    // Resolved at the first reading recorded, once the reference is back to before the onset.
    this.preRollOnset = Number.isNaN(onset) ? -Infinity : onset;
  }

  /** The trip ran from `start` to `end` (s): its metrics, or undefined with too few samples. The trip is then forgotten. */
  tripEnded(start: number, end: number): RideQuality | undefined {
    if (!Number.isNaN(this.preRollOnset)) this.resolvePreRoll();
    const result = this.open && this.trip ? rideQualityOf(this.trip.between(start, end), this.config, this.truncated) : undefined;
    this.tripAbandoned();
    return result;
  }

  /** The movement was not a trip after all: forget it. */
  tripAbandoned(): void {
    this.open = false;
    this.truncated = false;
    this.preRollOnset = NaN;
    this.trip?.clear();
  }

  /** The pre-roll's readings at or after the open trip's onset, oldest first, into the trip in the car frame. */
  private resolvePreRoll(): void {
    const onset = this.preRollOnset;
    this.preRollOnset = NaN;
    const rows = this.preRollT.length;
    const row = this.row;
    // Oldest first: the ring's oldest reading is `preRollSize` slots behind the next one.
    let slot = (this.preRollNext - this.preRollSize + rows) % rows;
    for (let index = 0; index < this.preRollSize; index++, slot = slot + 1 === rows ? 0 : slot + 1) {
      if (this.preRollT[slot] < onset) continue;
      row.x = this.preRollX[slot];
      row.y = this.preRollY[slot];
      row.z = this.preRollZ[slot];
      this.toCarFrame(row, this.resolved);
      this.append(this.preRollT[slot], this.resolved);
    }
  }

  /** One sample in the car frame into the open trip, clipped; a non-finite one, or one not after the last, is ignored. */
  private append(t: number, { vertical, horizontalA, horizontalB }: Readonly<CarFrameReading>): void {
    if (!(Number.isFinite(t) && Number.isFinite(vertical) && Number.isFinite(horizontalA) && Number.isFinite(horizontalB)) || t <= this.lastRecordedT) return;
    this.lastRecordedT = t;
    // The limit read once from this object, not three times from the module's scope (V8 does
    // not take a module's const as constant: it loads and checks it at each use).
    const limit = this.clipMps2;
    if (!this.trip!.append(t, clip(vertical, limit), clip(horizontalA, limit), clip(horizontalB, limit))) this.truncated = true;
  }
}
