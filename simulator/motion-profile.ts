/**
 * Jerk-limited ("S-curve") motion of a lift car as a list of constant-jerk pieces.
 * Between pieces the state is exact (closed form), so the accelerometer can be sampled at
 * any rate without integration error.
 */

export interface Kinematics {
  /** m above the lowest landing */
  position: number;
  /** m/s, positive up */
  velocity: number;
  /** m/s², positive up, gravity not included */
  acceleration: number;
}

export interface JerkPiece {
  /** s */
  duration: number;
  /** m/s³ */
  jerk: number;
}

export interface MotionLimits {
  /** m/s */
  speed: number;
  /** m/s² */
  acceleration: number;
  /** m/s³ */
  jerk: number;
}

/** State after `elapsed` seconds of constant jerk from `start`. */
export function advance(start: Kinematics, jerk: number, elapsed: number): Kinematics {
  const t = elapsed;
  return {
    position: start.position + start.velocity * t + (start.acceleration * t * t) / 2 + (jerk * t * t * t) / 6,
    velocity: start.velocity + start.acceleration * t + (jerk * t * t) / 2,
    acceleration: start.acceleration + jerk * t,
  };
}

/** Jerk-up, constant, jerk-down pieces that take the car from rest to `speed` (both signs). */
function speedChange(speed: number, limits: MotionLimits, sign: number): JerkPiece[] {
  const fullAccelerationReached = speed * limits.jerk >= limits.acceleration ** 2;
  const rampTime = fullAccelerationReached ? limits.acceleration / limits.jerk : Math.sqrt(speed / limits.jerk);
  const holdTime = fullAccelerationReached ? speed / limits.acceleration - rampTime : 0;
  return [
    { duration: rampTime, jerk: sign * limits.jerk },
    { duration: holdTime, jerk: 0 },
    { duration: rampTime, jerk: -sign * limits.jerk },
  ];
}

/** Distance covered while accelerating from rest to `speed` with a symmetric profile. */
function speedChangeDistance(speed: number, limits: MotionLimits): number {
  const duration = speedChange(speed, limits, 1).reduce((sum, piece) => sum + piece.duration, 0);
  return (speed * duration) / 2;
}

/**
 * A point-to-point run over `distance` metres (sign gives direction): accelerate, cruise,
 * decelerate. Short runs never reach rated speed; the peak speed is found by bisection.
 */
export function pointToPoint(distance: number, limits: MotionLimits): JerkPiece[] {
  const sign = Math.sign(distance);
  const length = Math.abs(distance);
  if (length === 0) return [];
  let peak = limits.speed;
  if (2 * speedChangeDistance(peak, limits) > length) {
    let low = 0;
    let high = limits.speed;
    for (let i = 0; i < 60; i++) {
      const middle = (low + high) / 2;
      if (2 * speedChangeDistance(middle, limits) > length) high = middle;
      else low = middle;
    }
    peak = low;
  }
  const cruise = (length - 2 * speedChangeDistance(peak, limits)) / peak;
  return [
    ...speedChange(peak, limits, sign),
    { duration: cruise, jerk: 0 },
    ...speedChange(peak, limits, -sign),
  ].filter((piece) => piece.duration > 1e-9);
}

/**
 * Brings a moving car to rest from any state, as a safety-circuit stop does: ramp to a
 * braking deceleration (at most `deceleration`), hold it if needed, ramp out, so that speed
 * and acceleration reach zero together.
 */
export function emergencyStop(from: Kinematics, deceleration: number, jerk: number): JerkPiece[] {
  const sign = Math.sign(from.velocity) || 1;
  /** Ramp in to braking level `level`, then straight out: the state at the end. */
  const rampsTo = (level: number): { pieces: JerkPiece[]; end: Kinematics } => {
    const target = -sign * level;
    const rampIn = { duration: Math.abs(target - from.acceleration) / jerk, jerk: Math.sign(target - from.acceleration) * jerk };
    const rampOut = { duration: level / jerk, jerk: sign * jerk };
    const end = advance(advance(from, rampIn.jerk, rampIn.duration), rampOut.jerk, rampOut.duration);
    return { pieces: [rampIn, rampOut], end };
  };
  const strongest = rampsTo(deceleration);
  if (sign * strongest.end.velocity > 0) {
    // Even full braking needs a hold at the deceleration between the ramps.
    const [rampIn, rampOut] = strongest.pieces;
    const hold = { duration: (sign * strongest.end.velocity) / deceleration, jerk: 0 };
    return [rampIn, hold, rampOut].filter((piece) => piece.duration > 1e-9);
  }
  // Otherwise find the braking level whose two ramps end exactly at rest.
  let low = 0;
  let high = deceleration;
  for (let iteration = 0; iteration < 60; iteration++) {
    const middle = (low + high) / 2;
    if (sign * rampsTo(middle).end.velocity > 0) low = middle;
    else high = middle;
  }
  return rampsTo(high).pieces.filter((piece) => piece.duration > 1e-9);
}

/** A trajectory that starts at an absolute time; the car holds still after its last piece. */
export class Trajectory {
  private readonly starts: number[] = [];
  private readonly states: Kinematics[] = [];
  private readonly pieces: JerkPiece[];

  constructor(readonly startTime: number, readonly initial: Kinematics, pieces: JerkPiece[]) {
    this.pieces = pieces;
    let time = startTime;
    let state = initial;
    for (const piece of pieces) {
      this.starts.push(time);
      this.states.push(state);
      state = advance(state, piece.jerk, piece.duration);
      time += piece.duration;
    }
    this.endTime = time;
    // Snap the end to rest: round-off must not leave the car creeping.
    this.finalState = { position: state.position, velocity: 0, acceleration: 0 };
  }

  readonly endTime: number;
  readonly finalState: Kinematics;

  at(time: number): Kinematics {
    if (time >= this.endTime) return this.finalState;
    if (time <= this.startTime) return this.initial;
    let index = this.starts.length - 1;
    while (index > 0 && this.starts[index] > time) index--;
    return advance(this.states[index], this.pieces[index].jerk, time - this.starts[index]);
  }
}
