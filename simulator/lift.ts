/**
 * The simulated lift: one car in one shaft, its doors, the people who ride it and the
 * faults that strike it, all on the virtual clock. It knows the truth (where the car is,
 * who is inside) and records it, so tests can compare the firmware's view with reality.
 * Physics of the car lives in car-motion.ts and motion-profile.ts; fault signals in faults/.
 */
import type { Clock } from "../hal/clock.ts";
import { CarMotion } from "./car-motion.ts";
import { jumpingBursts } from "./faults/bounce.ts";
import { inspectionPlan } from "./faults/inspection.ts";
import { activeSensorFault, faultySensor, type SensorFaultKind, type SensorFaultWindow } from "./faults/sensor-faults.ts";
import { vibrationWindow, type VibrationWindow } from "./faults/vibration.ts";
import {
  blankKinematics,
  emergencyStop,
  firstTime,
  peakSpeed,
  pointToPoint,
  Trajectory,
  type Kinematics,
  type LevelingCrawl,
  type MotionLimits,
} from "./motion-profile.ts";
import type { SeededRandom } from "./random.ts";
import type { Scenario, ScenarioFault } from "./scenario.ts";
import { DurableCondition, type ExpectedEvent, type ExpectedRecord, type TruthRecord } from "./truth.ts";

export type { ExpectedRecord, TruthRecord } from "./truth.ts";

export type CarPhase = "idle" | "door_opening" | "door_open" | "door_closing" | "moving" | "stopping" | "stalled";
export type DoorState = "closed" | "opening" | "open" | "closing";
/** parked: at rest and in service; stalled: at rest, out of service until rescued or relevelled. */
export type CarState = "parked" | "moving" | "stopping" | "stalled";

type Fault<Kind extends ScenarioFault["kind"]> = Extract<ScenarioFault, { kind: Kind }>;

interface Passenger {
  from: number;
  to: number;
}

interface Movement {
  start: number;
  /** landing the car left (the nearest one if it was between floors) */
  from: number;
  /** landing the car is meant to reach */
  to: number;
  timer: number;
  /** a run ordered by passengers: faults armed for "the next run" act on it */
  run: boolean;
  /** a fault armed for a run is to strike this one */
  faultDue?: boolean;
}

const STANDARD_GRAVITY = 9.80665;
/** Overspeed limit (× rated) for movements no overspeed fault set one for: the governor's usual tripping speed. */
const GOVERNOR_TRIP_FACTOR = 1.15;
/** A falling car's box feels its guides' friction (× g); under this it is in free fall (domain.md: about 0.35 g)... */
const FREE_FALL_FELT_G = 0.35;
/** ...for at least this long (s; domain.md: 50-100 ms, the longer end so that every box holds it) */
const FREE_FALL_LASTS_S = 0.1;
/** mm: a stop off its landing by this much is in the truth (domain.md: stopping accuracy ±10 mm, EN 81-20) */
const STOPPING_ACCURACY_MM = 10;
const RESCUE_LIMITS: MotionLimits = { speed: 0.3, acceleration: 0.3, jerk: 0.6 };
/** A controller's correction run to the nearest landing after a stop between floors. */
const RELEVEL_LIMITS: MotionLimits = { speed: 0.3, acceleration: 0.4, jerk: 0.8 };
/** After mains returns the controller boots before it moves the car. */
const CONTROLLER_RESTART_S = 3;
/** A door that fails to close: how long it stays shut before its lock fails and it reopens, and the pause after reopening. */
const DOOR_ATTEMPT_S = 1.5;
const DOOR_RETRY_DWELL_S = 2;
/** The brake slips this long after the door finished opening. */
const SLIP_AFTER_OPEN_S = 1;
/** The contract's sensor name of each input a wire fault can strike. */
const inputSensor = {
  door_contact: "door_closed",
  door_zone: "door_zone",
  presence: "occupied",
  alarm_button: "alarm",
  mains_monitor: "mains",
  inspection_switch: "inspection",
} as const;

/** A fault armed for a run that ends sooner than this after it would strike waits for the next run. */
const IN_RUN_MARGIN_S = 0.5;

export interface SimulatedLiftOptions {
  /**
   * Keep the truth log (default): what the tests and the accuracy harness judge the firmware
   * by. A lift that runs for days with nobody judging it (`liftwatch run`, the fleet, the
   * memory benchmark) does not keep it, since it grows by a record a ride.
   */
  keepTruth?: boolean;
}

