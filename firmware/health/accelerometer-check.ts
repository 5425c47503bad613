/**
 * Is this accelerometer reading worth using? Bad readings (not a number, beyond the chip's
 * range, time going back) are dropped; a run of them, a disconnected chip reading exact
 * zeros, a frozen chip repeating one reading bit for bit, or a gap in the data marks the
 * sensor faulty. The detectors then never see the reading: a dead chip is a `sensor_fault`,
 * never a free fall.
 *
 * A chip is taken for frozen only once it has shown noise: its readings going back and forth by
 * small steps, several times between two still stretches. A synthetic trace's ideal readings
 * (exact, constant at rest and through a cruise) never do, and were taken for a frozen chip:
 * dropped, the car's motion unseen, its overspeed unraised. So is a chip frozen from its first
 * reading, which its readings alone cannot tell from an ideal one.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import type { HealthConfig } from "../config/schema.ts";
import type { SensorHealth } from "./sensor-health.ts";
import { round } from "../rounding.ts";

const SENSOR = "accelerometer";
/** m/s²: a change of the three axes' sum no bigger than this is a small step (a coarse chip's few steps; a synthetic trace's jump from rest to a whole acceleration is more) */
const NOISE_STEP_MPS2 = 0.6;
/** small steps turning back, between two still stretches (each as long as a frozen chip's), that show a chip's noise */
const NOISE_REVERSALS = 5;

export class AccelerometerCheck {
  /** the last reading's time, NaN before one (numbers, not undefined: written every sample) */
  private lastT = NaN;
  private badRun = 0;
  private zeroRun = 0;
  private zeroSince = 0;
  private frozenRun = 0;
  private frozenSince = 0;
  /** the last reading that differed from the one before, NaN before one */
  private readonly previous = { x: NaN, y: NaN, z: NaN };
  /** the chip has shown noise (see the header): until then a repeated reading is no frozen chip */
  private noiseSeen = false;
  /** small steps turning back since the last still stretch or large step, and the last small step's sign */
  private reversals = 0;
  private lastStepSign = 0;
  private readonly gapS: number;

  constructor(private readonly config: HealthConfig, nominalHz: number, private readonly health: SensorHealth) {
    this.gapS = Math.max(config.gap_s, nominalHz > 0 ? 5 / nominalHz : 0);
  }

  /** True when the reading may be used. */
  accept(t: number, force: Vector3): boolean {
    if (!Number.isFinite(t) || t < this.lastT) return this.bad(t, "time went backwards");
    // The axes read once, and checked here rather than in a function per axis: each double
    // handed to a call that is not inlined is boxed, 400 times a second.
    const x = force.x;
    const y = force.y;
    const z = force.z;
    const limit = this.config.max_specific_force_mps2;
    const plausible = Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z) && Math.abs(x) <= limit && Math.abs(y) <= limit && Math.abs(z) <= limit;
    if (!plausible) return this.bad(t, "reading not a number or out of range");
    this.badRun = 0;
    this.poll(t);
    this.lastT = t;
    if (x === 0 && y === 0 && z === 0) {
      if (this.zeroRun++ === 0) this.zeroSince = t;
      if (this.zeroRun >= this.config.zero_samples) this.health.fault(SENSOR, "data", t, this.zeroSince, "reads exact zeros: disconnected");
      return false;
    }
    this.zeroRun = 0;
    if (x === this.previous.x && y === this.previous.y && z === this.previous.z) {
      if (this.frozenRun++ === 0) this.frozenSince = t;
      if (this.frozenRun >= this.config.frozen_min_samples && t - this.frozenSince >= this.config.frozen_s) {
        if (this.noiseSeen) this.health.fault(SENSOR, "data", t, this.frozenSince, "frozen: the same reading repeated");
        // A still stretch as long: the back and forth that shows noise starts again after it.
        else this.reversals = 0;
      }
    } else {
      if (!this.noiseSeen) this.step(x - this.previous.x + (y - this.previous.y) + (z - this.previous.z));
      this.frozenRun = 0;
      this.previous.x = x;
      this.previous.y = y;
      this.previous.z = z;
    }
    if (this.health.isFaulty(SENSOR)) {
      if (this.frozenRun > 0) return false;
      this.health.recover(SENSOR, "data", t);
    }
    return true;
  }

  /** Its reads failed meanwhile (a reported fault of its own): the silence since is no new gap. */
  forgetGap(): void {
    this.lastT = NaN;
  }

  /** Called at every poll: notices a chip that has stopped delivering while the box runs. */
  poll(t: number): void {
    if (t - this.lastT > this.gapS) this.health.fault(SENSOR, "data", t, this.lastT, "no readings", { gap_s: round(t - this.lastT, 3) });
  }

  /** A change of the readings' sum by `change`: a small step turning back counts toward noise seen. */
  private step(change: number): void {
    if (!(Math.abs(change) <= NOISE_STEP_MPS2)) {
      this.reversals = 0;
      this.lastStepSign = 0;
      return;
    }
    // Axes moving opposite ways by as much say nothing of a way.
    if (change === 0) return;
    const sign = change > 0 ? 1 : -1;
    if (sign === -this.lastStepSign && ++this.reversals >= NOISE_REVERSALS) this.noiseSeen = true;
    this.lastStepSign = sign;
  }

  private bad(t: number, reason: string): false {
    if (++this.badRun >= this.config.bad_samples) this.health.fault(SENSOR, "data", t, t, reason);
    return false;
  }
}
