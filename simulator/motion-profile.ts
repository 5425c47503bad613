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
  /**
   * m/s²: the acceleration jumps to this at the piece's start. Only for events that really
   * are steps on the time scale of a sample: a rope or brake giving way, safety gear biting.
   */
  startAcceleration?: number;
}

export interface MotionLimits {
  /** m/s */
  speed: number;
  /** m/s² */
  acceleration: number;
  /** m/s², braking into a landing; the acceleration when absent */
  deceleration?: number;
  /** m/s³ */
  jerk: number;
}

/** A hydraulic-style approach: brake to a crawl some way before the landing, then stop. */
export interface LevelingCrawl {
  /** m/s */
  speed: number;
  /** m, covered at the crawl speed */
  distance: number;
}

/** A state to write into (all zero). */
export function blankKinematics(): Kinematics {
  return { position: 0, velocity: 0, acceleration: 0 };
}

/** State after `elapsed` seconds of constant jerk from `start`. */
export function advance(start: Kinematics, jerk: number, elapsed: number): Kinematics {
  return advanceInto(start, jerk, elapsed, blankKinematics());
}

/** advance() written into `into` (which may be `start`): the sensors ask 400 times a second. */
function advanceInto(start: Kinematics, jerk: number, elapsed: number, into: Kinematics): Kinematics {
  const t = elapsed;
  const position = start.position + start.velocity * t + (start.acceleration * t * t) / 2 + (jerk * t * t * t) / 6;
  const velocity = start.velocity + start.acceleration * t + (jerk * t * t) / 2;
  const acceleration = start.acceleration + jerk * t;
  into.position = position;
  into.velocity = velocity;
  into.acceleration = acceleration;
  return into;
}

/** Copies `from` into `into`. */
export function copyKinematics(from: Kinematics, into: Kinematics): Kinematics {
  into.position = from.position;
  into.velocity = from.velocity;
  into.acceleration = from.acceleration;
  return into;
}

/**
 * Jerk-up, constant, jerk-down pieces that change the speed by `delta` (signed, from any
 * speed) with at most `acceleration`.
 */
function speedChange(delta: number, acceleration: number, jerk: number): JerkPiece[] {
  const size = Math.abs(delta);
  const sign = Math.sign(delta);
  if (size === 0) return [];
  const fullAccelerationReached = size * jerk >= acceleration ** 2;
  const rampTime = fullAccelerationReached ? acceleration / jerk : Math.sqrt(size / jerk);
  const holdTime = fullAccelerationReached ? size / acceleration - rampTime : 0;
  return [
    { duration: rampTime, jerk: sign * jerk },
    { duration: holdTime, jerk: 0 },
    { duration: rampTime, jerk: -sign * jerk },
  ];
}

/**
 * Distance covered while the speed changes from `from` to `to` (same sign): the profile is
 * point-symmetric about its middle, so the mean speed is the mean of the two ends.
 */
function speedChangeDistance(from: number, to: number, acceleration: number, jerk: number): number {
  const duration = speedChange(to - from, acceleration, jerk).reduce((sum, piece) => sum + piece.duration, 0);
  return ((from + to) * duration) / 2;
}

/**
 * A point-to-point run over `distance` metres (sign gives direction): accelerate, cruise,
 * decelerate (with `limits.deceleration` when set), optionally through a levelling crawl.
 * Short runs never reach rated speed; the peak speed is found by bisection. A run too short
 * for the crawl is made at crawl speed without one.
 */
