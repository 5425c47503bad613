/**
 * The simulated lift: one car in one shaft, its doors, the people who ride it and the
 * faults that strike it, all on the virtual clock. It knows the truth (where the car is,
 * who is inside) and records it, so tests can compare the firmware's view with reality.
 */
import type { Clock } from "../hal/clock.ts";
import { emergencyStop, pointToPoint, Trajectory, type Kinematics, type MotionLimits } from "./motion-profile.ts";
import type { SeededRandom } from "./random.ts";
import type { Scenario, ScenarioFault } from "./scenario.ts";

export type CarPhase = "idle" | "door_opening" | "door_open" | "door_closing" | "moving" | "stopping" | "stalled";

/** Ground truth, for tests and the accuracy harness. */
export type TruthRecord =
  | { type: "trip"; start: number; end: number; from: number; to: number; direction: "up" | "down"; distance_m: number }
  | { type: "stall"; t: number; position_m: number; occupied: boolean }
  | { type: "rescued"; t: number; landing: number };

interface Passenger {
  from: number;
  to: number;
}

const RESCUE_LIMITS: MotionLimits = { speed: 0.3, acceleration: 0.3, jerk: 0.6 };

export class SimulatedLift {
  readonly truth: TruthRecord[] = [];
  phase: CarPhase = "idle";
  landing: number;
  private trajectories: Trajectory[];
  private readonly waiting: Passenger[] = [];
  private readonly riding: Passenger[] = [];
  private departure?: { time: number; from: number; to: number; arrivalTimer: number };
  private armedStop?: Extract<ScenarioFault, { kind: "stop_between_floors" }>;
  private readonly limits: MotionLimits;

  constructor(private readonly scenario: Scenario, private readonly clock: Clock, private readonly random: SeededRandom) {
    this.landing = scenario.lift.start_landing;
    const position = scenario.building.landings_m[this.landing];
    this.trajectories = [new Trajectory(0, { position, velocity: 0, acceleration: 0 }, [])];
    this.limits = {
      speed: scenario.lift.rated_speed_mps,
      acceleration: scenario.lift.acceleration_mps2,
      jerk: scenario.lift.jerk_mps3,
    };
  }

  /** Schedules every passenger and fault of the scenario. */
  start(): void {
    for (const passenger of this.scenario.passengers) this.at(passenger.at, () => this.call(passenger));
    for (const passenger of this.randomTraffic()) this.at(passenger.at, () => this.call(passenger));
    for (const fault of this.scenario.faults) this.at(fault.at, () => this.strike(fault));
  }

  now(): number {
    return this.clock.now() / 1000;
  }

  kinematicsAt(time: number): Kinematics {
    for (let index = this.trajectories.length - 1; index >= 0; index--) {
      if (time >= this.trajectories[index].startTime || index === 0) return this.trajectories[index].at(time);
    }
    return this.trajectories[0].at(time);
  }

  get doorClosed(): boolean {
    return this.phase !== "door_opening" && this.phase !== "door_open" && this.phase !== "door_closing";
  }

  get occupied(): boolean {
    return this.riding.length > 0;
  }

  inDoorZone(time = this.now()): boolean {
    const position = this.kinematicsAt(time).position;
    const half = this.scenario.building.door_zone_half_m;
    return this.scenario.building.landings_m.some((height) => Math.abs(position - height) <= half);
  }

  private at(timeSeconds: number, action: () => void): void {
    this.clock.setTimeout(action, Math.max(0, timeSeconds * 1000 - this.clock.now()));
  }

  private after(seconds: number, action: () => void): number {
    return this.clock.setTimeout(action, seconds * 1000);
  }

  private randomTraffic(): (Passenger & { at: number })[] {
    const perHour = this.scenario.traffic.passengers_per_hour;
    const landings = this.scenario.building.landings_m.length;
    const passengers: (Passenger & { at: number })[] = [];
    if (perHour <= 0) return passengers;
    let time = this.random.exponential(3600 / perHour);
    while (time < this.scenario.duration_s) {
      // Half the trips start or end at the main landing, as in an ordinary building.
      const from = this.random.next() < 0.5 ? 0 : this.random.integer(0, landings);
      let to = from === 0 ? this.random.integer(1, landings) : this.random.next() < 0.6 ? 0 : this.random.integer(0, landings);
      if (to === from) to = (from + 1) % landings;
      passengers.push({ at: time, from, to });
      time += this.random.exponential(3600 / perHour);
    }
    return passengers;
  }

  private call(passenger: Passenger): void {
    if (passenger.from === passenger.to) return;
    this.waiting.push(passenger);
    if (this.phase === "door_open" && this.landing === passenger.from) this.board();
    else if (this.phase === "idle") this.dispatch();
  }

  private strike(fault: ScenarioFault): void {
    if (fault.kind === "rescue") {
      if (this.phase === "stalled") this.rescue();
      return;
    }
    this.armedStop = fault;
    if (this.phase === "moving") this.scheduleArmedStop();
  }

