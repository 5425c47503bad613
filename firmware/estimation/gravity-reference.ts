/**
 * Finds "up" from gravity, whatever the mount's tilt, and turns each 3-axis reading into the
 * car's vertical acceleration. The reference (direction and length of the specific force at
 * rest, so the accelerometer's bias along it is removed too) only learns while the car is
 * at rest; during a movement it is frozen.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import { StepGain } from "../conditioning/filters.ts";
import { vectorLength } from "../conditioning/vector-length.ts";

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

/**
 * m/s²: a warm reference's length moving on by more than this was not learnt at rest (see
 * mayHoldMotion). Part of a braking left in it matters from a few hundredths: 0.05 m/s² is
 * 0.4 m/s over an 8 s run, and what is left shrinks as the reference learns the car at rest. A
 * noisy chip's one-second warm-up keeps about 0.005 of its noise (0.05 m/s² read at 50 Hz).
 */
const WARM_MOVED_MPS2 = 0.02;

/**
 * How long (s) after a car begins to accelerate its smoothed vertical acceleration may still
 * read quiet: the 0.12 s smoothing and a soft start's jerk. Gravity is taken from before it.
 */
const ONSET_LAG_S = 0.25;

/** The reference at some moment (learnedS -1: no mark). */
interface ReferenceMark {
  x: number;
  y: number;
  z: number;
  learnedS: number;
}

/** One reading resolved in the car frame, m/s²: written in place, read at once (see carFrame). */
export class CarFrameReading {
  /** + up, gravity removed */
  vertical = NaN;
  horizontalA = NaN;
  horizontalB = NaN;
}

export class GravityReference {
  /**
   * The reference, m/s², in sensor axes; `hasReference` false until it is learnt. Three
   * numbers rather than a vector object: read and written for every sample, they must stay
   * plain doubles (a vector copied from a reading takes that reading's shape, and mixing
   * shapes makes V8 allocate on every access).
   */
  private referenceX = 0;
  private referenceY = 0;
  private referenceZ = 0;
  private hasReference = false;
  /** the car frame's axes for the reference: made again only when it changes (see CarAxes) */
  private readonly axes = new CarAxes();
  private learnedS = 0;
  private readonly learningGain = new StepGain();
  private disturbed = false;
  /** the reference as it was at the last quiet reading */
  private readonly quiet: ReferenceMark = { x: 0, y: 0, z: 0, learnedS: -1 };
  /** a quiet reading's reference, waiting to become beforeOnset once ONSET_LAG_S has been learnt since */
  private readonly candidate: ReferenceMark = { x: 0, y: 0, z: 0, learnedS: -1 };
  /** the reference at a quiet reading ONSET_LAG_S to 2 × ONSET_LAG_S of learning before the last */
  private readonly beforeOnset: ReferenceMark = { x: 0, y: 0, z: 0, learnedS: -1 };
  /**
   * (m/s²)²: the mean square of a reading's departure from the reference along it, at rest
   * (the chip's noise and the car's sway, per motion step), and what averaging that noise
   * leaves in the reference's length (see offsetVariance)
   */
  private readingVariance = 0;
  private averagedVariance = 0;
  /** m/s²: the reference's length when it last became warm (NaN: not warm since it started) */
  private warmLength = NaN;
  /** (m/s²)²: the least and greatest squared length it has had since it became warm */
  private leastSquared = Infinity;
  private greatestSquared = 0;
  /** the readings' sum while a calibrated start is checked */
  private seedCheck?: { x: number; y: number; z: number; count: number; seconds: number };

  /** `warmupS`: a fresh reference averages this long before it is trusted for starts. */
  constructor(private readonly trackingS: number, private readonly warmupS = 0) {}

