/**
 * Finds "up" from gravity, whatever the mount's tilt, and turns each 3-axis reading into the
 * car's vertical acceleration. The reference (direction and length of the specific force at
 * rest, so the accelerometer's bias along it is removed too) only learns while the car is
 * at rest; during a movement it is frozen.
 */
import type { Vector3 } from "../../hal/sensors.ts";

/**
 * A calm reading after handling within this of the reference (angle, and |force| for a car
 * starting meanwhile) means the box sits as it did. 3° is far beyond noise and far below
 * what putting a box or phone down again gives.
 */
const SAME_MOUNT_RAD = (3 * Math.PI) / 180;
const SAME_MOUNT_MPS2 = 0.3;
const MAX_READING_S = 0.1;
/**
 * A reference started from the mount's calibration is checked against the mean of the first
 * readings over this long (s): less than any start hold, so no run begins on it unchecked.
 */
const SEED_CHECK_S = 0.1;
/**
 * ... and kept only if that mean's vertical part is within this of the calibrated |g| (m/s²):
 * well under a start threshold, above a few mg of offset drift and a tenth of a second's noise.
 */
const SEED_VERTICAL_MPS2 = 0.05;

export class GravityReference {
  private reference?: Vector3;
  private learnedS = 0;
  private disturbed = false;
  /** the reference as it was at the last quiet reading, while young */
  private readonly quiet = { x: 0, y: 0, z: 0, learnedS: -1 };
  /** the readings' sum while a calibrated start is checked */
  private seedCheck?: { x: number; y: number; z: number; count: number; seconds: number };

  /** `warmupS`: a fresh reference averages this long before it is trusted for starts. */
  constructor(private readonly trackingS: number, private readonly warmupS = 0) {}

  /**
   * Starts from the mount's calibration (gravity's direction times |g|), warm at once, so a
   * run starting right after boot is measured. The first readings must confirm it (check()).
   */
  startFrom(reference: Vector3): void {
    this.reference = { ...reference };
    // As good as a reference that has tracked a while (the mount averaged seconds at rest): a
    // start's first rise, below the start threshold, must not leak into it at a warm-up's pace.
    this.learnedS = Math.max(this.warmupS, this.trackingS);
    this.seedCheck = { x: 0, y: 0, z: 0, count: 0, seconds: 0 };
  }

  /**
   * While a calibrated start is unconfirmed, each reading is weighed against it: one that
   * does not sit as calibrated (3°, 0.3 m/s²), or a first tenth of a second whose mean does
   * not (3°, and 0.05 m/s² along gravity), means the box was moved or its chip drifted since:
   * the start is dropped and the reference learnt afresh, as without a calibration.
   */
  check(force: Vector3, dtS: number): void {
    const pending = this.seedCheck;
    if (!pending) return;
    if (!this.sitsAsBefore(force)) return this.dropSeed();
    pending.x += force.x;
    pending.y += force.y;
    pending.z += force.z;
    pending.count += 1;
    pending.seconds += Math.min(Math.max(dtS, 0), MAX_READING_S);
    if (pending.seconds < SEED_CHECK_S) return;
    this.seedCheck = undefined;
    const mean = { x: pending.x / pending.count, y: pending.y / pending.count, z: pending.z / pending.count };
    const vertical = this.verticalAcceleration(mean);
    if (!this.sitsAsBefore(mean) || Math.abs(vertical) > SEED_VERTICAL_MPS2) this.dropSeed();
  }

  private dropSeed(): void {
    this.seedCheck = undefined;
    this.reset();
  }

  /** The reference has averaged long enough since it (re)started to be trusted. */
  get isWarm(): boolean {
    return this.reference !== undefined && this.learnedS >= this.warmupS;
  }

  /** Vertical acceleration of the car, m/s², positive up, gravity removed. */
  verticalAcceleration(force: Vector3): number {
    const reference = this.reference ?? force;
    const length = Math.hypot(reference.x, reference.y, reference.z) || 1;
    return (force.x * reference.x + force.y * reference.y + force.z * reference.z) / length - length;
  }