export class SimulatedLift {
  /** what physically happened, in order (see truth.ts); empty where `keepTruth` is false */
  readonly truth: TruthRecord[] = [];
  car: CarState = "parked";
  door: DoorState = "closed";
  landing: number;
  powered = true;
  inspection = false;
  alarmPressed = false;
  readonly sensorFaults: SensorFaultWindow[] = [];
  readonly vibrationWindows: VibrationWindow[] = [];
  private readonly motion: CarMotion;
  private readonly waiting: Passenger[] = [];
  private readonly riding: Passenger[] = [];
  private movement?: Movement;
  private doorTimer?: number;
  /** the car door contact is open although the door is meant to be closed (forced, failing contact) */
  private doorForcedOpen = false;
  /** a fails_to_open door keeps the car shut and held */
  private doorHeldShut = false;
  private jumpingUntil = -Infinity;
  /** an engineer calibrating: passengers' calls are ignored, the door held open, someone moving in the car */
  private independentService = false;
  private doorHeldOpen = false;
  private someoneMoving = false;
  private stalledByPowerLoss = false;
  private inRunFaults: { after: number; act: () => void }[] = [];
  private armedOverspeed?: Fault<"overspeed">;
  private armedOvertravel?: Fault<"overtravel">;
  private armedLeveling?: { fault: Fault<"leveling_error">; remaining: number };
  private armedDoorFault?: Fault<"door_fault">;
  private armedSlip?: Fault<"unintended_movement">;
  private readonly limits: MotionLimits;
  private readonly crawl?: LevelingCrawl;
  private readonly entrapment: DurableCondition;
  private readonly stoppedOutside: DurableCondition;
  /** inDoorZone()'s scratch state */
  private readonly doorZoneState = blankKinematics();
  /** told after anything changes the lift's state: its own timers, and hands at the controls */
  private readonly changeListeners: (() => void)[] = [];

  private readonly keepTruth: boolean;

  constructor(private readonly scenario: Scenario, private readonly clock: Clock, private readonly random: SeededRandom, options: SimulatedLiftOptions = {}) {
    this.keepTruth = options.keepTruth ?? true;
    this.landing = scenario.lift.start_landing;
    this.motion = new CarMotion(scenario.building.landings_m[this.landing]);
    const lift = scenario.lift;
    this.limits = { speed: lift.rated_speed_mps, acceleration: lift.acceleration_mps2, deceleration: lift.deceleration_mps2, jerk: lift.jerk_mps3 };
    if (lift.leveling_speed_mps > 0 && lift.leveling_distance_m > 0) this.crawl = { speed: lift.leveling_speed_mps, distance: lift.leveling_distance_m };
    this.entrapment = new DurableCondition((record) => this.record(record), "entrapment");
    this.stoppedOutside = new DurableCondition((record) => this.record(record), "stopped_outside_door_zone");
  }

  /** Schedules every passenger and fault of the scenario. */
  start(): void {
    // A copy each: a rescue changes where its riders get out, and the scenario is not this run's to change.
    for (const passenger of this.scenario.passengers) this.at(passenger.at, () => this.passengerArrives({ ...passenger }));
    for (const passenger of this.randomTraffic()) this.at(passenger.at, () => this.passengerArrives(passenger));
    for (const fault of this.scenario.faults) this.at(fault.at, () => this.strike(fault));
    this.observe();
    this.changed();
  }

  /**
   * `listener` is called after each change of the lift's state. Between two calls the car
   * follows its trajectory (see notMovedBefore) and nothing else about it changes.
   */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  now(): number {
    return this.clock.now() / 1000;
  }

  // ── What the sensors see ────────────────────────────────────────────────────────────

  /** `into`: a state the caller reuses, so that the sensors make no object per sample. */
  kinematicsAt(time: number, into?: Kinematics): Kinematics {
    return this.motion.kinematicsAt(time, into);
  }

  /** The drive or a fault moves the car (a bounce on the ropes does not count). */
  travellingAt(time: number): boolean {
    return this.motion.travellingAt(time);
  }

  /** The car door contact: closed and not forced open. */
  get doorClosed(): boolean {
    return this.door === "closed" && !this.doorForcedOpen;
  }

  get occupied(): boolean {
    return this.riding.length > 0 || this.someoneMoving;
  }

  get phase(): CarPhase {
    if (this.car !== "parked") return this.car;
    return this.door === "closed" ? "idle" : (`door_${this.door}` as CarPhase);
  }

  /** The wiring's door-zone line asks this at each scan: loops, not closures, and a reused state. */
  inDoorZone(time = this.now()): boolean {
    const position = this.kinematicsAt(time, this.doorZoneState).position;
    const { door_zone_half_m: half, landings_m: landings } = this.scenario.building;
    for (let index = 0; index < landings.length; index++) if (Math.abs(position - landings[index]) <= half) return true;
    return false;
  }

  /** m, from the car to the nearest door-zone edge of any landing at `time`. */
  distanceToZoneEdge(time: number): number {
    const position = this.kinematicsAt(time, this.doorZoneState).position;
    const { door_zone_half_m: half, landings_m: landings } = this.scenario.building;
    let distance = Infinity;
    for (let index = 0; index < landings.length; index++) distance = Math.min(distance, Math.abs(Math.abs(position - landings[index]) - half));
    return distance;
  }