  /**
   * Starts from the mount's calibration (gravity's direction times |g|), warm at once, so a
   * run starting right after boot is measured. The first readings must confirm it (check()).
   */
  startFrom(reference: Vector3): void {
    this.setReference(reference.x, reference.y, reference.z);
    // As good as a reference that has tracked a while (the mount averaged seconds at rest): a
    // start's first rise, below the start threshold, must not leak into it at a warm-up's pace.
    this.learnedS = Math.max(this.warmupS, this.trackingS);
    this.markWarm();
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
    if (this.sitting(force) !== "asBefore") return this.dropSeed();
    pending.x += force.x;
    pending.y += force.y;
    pending.z += force.z;
    pending.count += 1;
    pending.seconds += Math.min(Math.max(dtS, 0), MAX_READING_S);
    if (pending.seconds < SEED_CHECK_S) return;
    this.seedCheck = undefined;
    const mean = { x: pending.x / pending.count, y: pending.y / pending.count, z: pending.z / pending.count };
    const vertical = this.verticalAcceleration(mean);
    if (this.sitting(mean) !== "asBefore" || Math.abs(vertical) > SEED_VERTICAL_MPS2) this.dropSeed();
  }

  private dropSeed(): void {
    this.seedCheck = undefined;
    this.reset();
  }

  /** The reference has averaged long enough since it (re)started to be trusted. */
  get isWarm(): boolean {
    return this.hasReference && this.learnedS >= this.warmupS;
  }