  /**
   * Learns from a reading taken at rest; the first seconds average, then it tracks slowly.
   * `handled`: the box is being carried or knocked about; the reading is skipped, and the
   * next calm reading starts the reference afresh (a box picked up and put down again, or
   * switched on in someone's hand, sits differently afterwards).
   */
  learn(force: Vector3, dtS: number, handled = false): void {
    if (handled) {
      this.disturbed = true;
      return;
    }
    if (this.disturbed) {
      this.disturbed = false;
      // A box bolted to a car that was only shaken (people jumping) still sits as it did:
      // its warm reference stays. One moved to another attitude starts afresh.
      if (!this.sitsAsBefore(force)) this.reset();
    }
    if (!this.reference) {
      this.reference = { ...force };
      return;
    }
    // One reading stands for at most a tenth of a second: after a gap in the data (a bus
    // fault), the first reading, perhaps taken as the car starts, must not become gravity.
    const step = Math.min(Math.max(dtS, 0), MAX_READING_S);
    this.learnedS += step;
    const timeConstant = Math.min(this.trackingS, Math.max(this.learnedS, step));
    const gain = 1 - Math.exp(-step / timeConstant);
    this.reference.x += gain * (force.x - this.reference.x);
    this.reference.y += gain * (force.y - this.reference.y);
    this.reference.z += gain * (force.z - this.reference.z);
  }

  private sitsAsBefore(force: Vector3): boolean {
    const reference = this.reference;
    if (!reference) return false;
    const length = Math.hypot(reference.x, reference.y, reference.z);
    const forceLength = Math.hypot(force.x, force.y, force.z);
    if (Math.abs(forceLength - length) > SAME_MOUNT_MPS2) return false;
    const cosine = (force.x * reference.x + force.y * reference.y + force.z * reference.z) / (length * forceLength);
    return cosine >= Math.cos(SAME_MOUNT_RAD);
  }

  /** The box was handled since the reference last learnt: the next calm reading restarts it. */
  get isDisturbed(): boolean {
    return this.disturbed;
  }

  /** Marks this reading quiet: what restoreQuiet() goes back to. */
  markQuiet(): void {
    if (!this.reference) return;
    Object.assign(this.quiet, this.reference, { learnedS: this.learnedS });
  }

  /** How long the reference had learnt at the last quiet reading, s (-1: none since it started). */
  get quietAgeS(): number {
    return this.quiet.learnedS;
  }

  /**
   * Undoes what was learnt since the last quiet reading: the rise of a start that began
   * while the reference was young, which its short averaging time would have half absorbed.
   */
  restoreQuiet(): void {
    if (!this.reference || this.quiet.learnedS < 0) return;
    this.reference.x = this.quiet.x;
    this.reference.y = this.quiet.y;
    this.reference.z = this.quiet.z;
    this.learnedS = this.quiet.learnedS;
  }

  /** Forgets the reference: the next reading at rest starts it again. */
  reset(): void {
    this.reference = undefined;
    this.learnedS = 0;
    this.quiet.learnedS = -1;
  }

  /**
   * The reading resolved in the car frame: vertical (as verticalAcceleration) and two
   * horizontal components along an arbitrary pair of axes square to gravity (the mount's yaw
   * is unknown without calibration, so only the horizontal magnitude means something).
   */
  carFrame(force: Vector3): [vertical: number, horizontalA: number, horizontalB: number] {
    // Scalars, not vectors: this runs for every sample, and each object made is garbage.
    const reference = this.reference ?? force;
    const length = Math.hypot(reference.x, reference.y, reference.z) || 1;
    const upX = reference.x / length;
    const upY = reference.y / length;
    const upZ = reference.z / length;
    // First horizontal axis: the sensor axis least aligned with up, with its vertical part removed.
    const absX = Math.abs(upX);
    const absY = Math.abs(upY);
    const absZ = Math.abs(upZ);
    const axis = absX <= absY && absX <= absZ ? 0 : absY <= absZ ? 1 : 2;
    const along = axis === 0 ? upX : axis === 1 ? upY : upZ;
    let aX = (axis === 0 ? 1 : 0) - along * upX;
    let aY = (axis === 1 ? 1 : 0) - along * upY;
    let aZ = (axis === 2 ? 1 : 0) - along * upZ;
    const aLength = Math.hypot(aX, aY, aZ) || 1;
    aX /= aLength;
    aY /= aLength;
    aZ /= aLength;
    const bX = upY * aZ - upZ * aY;
    const bY = upZ * aX - upX * aZ;
    const bZ = upX * aY - upY * aX;
    return [force.x * upX + force.y * upY + force.z * upZ - length, force.x * aX + force.y * aY + force.z * aZ, force.x * bX + force.y * bY + force.z * bZ];
  }

  /** |specific force| at rest, m/s²: ≈ 9.81 on a healthy sensor. */
  get magnitude(): number | undefined {
    return this.reference && Math.hypot(this.reference.x, this.reference.y, this.reference.z);
  }
}
