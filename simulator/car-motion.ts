/**
 * Where the car is at any time: the trajectory it follows (closed-form jerk pieces), plus
 * the bounce of the car on its ropes when passengers jump. Trajectories are kept for a few
 * seconds back, because the accelerometer drains samples from slightly in the past.
 */
import { bounceAt, burstEnd, type BounceBurst } from "./faults/bounce.ts";
import { blankKinematics, Trajectory, type Kinematics } from "./motion-profile.ts";

/** How long a replaced trajectory or a finished bounce is kept for late sensor reads. */
const HISTORY_S = 5;

export class CarMotion {
  private trajectories: Trajectory[];
  private bursts: BounceBurst[] = [];
  /** travellingAt()'s scratch state: it is asked for every sample. */
  private readonly travelling = blankKinematics();

  constructor(position: number) {
    this.trajectories = [new Trajectory(0, { position, velocity: 0, acceleration: 0 }, [])];
  }

  get current(): Trajectory {
    return this.trajectories[this.trajectories.length - 1];
  }

  /** The car's own motion (no bounce): what the drive and brakes make it do. */
  travelAt(time: number, into = blankKinematics()): Kinematics {
    return this.trajectoryAt(time).stateAt(time, into);
  }

  /** Travel plus bounce: what an accelerometer on the car feels, where the car really is. */
  kinematicsAt(time: number, into = blankKinematics()): Kinematics {
    const state = this.travelAt(time, into);
    // Indexed, not for..of: this runs for every sample.
    for (let index = 0; index < this.bursts.length; index++) {
      const burst = this.bursts[index];
      if (time <= burst.start || time >= burstEnd(burst)) continue;
      const bounce = bounceAt(burst, time);
      state.position += bounce.position;
      state.velocity += bounce.velocity;
      state.acceleration += bounce.acceleration;
    }
    return state;
  }

  /** True while the drive or a fault moves the car (bounces do not count). */
  travellingAt(time: number): boolean {
    return Math.abs(this.travelAt(time, this.travelling).velocity) > 1e-3;
  }

  /**
   * No earlier than this (s) can the car be `distanceM` from where it is at `time`: its
   * trajectory's speed then and largest acceleration bound how far it goes. A trajectory yet
   * to start, or a bounce, ends the promise at its start (`time` while a bounce is under way).
   */
  notMovedBefore(time: number, distanceM: number): number {
    let until = Infinity;
    for (let index = 0; index < this.bursts.length; index++) {
      const burst = this.bursts[index];
      if (time >= burstEnd(burst)) continue;
      if (time > burst.start) return time;
      until = Math.min(until, burst.start);
    }
    const trajectory = this.trajectoryAt(time);
    for (let index = this.trajectories.length - 1; index >= 0 && this.trajectories[index] !== trajectory; index--) until = Math.min(until, this.trajectories[index].startTime);
    if (time >= trajectory.endTime) return until;
    const speed = Math.abs(trajectory.stateAt(time, this.travelling).velocity);
    const acceleration = trajectory.largestAcceleration;
    // speed·Δ + acceleration·Δ²/2 = distance, solved for Δ (in the form without cancellation),
    // and shortened a little against round-off.
    const reachS = (2 * distanceM) / (Math.sqrt(speed * speed + 2 * acceleration * distanceM) + speed);
    return Math.min(until, time + Math.max(0, reachS * 0.999 - 1e-6));
  }

  /** The trajectory the car follows at `time`: the newest one started by then. */
  private trajectoryAt(time: number): Trajectory {
    for (let index = this.trajectories.length - 1; index > 0; index--) {
      if (time >= this.trajectories[index].startTime) return this.trajectories[index];
    }
    return this.trajectories[0];
  }

  follow(trajectory: Trajectory): void {
    const keepAfter = trajectory.startTime - HISTORY_S;
    // Keep the newest older trajectory whatever its age: it defines the car before this one.
    const older = this.trajectories.filter((entry, index, all) => index === all.length - 1 || entry.endTime >= keepAfter);
    this.trajectories = [...older, trajectory];
  }

  addBursts(bursts: BounceBurst[], now: number): void {
    this.bursts = [...this.bursts.filter((burst) => burstEnd(burst) >= now - HISTORY_S), ...bursts];
  }
}