export function pointToPoint(distance: number, limits: MotionLimits, crawl?: LevelingCrawl): JerkPiece[] {
  const sign = Math.sign(distance);
  const length = Math.abs(distance);
  if (length === 0) return [];
  const { acceleration, jerk } = limits;
  const deceleration = limits.deceleration ?? acceleration;
  const crawlSpeed = crawl && crawl.speed > 0 && crawl.distance > 0 && crawl.speed < limits.speed ? crawl.speed : undefined;
  /** Length of a run that peaks at `peak`, without cruise. */
  const lengthFor = (peak: number): number =>
    speedChangeDistance(0, peak, acceleration, jerk) +
    (crawlSpeed === undefined
      ? speedChangeDistance(peak, 0, deceleration, jerk)
      : speedChangeDistance(peak, crawlSpeed, deceleration, jerk) + crawl!.distance + speedChangeDistance(crawlSpeed, 0, deceleration, jerk));
  if (crawlSpeed !== undefined && lengthFor(crawlSpeed) > length) return pointToPoint(distance, { ...limits, speed: crawlSpeed });
  let peak = limits.speed;
  if (lengthFor(peak) > length) {
    let low = crawlSpeed ?? 0;
    let high = limits.speed;
    for (let i = 0; i < 60; i++) {
      const middle = (low + high) / 2;
      if (lengthFor(middle) > length) high = middle;
      else low = middle;
    }
    peak = low;
  }
  const cruise = (length - lengthFor(peak)) / peak;
  const approach =
    crawlSpeed === undefined
      ? speedChange(-sign * peak, deceleration, jerk)
      : [
          ...speedChange(-sign * (peak - crawlSpeed), deceleration, jerk),
          { duration: crawl!.distance / crawlSpeed, jerk: 0 },
          ...speedChange(-sign * crawlSpeed, deceleration, jerk),
        ];
  return [...speedChange(sign * peak, acceleration, jerk), { duration: cruise, jerk: 0 }, ...approach].filter(
    (piece) => piece.duration > 1e-9,
  );
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
    let largest = Math.abs(initial.acceleration);
    for (const piece of pieces) {
      if (piece.startAcceleration !== undefined) state = { ...state, acceleration: piece.startAcceleration };
      this.starts.push(time);
      this.states.push(state);
      largest = Math.max(largest, Math.abs(state.acceleration));
      state = advance(state, piece.jerk, piece.duration);
      largest = Math.max(largest, Math.abs(state.acceleration));
      time += piece.duration;
    }
    this.endTime = time;
    // Acceleration is linear within a jerk piece: its largest size is at a piece's ends.
    this.largestAcceleration = largest;
    // Snap the end to rest: round-off must not leave the car creeping.
    this.finalState = { position: state.position, velocity: 0, acceleration: 0 };
  }

  readonly endTime: number;
  readonly finalState: Kinematics;
  /** m/s², the largest |acceleration| anywhere on the trajectory */
  readonly largestAcceleration: number;

  at(time: number): Kinematics {
    return this.stateAt(time, blankKinematics());
  }

  /** at() written into `into`: no object per sample. */
  stateAt(time: number, into: Kinematics): Kinematics {
    if (time >= this.endTime) return copyKinematics(this.finalState, into);
    if (time <= this.startTime) return copyKinematics(this.initial, into);
    let index = this.starts.length - 1;
    while (index > 0 && this.starts[index] > time) index--;
    return advanceInto(this.states[index], this.pieces[index].jerk, time - this.starts[index], into);
  }
}

/**
 * The first time in [from, to] at which `condition` holds on the trajectory, to a
 * microsecond: scanned at `step`, then bisected. Undefined if it never holds.
 */
export function firstTime(trajectory: Trajectory, condition: (state: Kinematics) => boolean, from: number, to: number, step = 0.001): number | undefined {
  let previous = from;
  if (condition(trajectory.at(from))) return from;
  for (let time = from + step; time < to + step; time += step) {
    const clamped = Math.min(time, to);
    if (condition(trajectory.at(clamped))) {
      let low = previous;
      let high = clamped;
      while (high - low > 1e-6) {
        const middle = (low + high) / 2;
        if (condition(trajectory.at(middle))) high = middle;
        else low = middle;
      }
      return high;
    }
    previous = clamped;
  }
  return undefined;
}

/** The largest |velocity| on the trajectory, sampled every `step` seconds. */
export function peakSpeed(trajectory: Trajectory, step = 0.001): number {
  let peak = 0;
  for (let time = trajectory.startTime; time <= trajectory.endTime; time += step) peak = Math.max(peak, Math.abs(trajectory.at(time).velocity));
  return peak;
}
