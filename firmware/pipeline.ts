/**
 * The detection pipeline the box runs, and that `liftwatch replay` runs on a trace:
 * frames → conditioning → estimation → the lift machine → records.
 * The same code serves the simulated box, a real one and a replayed recording.
 */
import { createActor, type Actor } from "xstate";
import type { Clock } from "../hal/clock.ts";
import type { Vector3 } from "../hal/sensors.ts";
import type { Config } from "./config/schema.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "./frame.ts";
import { BarometricMotion } from "./estimation/barometric-motion.ts";
import { GravityReference } from "./estimation/gravity-reference.ts";
import { InertialMotion, type Direction, type MotionListener, type Movement } from "./estimation/inertial-motion.ts";
import { LandingTracker } from "./estimation/landing-tracker.ts";
import { MotionFusion } from "./estimation/motion-fusion.ts";
import { ActivityMeter } from "./conditioning/activity.ts";
import { createLiftMachine, type LiftEvent, type LiftMachine } from "./model/lift-machine.ts";

/** The lift as the box believes it is: carried in every event as its context. */
export interface LiftState {
  motion: "unknown" | "moving" | "stopped";
  direction: Direction | null;
  door: "unknown" | "open" | "closed";
  zone: "unknown" | "inside" | "outside";
  occupancy: "unknown" | "occupied" | "vacant" | "notFitted";
  mode: "normal" | "maintenance";
  landing: number | null;
  position_m: number | null;
}

type BinaryField = "door_closed" | "door_zone" | "occupied" | "inspection";

/** Which machine event each binary input sends when it turns true / false. */
const binaryEvents: Record<BinaryField, [LiftEvent["type"], LiftEvent["type"]]> = {
  door_closed: ["DOOR_CLOSED", "DOOR_OPENED"],
  door_zone: ["ZONE_ENTERED", "ZONE_LEFT"],
  occupied: ["OCCUPIED", "VACANT"],
  inspection: ["MAINTENANCE_ENTERED", "MAINTENANCE_LEFT"],
};

export class DetectionPipeline {
  private readonly actor: Actor<LiftMachine>;
  private readonly gravity: GravityReference;
  private readonly inertial?: InertialMotion;
  private readonly barometric?: BarometricMotion;
  private readonly fusion?: MotionFusion;
  private readonly activity: ActivityMeter;
  private readonly landings: LandingTracker;
  private readonly inputs: Partial<Record<BinaryField, boolean>> = {};
  private lastAccelerationT?: number;
  private direction: Direction | null = null;
  private started = false;

  constructor(
    private readonly config: Config,
    private readonly fitted: FittedSensors,
    private readonly clock: Clock,
    private readonly onRecord: (record: DetectionRecord) => void,
  ) {
    this.gravity = new GravityReference(config.motion.gravity_tracking_s);
    this.activity = new ActivityMeter(config.motion.activity_high_pass_s, config.motion.activity_averaging_s);
    const motionListener: MotionListener = {
      started: (at, direction) => this.motionStarted(at, direction),
      stopped: (at, movement) => this.motionStopped(at, movement),
    };
    // A slow accelerometer is used only when nothing better is fitted; with a barometer, the
    // barometer decides and the accelerometer gives onsets and tells handling from riding.
    const accelerometerFast = fitted.accelerometer && fitted.accelerometerHz >= config.motion.min_accelerometer_hz;
    if (accelerometerFast && fitted.barometer) {
      this.fusion = new MotionFusion(config.motion, motionListener, true);
      this.inertial = new InertialMotion(config.motion, this.fusion.inertialListener);
      this.barometric = new BarometricMotion(config.barometer, this.fusion.barometricListener);
    } else if (fitted.barometer) {
      this.barometric = new BarometricMotion(config.barometer, motionListener);
    } else if (fitted.accelerometer) {
      this.inertial = new InertialMotion(config.motion, motionListener);
    }
    this.landings = new LandingTracker(config.lift.landings_m, config.lift.start_landing, config.detection.landing_snap_m);
    this.actor = createActor(createLiftMachine(config.detection, clock), { clock });
    this.actor.on("detected", (event) => this.onRecord(event.record));
    this.actor.start();
  }

  push(frame: SensorFrame): void {
    if (!this.started) this.begin(frame.t);
    if (frame.acceleration) this.acceleration(frame.t, frame.acceleration);
    if (frame.pressure !== undefined && Number.isFinite(frame.pressure)) this.barometric?.push(frame.t, frame.pressure);
    for (const field of Object.keys(binaryEvents) as BinaryField[]) {
      const value = frame[field];
      if (value === undefined || value === this.inputs[field]) continue;
      this.inputs[field] = value;
      const [whenTrue, whenFalse] = binaryEvents[field];
      this.send({ type: value ? whenTrue : whenFalse, at: frame.t } as LiftEvent);
    }
  }

  /** The input ended (end of a trace): close what can be closed. */
  finish(): void {
    this.inertial?.finish();
    this.barometric?.finish();
  }

  stop(): void {
    this.actor.stop();
  }

  liftState(): LiftState {
    const value = this.actor.getSnapshot().value as Record<string, string>;
    return {
      motion: value.motion as LiftState["motion"],
      direction: this.direction,
      door: value.door as LiftState["door"],
      zone: value.zone as LiftState["zone"],
      occupancy: value.occupancy as LiftState["occupancy"],
      mode: value.mode as LiftState["mode"],
      landing: value.motion === "moving" ? null : (this.landings.landing ?? null),
      position_m: this.landings.position ?? null,
    };
  }

  /** What the box knows before its first reading: which facts no sensor will ever give. */
  private begin(t: number): void {
    this.started = true;
    if (!this.fitted.occupied) this.send({ type: "PRESENCE_NOT_FITTED", at: t });
    // A box boots with the car assumed at rest; a start in motion shows as a movement.
    if (this.inertial || this.barometric) this.send({ type: "MOTION_STOPPED", at: t });
  }

  private acceleration(t: number, force: Vector3): void {
    if (!Number.isFinite(force.x) || !Number.isFinite(force.y) || !Number.isFinite(force.z)) return;
    const dt = this.lastAccelerationT === undefined ? 0 : t - this.lastAccelerationT;
    this.lastAccelerationT = t;
    this.fusion?.acceleration(t, force);
    if (!this.inertial) return;
    // A box being handled or knocked about says nothing about gravity or a start.
    const handled = this.activity.update(force, dt) > this.config.motion.activity_mps2;
    this.inertial.push(t, this.gravity.verticalAcceleration(force), handled);
    if (this.inertial.takeReferenceSuspect()) this.gravity.reset();
    if (this.inertial.isSettled || handled || (this.gravity.isDisturbed && !this.inertial.isMoving)) this.gravity.learn(force, dt, handled);
  }

  private motionStarted(at: number, direction: Direction): void {
    this.direction = direction;
    this.send({ type: "MOTION_STARTED", at, direction });
  }

  private motionStopped(at: number, movement: Movement | undefined): void {
    this.direction = null;
    this.send({ type: "MOTION_STOPPED", at });
    if (!movement) return;
    const { from, to } = this.landings.move(movement.displacement_m);
    this.onRecord({
      type: "trip",
      t: this.clock.now() / 1000,
      onset: movement.start,
      start: movement.start,
      end: movement.end,
      direction: movement.direction,
      distance_m: round(Math.abs(movement.displacement_m), 3),
      max_speed_mps: round(movement.max_speed_mps, 3),
      ...(from !== undefined && to !== undefined ? { from_landing: from, to_landing: to } : {}),
    });
  }

  private send(event: LiftEvent): void {
    this.actor.send(event);
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