  /** No earlier than this (s) can the car be `distanceM` from where it is at `time` (see CarMotion.notMovedBefore). */
  notMovedBefore(time: number, distanceM: number): number {
    return this.motion.notMovedBefore(time, distanceM);
  }

  sensorFaultAt(kind: SensorFaultKind, time: number): boolean {
    return activeSensorFault(this.sensorFaults, kind, time);
  }

  /**
   * A sensor of the box failed where only its wiring knows (the door-zone sensor missed the vane
   * of the landing the car stopped at, see LiftWiring): a fault the box should report, `ended`
   * once the sensor reads right again.
   */
  expectWiringFault(sensor: string, ended: boolean): void {
    this.expect(ended ? "sensor_recovered" : "sensor_fault", this.now(), { sensor });
  }

  /** The worn-roller vibration the car carries at `time`, if it is travelling inside a fault window. */
  vibrationAt(time: number): VibrationWindow | undefined {
    if (!this.travellingAt(time)) return undefined;
    for (let index = 0; index < this.vibrationWindows.length; index++) {
      const window = this.vibrationWindows[index];
      if (time >= window.from && time < window.until) return window;
    }
    return undefined;
  }

  // ── Scheduling: every lift timer is followed by a look at the durable conditions ─────

  private at(timeSeconds: number, action: () => void): number {
    return this.after(Math.max(0, timeSeconds - this.now()), action);
  }

  private after(seconds: number, action: () => void): number {
    return this.clock.setTimeout(() => {
      action();
      this.observe();
      this.changed();
    }, seconds * 1000);
  }

  private changed(): void {
    for (let index = 0; index < this.changeListeners.length; index++) this.changeListeners[index]();
  }

  private record(record: TruthRecord): void {
    if (this.keepTruth) this.truth.push(record);
  }

  private expect(event: ExpectedEvent, onset: number, details: Record<string, unknown> = {}): void {
    this.record({ type: "expected", event, onset, details });
  }

  /** Opens or closes the durable truth records from the lift's state now. */
  private observe(): void {
    const now = this.now();
    const atRest = this.car === "parked" || this.car === "stalled";
    const inZone = this.inDoorZone(now);
    this.entrapment.update(atRest && this.doorClosed && this.occupied, now, { kind: inZone ? "at_floor" : "between_floors" });
    // Inspection is no stop outside the zone to report; it pauses one that began before it.
    this.stoppedOutside.update(atRest && !inZone && (!this.inspection || this.stoppedOutside.holding), now);
  }

  // ── Traffic ─────────────────────────────────────────────────────────────────────────

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

  /** A call made at the controls (a technician's learning run): someone waits at `from` for `to`. */
  request(from: number, to: number): void {
    this.call({ from, to });
    this.changed();
  }

  // ── An engineer's hands (a calibration) ─────────────────────────────────────────────

  /**
   * Independent service: the engineer has the car to himself; passengers who turn up take
   * the stairs (those waiting too), those riding are still taken where they go.
   */
  setIndependentService(on: boolean): void {
    this.independentService = on;
    if (on) this.waiting.length = 0;
    this.changed();
  }

  /** Holds the car door open (the door-open button held) until released. */
  holdDoorOpen(): void {
    this.doorHeldOpen = true;
    if (this.car === "parked" && (this.door === "closed" || this.door === "closing")) this.openDoors();
    this.changed();
  }

  /** Lets a held door close as it normally does after its dwell. */
  releaseDoor(): void {
    if (!this.doorHeldOpen) return;
    this.doorHeldOpen = false;
    this.resume();
    this.changed();
  }

  /** Someone presses (true) or releases (false) the alarm button. */
  pressAlarm(held: boolean): void {
    if (held && !this.alarmPressed) this.expect("alarm_button", this.now());
    this.alarmPressed = held;
    this.changed();
  }

  /** Someone moves in the car (the presence sensor should see them). */
  setSomeoneMoving(moving: boolean): void {
    this.someoneMoving = moving;
    this.changed();
  }

  private passengerArrives(passenger: Passenger): void {
    if (!this.independentService) this.call(passenger);
  }

  private call(passenger: Passenger): void {
    if (passenger.from === passenger.to) return;
    this.waiting.push(passenger);
    if (this.car === "parked" && this.door === "open" && this.landing === passenger.from) this.board();
    else this.dispatch();
  }

  /** The car is kept where it is: no power, a technician in charge, people jumping, a door stuck shut or held open. */
  private held(): boolean {
    return !this.powered || this.inspection || this.now() < this.jumpingUntil || this.doorHeldShut || this.doorHeldOpen;
  }

  /** Decides what the parked car with closed doors does next. */
  private dispatch(): void {
    if (this.car !== "parked" || this.door !== "closed" || this.held()) return;
    if (this.waiting.some((passenger) => passenger.from === this.landing)) return this.openDoors();
    const target = this.riding[0]?.to ?? this.waiting[0]?.from;
    if (target === undefined || target === this.landing) return;
    this.depart(target);
  }