  /** Decides what the idle car with closed doors does next. */
  private dispatch(): void {
    if (this.phase !== "idle") return;
    if (this.waiting.some((passenger) => passenger.from === this.landing)) return this.openDoors();
    const target = this.riding[0]?.to ?? this.waiting[0]?.from;
    if (target === undefined) return;
    this.depart(target);
  }

  private depart(to: number): void {
    const from = this.landing;
    const start = this.now();
    const initial = this.kinematicsAt(start);
    const distance = this.scenario.building.landings_m[to] - initial.position;
    const trajectory = new Trajectory(start, initial, pointToPoint(distance, this.limits));
    this.setTrajectory(trajectory);
    this.phase = "moving";
    const arrivalTimer = this.after(trajectory.endTime - start, () => this.arrive());
    this.departure = { time: start, from, to, arrivalTimer };
    if (this.armedStop) this.scheduleArmedStop();
  }

  private arrive(): void {
    const departure = this.departure!;
    this.recordTrip(departure.time, departure.from, departure.to);
    this.departure = undefined;
    this.landing = departure.to;
    this.phase = "idle";
    this.openDoors();
  }

  private recordTrip(start: number, from: number, to: number): void {
    const startPosition = this.kinematicsAt(start).position;
    const endPosition = this.kinematicsAt(this.now()).position;
    this.truth.push({
      type: "trip",
      start,
      end: this.now(),
      from,
      to,
      direction: endPosition >= startPosition ? "up" : "down",
      distance_m: Math.abs(endPosition - startPosition),
    });
  }

  private scheduleArmedStop(): void {
    const fault = this.armedStop!;
    const departure = this.departure!;
    const stopAt = Math.max(this.now(), departure.time + fault.after_departure_s);
    const arrival = this.trajectories[this.trajectories.length - 1].endTime;
    if (stopAt >= arrival - 0.5) return; // too late for this run; wait for the next one
    this.armedStop = undefined;
    this.at(stopAt, () => this.safetyStop());
  }

  /** The safety circuit opens: the brake stops the car wherever it is. */
  private safetyStop(): void {
    if (this.phase !== "moving" || !this.departure) return;
    this.clock.clearTimeout(this.departure.arrivalTimer);
    const now = this.now();
    const pieces = emergencyStop(this.kinematicsAt(now), this.scenario.lift.emergency_deceleration_mps2, this.limits.jerk * 4);
    const trajectory = new Trajectory(now, this.kinematicsAt(now), pieces);
    this.setTrajectory(trajectory);
    this.phase = "stopping";
    const departure = this.departure;
    this.after(trajectory.endTime - now, () => {
      this.phase = "stalled";
      this.truth.push({
        type: "trip",
        start: departure.time,
        end: this.now(),
        from: departure.from,
        to: this.nearestLanding(),
        direction: trajectory.finalState.position >= this.kinematicsAt(departure.time).position ? "up" : "down",
        distance_m: Math.abs(trajectory.finalState.position - this.kinematicsAt(departure.time).position),
      });
      this.departure = undefined;
      this.truth.push({ type: "stall", t: this.now(), position_m: trajectory.finalState.position, occupied: this.occupied });
    });
  }

  private rescue(): void {
    const target = this.nearestLanding();
    const start = this.now();
    const initial = this.kinematicsAt(start);
    const distance = this.scenario.building.landings_m[target] - initial.position;
    const trajectory = new Trajectory(start, initial, pointToPoint(distance, RESCUE_LIMITS));
    this.setTrajectory(trajectory);
    this.phase = "moving";
    const arrivalTimer = this.after(trajectory.endTime - start, () => {
      this.truth.push({ type: "rescued", t: this.now(), landing: target });
      // Everyone leaves at the rescue landing, whatever their destination.
      for (const passenger of this.riding) passenger.to = target;
      this.arrive();
    });
    this.departure = { time: start, from: this.landing, to: target, arrivalTimer };
  }

  private nearestLanding(): number {
    const position = this.kinematicsAt(this.now()).position;
    let best = 0;
    this.scenario.building.landings_m.forEach((height, index) => {
      if (Math.abs(height - position) < Math.abs(this.scenario.building.landings_m[best] - position)) best = index;
    });
    return best;
  }

  private setTrajectory(trajectory: Trajectory): void {
    // Keep the previous one: the accelerometer drains samples from slightly in the past.
    this.trajectories = [...this.trajectories.slice(-2), trajectory];
  }

  private openDoors(): void {
    this.phase = "door_opening";
    this.after(this.scenario.lift.door_open_s, () => {
      this.phase = "door_open";
      for (let index = this.riding.length - 1; index >= 0; index--) {
        if (this.riding[index].to === this.landing) this.riding.splice(index, 1);
      }
      this.board();
      this.after(this.scenario.lift.door_dwell_s, () => this.closeDoors());
    });
  }

  private board(): void {
    for (let index = this.waiting.length - 1; index >= 0; index--) {
      if (this.waiting[index].from === this.landing) this.riding.push(...this.waiting.splice(index, 1));
    }
  }

  private closeDoors(): void {
    this.phase = "door_closing";
    this.after(this.scenario.lift.door_close_s, () => {
      this.phase = "idle";
      this.after(this.scenario.lift.departure_delay_s, () => this.dispatch());
    });
  }
}