  /** Vertical acceleration of the car, m/s², positive up, gravity removed (carFrame's vertical). */
  verticalAcceleration(force: Vector3): number {
    const reading = new CarFrameReading();
    this.carFrame(force, reading);
    return reading.vertical;
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
      // A box bolted to a car that was only shaken (people jumping) still sits as it did:
      // its warm reference stays. One moved to another attitude starts afresh. A reading at
      // the old angle but of another |force| is the car still bouncing on its ropes (or
      // starting), along gravity: it tells nothing yet, and is not learnt.
      const sitting = this.sitting(force);
      if (sitting === "turned") this.reset();
      else if (sitting === "bouncing") return;
      this.disturbed = false;
    }
    const x = force.x;
    const y = force.y;
    const z = force.z;
    if (!this.hasReference) {
      this.averagedVariance = this.readingVariance;
      return this.setReference(x, y, z);
    }
    // One reading stands for at most a tenth of a second: after a gap in the data (a bus
    // fault), the first reading, perhaps taken as the car starts, must not become gravity.
    const step = Math.min(Math.max(dtS, 0), MAX_READING_S);
    // One standing for no time (a trace's repeated time stamp) teaches nothing: before any
    // time was learnt, its gain would be 0/0, and the reference NaN for good.
    if (step === 0) return;
    this.learnedS += step;
    const timeConstant = Math.min(this.trackingS, Math.max(this.learnedS, step));
    const gain = this.learningGain.of(step, timeConstant);
    this.weighNoise(x, y, z, gain);
    this.referenceX += gain * (x - this.referenceX);
    this.referenceY += gain * (y - this.referenceY);
    this.referenceZ += gain * (z - this.referenceZ);
    if (Number.isNaN(this.warmLength)) {
      if (this.learnedS >= this.warmupS) this.markWarm();
      return;
    }
    const squared = this.referenceX * this.referenceX + this.referenceY * this.referenceY + this.referenceZ * this.referenceZ;
    if (squared < this.leastSquared) this.leastSquared = squared;
    if (squared > this.greatestSquared) this.greatestSquared = squared;
  }

  private markWarm(): void {
    const length = (this.warmLength = vectorLength(this.referenceX, this.referenceY, this.referenceZ));
    this.leastSquared = this.greatestSquared = length * length;
  }

  /**
   * What it has learnt may hold a movement of the car, seen now to be at rest: it is still
   * warming up, or its length has moved since it became warm by more than WARM_MOVED_MPS2 at
   * any time since. At rest it holds still; one that warmed up on the readings of a car still
   * braking (a box booting as its car stops) moves on by that braking as it learns the car at
   * rest, and until it has, a run integrates what is left as speed. A hydraulic lift brakes so
   * gently that the reference learns the braking too, and may be back near its warm length by
   * the time the door opens. (The noise the reference kept is no measure of what is allowed:
   * a warm-up in a braking inflates it.)
   */
  get mayHoldMotion(): boolean {
    if (!this.hasReference) return false;
    if (Number.isNaN(this.warmLength)) return true;
    return Math.sqrt(this.greatestSquared) - this.warmLength > WARM_MOVED_MPS2 || this.warmLength - Math.sqrt(this.leastSquared) > WARM_MOVED_MPS2;
  }

  /**
   * (m/s²)², one σ squared: how far the noise the reference averaged may put its length off
   * gravity's, which a run integrates as an offset. A first-order average of readings of
   * variance σ² is left with σ²·g/(2 − g) at gain g (σ·√(dt/2τ)): 0.002 m/s² for a chip of
   * 0.043 m/s² at 50 Hz, 0.0002 for 0.01 m/s² at 400 Hz. Warming up, each reading weighs more.
   */
  get offsetVariance(): number {
    return this.averagedVariance;
  }

  /** A reading at rest, about to be learnt with `gain`: how noisy readings are, and what the average keeps of it. */
  private weighNoise(x: number, y: number, z: number, gain: number): void {
    const length = vectorLength(this.referenceX, this.referenceY, this.referenceZ);
    const along = ((x - this.referenceX) * this.referenceX + (y - this.referenceY) * this.referenceY + (z - this.referenceZ) * this.referenceZ) / length;
    this.readingVariance += gain * (along * along - this.readingVariance);
    this.averagedVariance = (1 - gain) * (1 - gain) * this.averagedVariance + gain * gain * this.readingVariance;
  }

  private setReference(x: number, y: number, z: number): void {
    this.referenceX = x;
    this.referenceY = y;
    this.referenceZ = z;
    this.hasReference = true;
  }

  /**
   * How a reading sits against the reference: as before (within SAME_MOUNT_RAD and
   * SAME_MOUNT_MPS2), turned (another direction, or no reference), or bouncing (the old
   * direction, another |force|).
   */
  private sitting(force: Vector3): "asBefore" | "turned" | "bouncing" {
    if (!this.hasReference) return "turned";
    const x = force.x;
    const y = force.y;
    const z = force.z;
    const length = vectorLength(this.referenceX, this.referenceY, this.referenceZ);
    const forceLength = vectorLength(x, y, z);
    const cosine = (x * this.referenceX + y * this.referenceY + z * this.referenceZ) / (length * forceLength);
    if (!(cosine >= Math.cos(SAME_MOUNT_RAD))) return "turned";
    return Math.abs(forceLength - length) <= SAME_MOUNT_MPS2 ? "asBefore" : "bouncing";
  }

  /** The box was handled since the reference last learnt: the next calm reading restarts it. */
  get isDisturbed(): boolean {
    return this.disturbed;
  }

  /** Marks this reading quiet: what restoreQuiet() goes back to (and, ONSET_LAG_S later, restoreBeforeOnset()). */
  markQuiet(): void {
    if (!this.hasReference) return;
    this.markInto(this.quiet);
    if (this.candidate.learnedS < 0 || this.learnedS - this.candidate.learnedS >= ONSET_LAG_S) {
      copyMark(this.candidate, this.beforeOnset);
      this.markInto(this.candidate);
    }
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
    this.restore(this.quiet);
  }

  /**
   * A run has begun: undoes what was learnt since ONSET_LAG_S (of learning) before the last
   * quiet reading. The car's first rise, before it was recognised as a start, is not gravity:
   * learnt, it reads as a steady error through the run (measured 0.004 m/s², 0.07 m/s by the
   * end of an 18 s run). The last quiet reading itself is not early enough: the smoothed
   * signal leaves the quiet band a tenth of a second or more after the car begins to move.
   */
  restoreBeforeOnset(): void {
    const mark = this.beforeOnset.learnedS >= 0 ? this.beforeOnset : this.quiet;
    // A reference in the first half of its warm-up then was not yet gravity to go back to (a
    // start seen during the warm-up has been dealt with by restoreQuiet); one later in it was an
    // average of still readings, where the one now has taken in the start's first ramp.
    if (mark.learnedS >= this.warmupS / 2) this.restore(mark);
  }

  private markInto(mark: ReferenceMark): void {
    mark.x = this.referenceX;
    mark.y = this.referenceY;
    mark.z = this.referenceZ;
    mark.learnedS = this.learnedS;
  }

  private restore(mark: ReferenceMark): void {
    if (!this.hasReference || mark.learnedS < 0) return;
    this.setReference(mark.x, mark.y, mark.z);
    this.learnedS = mark.learnedS;
    // What was marked after it was undone with it.
    for (const later of [this.quiet, this.candidate, this.beforeOnset]) if (later.learnedS > mark.learnedS) copyMark(mark, later);
  }

  /** Forgets the reference: the next reading at rest starts it again. */
  reset(): void {
    this.hasReference = false;
    this.learnedS = 0;
    this.warmLength = NaN;
    this.quiet.learnedS = -1;
    this.candidate.learnedS = -1;
    this.beforeOnset.learnedS = -1;
  }

  /**
   * The reading resolved in the car frame: vertical (gravity removed, + up) and two
   * horizontal components along an arbitrary pair of axes square to gravity (the mount's yaw
   * is unknown without calibration, so only the horizontal magnitude means something).
   */
  carFrame(force: Vector3, into: CarFrameReading): void {
    // Scalars, not vectors, and the result written in place: this runs for every sample, and
    // each object made is garbage.
    const x = force.x;
    const y = force.y;
    const z = force.z;
    const axes = this.axes;
    if (!this.hasReference) axes.update(x, y, z);
    else if (this.referenceX !== axes.ofX || this.referenceY !== axes.ofY || this.referenceZ !== axes.ofZ) axes.update(this.referenceX, this.referenceY, this.referenceZ);
    into.vertical = x * axes.upX + y * axes.upY + z * axes.upZ - axes.length;
    into.horizontalA = x * axes.aX + y * axes.aY + z * axes.aZ;
    into.horizontalB = x * axes.bX + y * axes.bY + z * axes.bZ;
  }

  /** |specific force| at rest, m/s²: ≈ 9.81 on a healthy sensor. */
  get magnitude(): number | undefined {
    return this.hasReference ? vectorLength(this.referenceX, this.referenceY, this.referenceZ) : undefined;
  }
}