  /** Picks up where a hold left the parked car. */
  private resume(): void {
    if (this.car !== "parked" || this.held()) return;
    if (this.door === "open") {
      this.clearDoorTimer();
      this.doorTimer = this.after(this.scenario.lift.door_dwell_s, () => this.closeDoors());
    } else if (this.door === "closed") {
      this.dispatch();
    }
  }

  // ── Runs ────────────────────────────────────────────────────────────────────────────

  /** A normal stop lands a few millimetres off: the drive's stopping accuracy. */
  private stopScatter(): number {
    return (this.random.gaussian() * this.scenario.lift.stop_accuracy_mm) / 1000;
  }

  private depart(to: number): void {
    const now = this.now();
    const landings = this.scenario.building.landings_m;
    const initial = this.motion.travelAt(now);
    let target = landings[to] + this.stopScatter();

    const leveling = this.armedLeveling;
    const misleveled = leveling !== undefined && (leveling.fault.landing === undefined || leveling.fault.landing === to);
    if (misleveled) {
      target += leveling.fault.error_mm / 1000;
      if (--leveling.remaining === 0) this.armedLeveling = undefined;
    }
    // Every stop off its landing by the stopping accuracy or more is in the truth, whatever put it
    // there (a leveling fault, a drive's own scatter): the judge weighs it against the box's
    // leveling tolerance (see accuracy.ts's levelingDue).
    const onStop = () => {
      const errorMm = (this.motion.travelAt(this.now()).position - landings[to]) * 1000;
      if (misleveled || Math.abs(errorMm) >= STOPPING_ACCURACY_MM) this.expect("leveling_fault", this.now(), { error_mm: Math.round(errorMm * 100) / 100 });
    };

    const end = to === landings.length - 1 ? "top" : to === 0 ? "bottom" : undefined;
    const overtravel = this.armedOvertravel?.end === end ? this.armedOvertravel : undefined;
    if (overtravel) {
      this.armedOvertravel = undefined;
      target = landings[to] + (overtravel.end === "top" ? 1 : -1) * overtravel.overshoot_m;
    }

    const lift = this.scenario.lift;
    let speed = target < initial.position && lift.down_speed_mps !== undefined ? lift.down_speed_mps : lift.rated_speed_mps;
    const overspeed = this.armedOverspeed;
    if (overspeed) {
      this.armedOverspeed = undefined;
      speed *= overspeed.factor;
    }

    const trajectory = new Trajectory(now, initial, pointToPoint(target - initial.position, { ...this.limits, speed }, this.crawl));
    if (overspeed) this.overspeedTruth(trajectory, overspeed.limit_factor);
    if (overtravel) this.overtravelTruth(trajectory, overtravel.end, landings[to]);
    this.startMovement(trajectory, to, true, () => (overtravel ? this.stall() : this.arrive(onStop)));
    if (!overtravel) this.advanceOpening(trajectory, landings[to]);
  }

  /**
   * Advance door opening: the door starts opening as the car, inside its destination's door
   * zone, has slowed to `advance_opening_mps`, before it stops; only for a run that stops in
   * that zone (not one a leveling fault carries out of it) and no fault strikes (a door stuck
   * shut, a stop or door opening mid-run: their truth is of a closed door). The door contact
   * opens then; the door is fully open `door_open_s` after the car stops.
   */
  private advanceOpening(trajectory: Trajectory, landingM: number): void {
    const limit = this.scenario.lift.advance_opening_mps;
    const half = this.scenario.building.door_zone_half_m;
    if (limit <= 0 || Math.abs(trajectory.at(trajectory.endTime).position - landingM) > half) return;
    const opensAt = firstTime(trajectory, (state) => Math.abs(state.position - landingM) <= half && Math.abs(state.velocity) <= limit, trajectory.startTime, trajectory.endTime);
    if (opensAt === undefined || opensAt >= trajectory.endTime) return;
    const movement = this.movement!;
    this.at(opensAt, () => {
      const faulted = movement.faultDue || this.armedDoorFault?.door === "fails_to_open";
      if (this.movement === movement && this.car === "moving" && !faulted && this.door === "closed") this.door = "opening";
    });
  }

  private overspeedTruth(trajectory: Trajectory, limitFactor: number): void {
    const limit = limitFactor * this.scenario.lift.rated_speed_mps;
    const onset = firstTime(trajectory, (state) => Math.abs(state.velocity) > limit, trajectory.startTime, trajectory.endTime);
    if (onset === undefined) return;
    const peak = Math.round(peakSpeed(trajectory) * 1000) / 1000;
    const until = firstTime(trajectory, (state) => Math.abs(state.velocity) <= limit, onset, trajectory.endTime) ?? trajectory.endTime;
    this.at(onset, () => this.record({ type: "expected", event: "overspeed", onset, until, details: { speed_mps: peak } }));
  }

