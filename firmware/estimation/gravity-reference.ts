/**
 * Finds "up" from gravity, whatever the mount's tilt, and turns each 3-axis reading into the
 * car's vertical acceleration. The reference (direction and length of the specific force at
 * rest, so the accelerometer's bias along it is removed too) only learns while the car is
 * at rest; during a movement it is frozen.
 */
import type { Vector3 } from "../../hal/sensors.ts";

export class GravityReference {
  private reference?: Vector3;
  private learnedS = 0;
  private disturbed = false;

  constructor(private readonly trackingS: number) {}

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
      this.reset();
    }
    if (!this.reference) {
      this.reference = { ...force };
      return;
    }
    this.learnedS += Math.max(dtS, 0);
    const timeConstant = Math.min(this.trackingS, Math.max(this.learnedS, dtS));
    const gain = 1 - Math.exp(-Math.max(dtS, 0) / timeConstant);
    this.reference.x += gain * (force.x - this.reference.x);
    this.reference.y += gain * (force.y - this.reference.y);
    this.reference.z += gain * (force.z - this.reference.z);
  }

  /** The box was handled since the reference last learnt: the next calm reading restarts it. */
  get isDisturbed(): boolean {
    return this.disturbed;
  }

  /** Forgets the reference: the next reading at rest starts it again. */
  reset(): void {
    this.reference = undefined;
    this.learnedS = 0;
  }

  /** |specific force| at rest, m/s²: ≈ 9.81 on a healthy sensor. */
  get magnitude(): number | undefined {
    return this.reference && Math.hypot(this.reference.x, this.reference.y, this.reference.z);
  }
}
