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

  constructor(private readonly trackingS: number) {}

  /** Vertical acceleration of the car, m/s², positive up, gravity removed. */
  verticalAcceleration(force: Vector3): number {
    const reference = this.reference ?? force;
    const length = Math.hypot(reference.x, reference.y, reference.z) || 1;
    return (force.x * reference.x + force.y * reference.y + force.z * reference.z) / length - length;
  }

  /** Learns from a reading taken at rest; the first seconds average, then it tracks slowly. */
  learn(force: Vector3, dtS: number): void {
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

  /** |specific force| at rest, m/s²: ≈ 9.81 on a healthy sensor. */
  get magnitude(): number | undefined {
    return this.reference && Math.hypot(this.reference.x, this.reference.y, this.reference.z);
  }
}