  private overtravelTruth(trajectory: Trajectory, end: "top" | "bottom", landing: number): void {
    const half = this.scenario.building.door_zone_half_m;
    const beyond = end === "top" ? (state: Kinematics) => state.position > landing + half : (state: Kinematics) => state.position < landing - half;
    const onset = firstTime(trajectory, beyond, trajectory.startTime, trajectory.endTime);
    if (onset !== undefined) this.at(onset, () => this.expect("overtravel", onset, { end }));
  }

  private startMovement(trajectory: Trajectory, to: number, run: boolean, onEnd: () => void): void {
    const now = this.now();
    this.motion.follow(trajectory);
    this.car = "moving";
    const timer = this.after(trajectory.endTime - now, onEnd);
    this.movement = { start: now, from: this.landing, to, timer, run };
    const vibration = this.vibrationWindows.find((window) => now >= window.from && now < window.until);
    if (vibration) this.expect("abnormal_vibration", now, { rms_mps2: vibration.rms });
    if (run) this.scheduleInRunFaults();
  }

  /** Ends the movement under way and records it as a trip. */
  private finishMovement(to = this.nearestLanding()): void {
    const movement = this.movement!;
    this.movement = undefined;
    const startPosition = this.motion.travelAt(movement.start).position;
    const endPosition = this.motion.travelAt(this.now()).position;
    this.record({
      type: "trip",
      start: movement.start,
      end: this.now(),
      from: movement.from,
      to,
      direction: endPosition >= startPosition ? "up" : "down",
      distance_m: Math.abs(endPosition - startPosition),
    });
  }

  private arrive(onStop?: () => void): void {
    const to = this.movement!.to;
    this.finishMovement(to);
    this.landing = to;
    this.car = "parked";
    onStop?.();
    const failure = this.armedDoorFault;
    if (failure?.door === "fails_to_open") {
      this.armedDoorFault = undefined;
      // Until the door opens: one shut for less than the box's door_open_timeout_s is late, not failed (see accuracy.ts's reportDelay).
      this.record({ type: "expected", event: "door_fault", onset: this.now(), until: this.now() + failure.duration_s, details: { kind: "fails_to_open" } });
      this.doorHeldShut = true;
      this.after(failure.duration_s, () => {
        this.doorHeldShut = false;
        this.openDoors();
      });
      return;
    }
    this.openDoors();
  }

  /** The car comes to rest where a fault or a brake left it, out of service. */
  private stall(): void {
    this.finishMovement();
    this.car = "stalled";
    this.landing = this.nearestLanding();
    this.record({ type: "stall", t: this.now(), position_m: this.motion.travelAt(this.now()).position, occupied: this.occupied });
  }

  private nearestLanding(): number {
    const position = this.motion.travelAt(this.now()).position;
    const landings = this.scenario.building.landings_m;
    let best = 0;
    landings.forEach((height, index) => {
      if (Math.abs(height - position) < Math.abs(landings[best] - position)) best = index;
    });
    return best;
  }

  // ── Faults ──────────────────────────────────────────────────────────────────────────

  private strike(fault: ScenarioFault): void {
    switch (fault.kind) {
      case "rescue":
        if (this.car === "stalled") this.moveToNearestLanding(RESCUE_LIMITS, true);
        return;
      case "stop_between_floors":
        return this.armInRun(fault.after_departure_s, () => this.brakeStop());
      case "free_fall":
        if (fault.after_departure_s === undefined) return this.freeFall(fault);
        return this.armInRun(fault.after_departure_s, () => this.freeFall(fault));
      case "door_open_while_moving":
        return this.armInRun(fault.after_departure_s, () => this.doorOpensWhileMoving(fault));
      case "overspeed":
        this.armedOverspeed = fault;
        return;
      case "overtravel":
        this.armedOvertravel = fault;
        return;
      case "leveling_error":
        this.armedLeveling = { fault, remaining: fault.count };
        return;
      case "door_fault":
        this.armedDoorFault = fault;
        return;
      case "unintended_movement":
        this.armedSlip = fault;
        if (this.car === "parked" && this.door === "open") this.brakeSlips();
        return;
      case "vibration":
        return this.worn(fault);
      case "power_loss":
        return this.powerCut(fault);
      case "alarm_press":
        this.alarmPressed = true;
        this.expect("alarm_button", this.now());
        this.after(fault.hold_s, () => (this.alarmPressed = false));
        return;
      case "inspection":
        return this.inspect(fault);
      case "passengers_jumping":
        return this.jump(fault);
      case "accelerometer_disconnected":
      case "accelerometer_frozen":
      case "door_contact_chatter":
        return this.sensorFault(fault);
      case "bus_fault":
        // Only a fault the driver cannot read through is expected to be seen; a stuck
        // register may or may not upset readings (the firmware must only stay sane). A few
        // failed transfers last a poll each (the box polls every 20 ms).
        if (fault.fault !== "stuck_register") this.expectFaulty(fault.device, fault.duration_s ?? fault.count! * 0.02);
        return;
      case "contact_chatter":
        this.expectFaulty(inputSensor[fault.input], fault.duration_s);
        return;
      case "contact_stuck":
        return this.expectStuck(inputSensor[fault.input], fault.duration_s);
      case "chip_reset":
      case "barometer_asleep":
      case "missing_leveling_pulse":
        // The box's own hardware: the lift is untouched, and the simulated board acts on it.
        return;
    }
  }