function copyMark(from: ReferenceMark, to: ReferenceMark): void {
  to.x = from.x;
  to.y = from.y;
  to.z = from.z;
  to.learnedS = from.learnedS;
}

/**
 * The car frame's axes in sensor axes for one reference: up, and two horizontals. The
 * reference holds still while the car moves and changes once a motion step at rest, while
 * every reading (four a step at 400 Hz) is resolved: two square roots and six divisions a
 * reading were a tenth of the pipeline's time.
 */
class CarAxes {
  /** the reference these axes are for */
  ofX = NaN;
  ofY = NaN;
  ofZ = NaN;
  length = 1;
  upX = 0;
  upY = 0;
  upZ = 1;
  aX = 1;
  aY = 0;
  aZ = 0;
  bX = 0;
  bY = 1;
  bZ = 0;

  update(referenceX: number, referenceY: number, referenceZ: number): void {
    this.ofX = referenceX;
    this.ofY = referenceY;
    this.ofZ = referenceZ;
    const length = (this.length = vectorLength(referenceX, referenceY, referenceZ) || 1);
    const upX = (this.upX = referenceX / length);
    const upY = (this.upY = referenceY / length);
    const upZ = (this.upZ = referenceZ / length);
    // First horizontal axis: the sensor axis least aligned with up, with its vertical part removed.
    const absX = Math.abs(upX);
    const absY = Math.abs(upY);
    const absZ = Math.abs(upZ);
    const axis = absX <= absY && absX <= absZ ? 0 : absY <= absZ ? 1 : 2;
    const along = axis === 0 ? upX : axis === 1 ? upY : upZ;
    let aX = (axis === 0 ? 1 : 0) - along * upX;
    let aY = (axis === 1 ? 1 : 0) - along * upY;
    let aZ = (axis === 2 ? 1 : 0) - along * upZ;
    const aLength = vectorLength(aX, aY, aZ) || 1;
    aX /= aLength;
    aY /= aLength;
    aZ /= aLength;
    this.aX = aX;
    this.aY = aY;
    this.aZ = aZ;
    this.bX = upY * aZ - upZ * aY;
    this.bY = upZ * aX - upX * aZ;
    this.bZ = upX * aY - upY * aX;
  }
}