  private armInRun(after: number, act: () => void): void {
    this.inRunFaults.push({ after, act });
    if (this.car === "moving") this.scheduleInRunFaults();
  }

  private scheduleInRunFaults(): void {
    const movement = this.movement;
    if (!movement?.run) return;
    const arrival = this.motion.current.endTime;
    this.inRunFaults = this.inRunFaults.filter((armed) => {
      const when = Math.max(this.now(), movement.start + armed.after);
      if (when >= arrival - IN_RUN_MARGIN_S) return true; // too late for this run; wait for the next one
      movement.faultDue = true;
      this.at(when, () => {
        if (this.movement === movement && this.car === "moving") armed.act();
      });
      return false;
    });
  }

  /** The safety circuit opens (or the power goes): the brake stops the car wherever it is. */
  private brakeStop(): void {
    const movement = this.movement;
    if (this.car !== "moving" || !movement) return;
    this.clock.clearTimeout(movement.timer);
    const now = this.now();
    const state = this.motion.travelAt(now);
    const trajectory = new Trajectory(now, state, emergencyStop(state, this.scenario.lift.emergency_deceleration_mps2, this.limits.jerk * 4));
    this.motion.follow(trajectory);
    this.car = "stopping";
    movement.timer = this.after(trajectory.endTime - now, () => this.stall());
  }

  /**
   * Ropes or brake give way: the car accelerates down at (1 − friction) g, then the safety
   * gear bites and decelerates it at a constant rate until it is at rest. Both are steps in
   * acceleration: on a sample's time scale that is what they are.
   */
  private freeFall(fault: Fault<"free_fall">): void {
    const now = this.now();
    const state = this.motion.travelAt(now);
    if (this.movement) this.clock.clearTimeout(this.movement.timer);
    this.clearDoorTimer();
    // A car that falls from a landing with its door open also moves unintendedly.
    if (!this.doorClosed) this.expect("unintended_movement", now, { direction: "down" });
    // A free fall is the box feeling next to no force for a while (domain: under about 0.35 g
    // for 50-100 ms): a car held back by its guides' friction, or falling only an instant, is not in one.
    if (fault.friction < FREE_FALL_FELT_G && fault.fall_s >= FREE_FALL_LASTS_S) this.expect("free_fall", now);
    const fall = -(1 - fault.friction) * STANDARD_GRAVITY;
    const arrestVelocity = state.velocity + fall * fault.fall_s;
    const arrest = fault.arrest_deceleration_g * STANDARD_GRAVITY;
    const trajectory = new Trajectory(now, state, [
      { duration: fault.fall_s, jerk: 0, startAcceleration: fall },
      { duration: Math.abs(arrestVelocity) / arrest, jerk: 0, startAcceleration: -Math.sign(arrestVelocity) * arrest },
    ]);
    // A falling car passes the governor's tripping speed too: that is an overspeed as well. One
    // arrested below the bottom landing's zone went beyond the end landing: an overtravel too.
    this.overspeedTruth(trajectory, GOVERNOR_TRIP_FACTOR);
    this.overtravelTruth(trajectory, "bottom", this.scenario.building.landings_m[0]);
    this.motion.follow(trajectory);
    this.car = "stopping";
    const timer = this.after(trajectory.endTime - now, () => this.stall());
    this.movement = this.movement ? { ...this.movement, timer } : { start: now, from: this.landing, to: this.landing, timer, run: false };
  }

  /**
   * The brake slips at a landing with the door open: the car drifts away at a constant
   * acceleration until the unintended-movement protection brakes it at `distance_m`.
   */
  private brakeSlips(): void {
    const fault = this.armedSlip!;
    this.armedSlip = undefined;
    this.clearDoorTimer();
    const now = this.now();
    const sign = fault.direction === "up" ? 1 : -1;
    const slipTime = Math.sqrt((2 * fault.distance_m) / fault.acceleration_mps2);
    const speed = fault.acceleration_mps2 * slipTime;
    const trajectory = new Trajectory(now, this.motion.travelAt(now), [
      { duration: slipTime, jerk: 0, startAcceleration: sign * fault.acceleration_mps2 },
      { duration: speed / fault.stop_deceleration_mps2, jerk: 0, startAcceleration: -sign * fault.stop_deceleration_mps2 },
    ]);
    // The car leaves the door zone (the domain's latest moment to detect it) after this long, if
    // before the brake holds it: a slip too gentle for the box to feel shows only there.
    const marginM = this.scenario.building.door_zone_half_m - sign * (this.motion.travelAt(now).position - this.scenario.building.landings_m[this.landing]);
    const exitS = Math.sqrt((2 * Math.max(0, marginM)) / fault.acceleration_mps2);
    // How far it goes in all, the brake's stop with it: a box counts moves under its threshold as relevelling.
    const distanceM = fault.distance_m + (speed * speed) / (2 * fault.stop_deceleration_mps2);
    this.expect("unintended_movement", now, { direction: fault.direction, distance_m: Math.round(distanceM * 1000) / 1000, ...(exitS <= slipTime ? { zone_exit: now + exitS } : {}) });
    // A slip away from an end landing carries the car beyond it: that is overtravel too. On a
    // slow lift it passes the governor's tripping speed (0.98 m/s after 0.8 m at 0.6 m/s²): overspeed.
    this.overspeedTruth(trajectory, GOVERNOR_TRIP_FACTOR);
    const landings = this.scenario.building.landings_m;
    if (fault.direction === "up" && this.landing === landings.length - 1) this.overtravelTruth(trajectory, "top", landings[this.landing]);
    if (fault.direction === "down" && this.landing === 0) this.overtravelTruth(trajectory, "bottom", landings[0]);
    this.startMovement(trajectory, this.landing, false, () => {
      this.stall();
      this.doorTimer = this.after(fault.door_close_after_s, () => this.shutDoor());
    });
  }

  /** The car door opens during a run: the safety circuit stops the car; the controller relevels later. */
  private doorOpensWhileMoving(fault: Fault<"door_open_while_moving">): void {
    this.doorForcedOpen = true;
    this.expect("door_open_while_moving", this.now());
    this.brakeStop();
    this.after(fault.open_s, () => {
      this.doorForcedOpen = false;
      this.after(fault.relevel_after_s, () => {
        if (this.car === "stalled") this.moveToNearestLanding(RELEVEL_LIMITS, false);
      });
    });
  }

  /** A rescue or a controller's correction run: slowly to the nearest landing, where everyone gets out. */
  private moveToNearestLanding(limits: MotionLimits, rescue: boolean): void {
    const go = () => {
      const target = this.nearestLanding();
      const now = this.now();
      const initial = this.motion.travelAt(now);
      const distance = this.scenario.building.landings_m[target] + this.stopScatter() - initial.position;
      const trajectory = new Trajectory(now, initial, pointToPoint(distance, limits));
      this.startMovement(trajectory, target, false, () => {
        if (rescue) this.record({ type: "rescued", t: this.now(), landing: target });
        for (const passenger of this.riding) passenger.to = target;
        this.arrive();
      });
    };
    if (this.door === "closed") go();
    else this.shutDoor(go);
  }

  private worn(fault: Fault<"vibration">): void {
    const window = vibrationWindow(fault.at, fault.at + fault.duration_s, fault.rms_mps2, this.random);
    this.vibrationWindows.push(window);
    if (this.car === "moving" || this.car === "stopping") this.expect("abnormal_vibration", this.now(), { rms_mps2: fault.rms_mps2 });
  }

  private powerCut(fault: Fault<"power_loss">): void {
    this.powered = false;
    // Only a box with a mains monitor can tell (the box itself runs on its backup).
    const seen = this.scenario.box.mains_monitor;
    // How long it lasts goes with it: a box ignores a dip shorter than its inputs.mains_settle_s (see accuracy.ts's briefDip).
    if (seen) this.record({ type: "expected", event: "power_loss", onset: this.now(), until: this.now() + fault.duration_s, details: {} });
    if (this.car === "moving") {
      this.brakeStop();
      this.stalledByPowerLoss = true;
    }
    this.after(fault.duration_s, () => {
      this.powered = true;
      if (seen) this.expect("power_restored", this.now(), { outage_s: fault.duration_s });
      if (!this.stalledByPowerLoss) return this.resume();
      this.stalledByPowerLoss = false;
      this.after(CONTROLLER_RESTART_S, () => {
        if (this.car === "stalled") this.moveToNearestLanding(RELEVEL_LIMITS, false);
      });
    });
  }

  /** A technician on the roof moves the empty car at inspection speed, then returns it to its landing. */
  private inspect(fault: Fault<"inspection">): void {
    this.inspection = true;
    this.expect("mode_change", this.now(), { mode: "maintenance" });
    const limits = { speed: fault.speed_mps, acceleration: fault.acceleration_mps2, jerk: 2 * fault.acceleration_mps2 };
    const plan = inspectionPlan(this.scenario.building.landings_m, this.landing, fault.duration_s, limits);
    const moveTo = (index: number) => {
      if (index >= plan.stops.length || this.car !== "parked" || this.door !== "closed") return;
      const now = this.now();
      const initial = this.motion.travelAt(now);
      const trajectory = new Trajectory(now, initial, pointToPoint(plan.stops[index] - initial.position, limits));
      this.startMovement(trajectory, this.landing, false, () => {
        this.finishMovement();
        this.car = "parked";
        this.landing = this.nearestLanding();
        if (index + 1 < plan.stops.length) this.after(plan.work, () => moveTo(index + 1));
      });
    };
    this.after(plan.firstMoveAfter, () => moveTo(0));
    this.after(fault.duration_s, () => {
      this.inspection = false;
      this.expect("mode_change", this.now(), { mode: "normal" });
      this.resume();
    });
  }

  private jump(fault: Fault<"passengers_jumping">): void {
    const now = this.now();
    this.jumpingUntil = now + fault.duration_s;
    if (fault.door_closed && this.door !== "closed") this.shutDoor();
    this.motion.addBursts(jumpingBursts(now, this.jumpingUntil, fault.amplitude_mps2, this.random), now);
    this.after(fault.duration_s, () => this.resume());
  }

  private sensorFault(fault: Fault<SensorFaultKind>): void {
    this.sensorFaults.push({ kind: fault.kind, from: fault.at, until: fault.at + fault.duration_s });
    this.expectFaulty(faultySensor[fault.kind], fault.duration_s);
  }

  private expectFaulty(sensor: string, durationS: number): void {
    this.expect("sensor_fault", this.now(), { sensor });
    this.after(durationS, () => this.expect("sensor_recovered", this.now(), { sensor }));
  }

  /**
   * A wire stuck at one level: its reading is plausible, so a box can find it only from what the
   * lift did meanwhile (trips nobody rode, a door that never opened), whenever that shows. The
   * record holds while it is stuck (`until`), and its return from the moment it is freed, both
   * marked `stuck` (see the judge's stuckContact).
   */
  private expectStuck(sensor: string, durationS: number | undefined): void {
    const record: ExpectedRecord = { type: "expected", event: "sensor_fault", onset: this.now(), details: { sensor, stuck: true } };
    this.record(record);
    if (durationS === undefined) return;
    this.after(durationS, () => {
      record.until = this.now();
      this.expect("sensor_recovered", this.now(), { sensor, stuck: true });
    });
  }

  // ── Doors ───────────────────────────────────────────────────────────────────────────

  private clearDoorTimer(): void {
    if (this.doorTimer !== undefined) this.clock.clearTimeout(this.doorTimer);
    this.doorTimer = undefined;
  }

  private openDoors(): void {
    this.clearDoorTimer();
    this.door = "opening";
    this.doorTimer = this.after(this.scenario.lift.door_open_s, () => {
      this.door = "open";
      for (let index = this.riding.length - 1; index >= 0; index--) {
        if (this.riding[index].to === this.landing) this.riding.splice(index, 1);
      }
      this.board();
      if (this.armedSlip) this.doorTimer = this.after(SLIP_AFTER_OPEN_S, () => this.brakeSlips());
      else this.doorTimer = this.after(this.scenario.lift.door_dwell_s, () => this.closeDoors());
    });
  }

  private board(): void {
    for (let index = this.waiting.length - 1; index >= 0; index--) {
      if (this.waiting[index].from === this.landing) this.riding.push(...this.waiting.splice(index, 1));
    }
  }

  /** The normal closing at the end of a stop; a held car keeps its door open until resumed. */
  private closeDoors(): void {
    if (this.car !== "parked" || this.held()) return;
    const failure = this.armedDoorFault;
    if (failure?.door === "fails_to_close") {
      this.armedDoorFault = undefined;
      return this.failToClose(failure.attempts, true);
    }
    this.shutDoor(() => (this.doorTimer = this.after(this.scenario.lift.departure_delay_s, () => this.dispatch())));
  }

  /** Closes the door whatever the car is doing, then `then`. */
  private shutDoor(then?: () => void): void {
    this.clearDoorTimer();
    if (this.door === "closed") return then?.();
    this.door = "closing";
    this.doorTimer = this.after(this.scenario.lift.door_close_s, () => {
      this.door = "closed";
      this.doorTimer = undefined;
      then?.();
    });
  }

  /**
   * Closing attempts that fail: the door shuts (the contact closes) but its lock does not
   * engage, and the operator opens it again (worn lock, misaligned door coupler).
   */
  private failToClose(attemptsLeft: number, first: boolean): void {
    this.clearDoorTimer();
    this.door = "closed";
    this.doorTimer = this.after(DOOR_ATTEMPT_S, () => {
      if (first) this.expect("door_fault", this.now(), { kind: "fails_to_close" });
      this.door = "opening";
      this.doorTimer = this.after(this.scenario.lift.door_open_s, () => {
        this.door = "open";
        this.board();
        this.doorTimer = this.after(DOOR_RETRY_DWELL_S, () => (attemptsLeft > 1 ? this.failToClose(attemptsLeft - 1, false) : this.closeDoors()));
      });
    });
  }
}
