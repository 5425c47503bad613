/**
 * The detection pipeline the box runs, and that `liftwatch replay` runs on a trace:
 * frames → health checks and conditioning → estimation → detectors → the lift machine →
 * records. The same code serves the simulated box, a real one and a replayed recording.
 * Nothing a sensor says can throw out of here: bad readings are dropped and reported.
 */
import { createActor, type Actor } from "xstate";
import type { Clock } from "../hal/clock.ts";
import type { Vector3 } from "../hal/sensors.ts";
import { missedVaneDefaultM, type Config } from "./config/schema.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "./frame.ts";
import { BinaryInputs, inputEvent, type BinaryField } from "./conditioning/binary-inputs.ts";
import type { InputChange } from "./conditioning/input-filter.ts";
import { BlockAverage, blockSize } from "./conditioning/block-average.ts";
import { ValueWindow } from "./conditioning/filters.ts";
import { vectorLength } from "./conditioning/vector-length.ts";
import { DoorOpenZoneExit } from "./detectors/door-open-zone-exit.ts";
import { EndZoneCreep } from "./detectors/end-zone-creep.ts";
import { DoorReopenings } from "./detectors/door-reopenings.ts";
import { DoorOpenedInRun, type EarlyOpening } from "./detectors/door-opened-in-run.ts";
import { FreeFallDetector } from "./detectors/free-fall.ts";
import { OverspeedDetector, type Overspeed, type RunSpeed } from "./detectors/overspeed.ts";
import { OvertravelDetector } from "./detectors/overtravel.ts";
import { StopLeveling } from "./detectors/stop-leveling.ts";
import { VibrationMonitor } from "./detectors/vibration.ts";
import { CarFrameReading } from "./estimation/gravity-reference.ts";
import type { Direction, Movement } from "./estimation/inertial-motion.ts";
import { LandingBraking } from "./estimation/landing-braking.ts";
import { LevelingEstimator } from "./estimation/leveling.ts";
import { MotionEstimator } from "./estimation/motion-estimator.ts";
import { ReckonedZone, type ReckonedStop } from "./estimation/reckoned-zone.ts";
import { RunScale } from "./estimation/run-scale.ts";
import { ShaftLimits } from "./estimation/shaft-limits.ts";
import { ShaftPosition } from "./estimation/shaft-position.ts";
import { CarriedLevel } from "./estimation/carried-level.ts";
import { stopKind } from "./estimation/stop-kind.ts";
import { UnseenCrawl } from "./estimation/unseen-crawl.ts";
import { AccelerometerCheck } from "./health/accelerometer-check.ts";
import { DoorContactCheck } from "./health/door-contact-check.ts";
import { ZoneSensorBelief } from "./health/zone-sensor-belief.ts";
import { DoorZoneCheck } from "./health/door-zone-check.ts";
import { MissedVaneWait } from "./health/missed-vane-wait.ts";
import { PresenceCheck } from "./health/presence-check.ts";
import { SensorHealth, type ComponentHealth } from "./health/sensor-health.ts";
import { RideQualityRecorder } from "./quality/ride-quality.ts";
import { UsageCounters, type UsageSnapshot } from "./usage/usage-counters.ts";
import { liftMachine, openConditions, type LiftEvent, type LiftMachine, type OpenCondition } from "./model/lift-machine.ts";
import { HeldTrip } from "./events/held-trip.ts";
import { tripRecord } from "./events/trip-record.ts";
import { round } from "./rounding.ts";

/** What a box started again carries over from its journal (cli/live.ts); a first start, and a trace, carry nothing. */
export interface AcrossBoots {
  /** where the car is at start, where not the configuration's lift.start_landing: the landing it last came to rest at, null where that is not known */
  startLanding?: number | null;
  /** conditions raised before the box stopped and not ended then (see LiftMachineInput) */
  raisedBeforeStart?: readonly OpenCondition[];
  /** told each time the conditions raised and not yet ended change: what the next start carries over */
  keepOpenConditions?: (open: OpenCondition[]) => void;
  /**
   * told the landing the car came to rest at after each run (null: none known) and null as a run
   * starts: where the next start takes the car to be (a box stopped mid-run does not know)
   */
  keepLanding?: (landing: number | null) => void;
  /** the pressure (Pa) the barometer read where the car rested at `startLanding` (see CarriedLevel) */
  startLandingPa?: number;
  /** told the pressure where the car rests at a placed landing, after each run and each minute of a rest: kept with the landing */
  keepLandingPa?: (pascal: number) => void;
  /** the presence sensor was found stuck reading occupied before the box stopped, and not read vacant since */
  presenceStuck?: boolean;
  /** told each time the presence sensor is found stuck (true) or reads vacant after (false): what the next start carries over */
  keepPresenceStuck?: (stuck: boolean) => void;
  /** the presence sensor was found stuck reading vacant before the box stopped, and not believed again since */
  presenceStuckVacant?: boolean;
  /** told each time the presence sensor is found stuck vacant (true) or believed again (false) */
  keepPresenceStuckVacant?: (stuck: boolean) => void;
  /** the car-door contact was found stuck open before the box stopped, and has not changed since */
  doorStuckOpen?: boolean;
  /** told each time the door contact is found stuck open (true) or changes after (false) */
  keepDoorStuckOpen?: (stuckOpen: boolean) => void;
  /** how the lift landed on its last trips, each braking over its start, oldest first (see LandingBraking) */
  landingBrakingRatios?: readonly number[];
  /** told them after each trip learnt from */
  keepLandingBrakingRatios?: (ratios: number[]) => void;
  /** the door-zone sensor was found reading nothing before the box stopped, and has not changed since */
  zoneDead?: boolean;
  /** told each time the door-zone sensor is found reading nothing (true) or changes after (false) */
  keepZoneDead?: (dead: boolean) => void;
}

/** The lift as the box believes it is: carried in every event as its context. */
export interface LiftState {
  motion: "unknown" | "moving" | "stopped";
  direction: Direction | null;
  door: "unknown" | "open" | "closed";
  zone: "unknown" | "inside" | "outside";
  occupancy: "unknown" | "occupied" | "vacant" | "notFitted";
  mode: "normal" | "maintenance";
  power: "unknown" | "mains" | "lost";
  landing: number | null;
  position_m: number | null;
  speed_mps: number | null;
}

/** One accelerometer sample in the car frame, as the ride-quality recorder gets it (for a report's plot). */
export interface MotionSample {
  t: number;
  /** m/s², gravity removed, + up */
  vertical_mps2: number;
}

/** m: a run no landing placed counts as a trip for the presence check from this long (a relevel stays in its zone) */
const UNPLACED_TRIP_M = 1;

export class DetectionPipeline {
  private readonly actor: Actor<LiftMachine>;
  private readonly health: SensorHealth;
  private readonly accelerometerCheck: AccelerometerCheck;
  private readonly zoneCheck: DoorZoneCheck;
  private readonly doorContact: DoorContactCheck;
  private readonly missedVanes: MissedVaneWait;
  /** a fitted presence sensor, watched for reading occupied for good */
  private readonly presenceCheck?: PresenceCheck;
  /** without a door-zone sensor, or with one found reading nothing (see ZoneSensorBelief): the zone the reckoning tells the model */
  private readonly reckonedZone: ReckonedZone;
  private readonly motion: MotionEstimator;
  private readonly shaft: ShaftPosition;
  /** what the shaft's geometry allows a run */
  private readonly limits: ShaftLimits;
  /** m: the run's displacement at the last door-zone edge it crossed (0: none yet) */
  private edgeDisplacementM = 0;
  /** each stop's leveling, and the trip that waits for it */
  private readonly stopLeveling: StopLeveling;
  private readonly freeFall: FreeFallDetector;
  private readonly overspeed: OverspeedDetector;
  /** the current run's scale, from the door-zone edges it passed: overspeed is judged on it */
  private readonly runScale: RunScale;
  /** how this lift brakes into its landings, learnt over its trips */
  private readonly landingBraking: LandingBraking;
  /** the run under way's speed was trusted at its last step (a run is, once it braked) */
  private runTrusted = false;
  /**
   * overspeeds found in the run under way while its speed was not trusted (a run begun while the
   * car's motion was unseen): raised, with their onsets, once it is trusted (its door opened after
   * it braked) or ends a whole run, start to braking; dropped with it otherwise
   */
  private readonly heldOverspeeds: Overspeed[] = [];
  /** the run's speed handed to overspeed, written in place at each step */
  private readonly runSpeed: RunSpeed = { t: 0, speed: 0, uncertainty: 0, noiseVariance: 0, offsetMps2: 0 };
  private readonly overtravel: OvertravelDetector;
  private readonly vibration: VibrationMonitor;
  private readonly doorReopenings: DoorReopenings;
  private readonly zoneExit: DoorOpenZoneExit;
  private readonly endZoneCreep: EndZoneCreep;
  private readonly rideQuality: RideQualityRecorder;
  private readonly usage: UsageCounters;
  private readonly inputs: BinaryInputs;
  /** |speed| (m/s) through the last second of a run, 0 where untrusted */
  private readonly recentSpeeds = new ValueWindow(1);
  /** the current run has moved unintended_movement_m (judged once per run) */
  private displaced = false;
  /** the readings of one motion step (see BlockAverage) */
  private readonly block: BlockAverage;
  /** the last motion step's time, NaN before the first (a number always: written at every step) */
  private lastAccelerationT = NaN;
  /** the last reading's time, NaN before the first */
  private lastReadingT = NaN;
  /** each reading in the car frame, for ride quality and vibration */
  private readonly reading = new CarFrameReading();
  private direction: Direction | null = null;
  private readonly unseenCrawl: UnseenCrawl;
  /** the current run began with the door-zone sensor sound and the run's speed trusted */
  private zoneSoundAtStart = false;
  private readonly zoneBelief: ZoneSensorBelief;
  /** a barometer is fitted and not found stuck (see placingChanged) */
  private barometerPlaces: boolean;
  /** when the last free fall was confirmed: a run whose onset is not after it is that fall's */
  private fallConfirmedT = -Infinity;
  /**
   * the last door-zone edge seen at rest; once a run starts, kept only if the car crossed it
   * while the start was held, for the run's first moving step to place (see motionStarted)
   */
  private restEdge?: { at: number; entered: boolean; uncertaintyS: number };
  private started = false;
  private readonly keepLanding?: (landing: number | null) => void;
  /** the pressure kept with the landing, and the first readings' word on a carried one (barometer fitted) */
  private readonly carriedLevel?: CarriedLevel;
  /** the car door's openings in the run: at what speed, early or forced */
  private readonly doorInRun: DoorOpenedInRun;

  constructor(
    private readonly config: Config,
    private readonly fitted: FittedSensors,
    private readonly clock: Clock,
    private readonly onRecord: (record: DetectionRecord) => void,
    /** each accelerometer sample in the car frame; may be set and unset while running (absent: no sample is made) */
    public onMotion?: (sample: MotionSample) => void,
    { startLanding, startLandingPa, keepLandingPa, raisedBeforeStart, keepOpenConditions, keepLanding, presenceStuck, keepPresenceStuck, presenceStuckVacant, keepPresenceStuckVacant, doorStuckOpen, keepDoorStuckOpen, landingBrakingRatios, keepLandingBrakingRatios, zoneDead, keepZoneDead }: AcrossBoots = {},
  ) {
    this.keepLanding = keepLanding;
    this.barometerPlaces = fitted.barometer;
    const { door_open_speed_mps: outsideZoneMps, door_preopening_speed_mps: inZoneMps, early_opening_braking_ratio: landingBrakingRatio } = config.detection;
    this.doorInRun = new DoorOpenedInRun({ outsideZoneMps, inZoneMps, landingBrakingRatio });
    this.zoneBelief = new ZoneSensorBelief(fitted.door_zone, zoneDead === true, keepZoneDead, (notBelievedFrom) => {
      this.placingChanged();
      // Believed again: the reckoning no longer tells the zone; not believed, its "outside" is no fact.
      if (notBelievedFrom === undefined) this.reckonedZone.reset();
      else this.send({ type: "ZONE_UNKNOWN", at: notBelievedFrom });
    });
    this.health = new SensorHealth((record) => {
      // The car may have moved while the accelerometer was blind: its position is unknown.
      if (record.type === "sensor_fault" && record.sensor === "accelerometer") this.positionLost();
      onRecord(record);
    });
    this.accelerometerCheck = new AccelerometerCheck(config.health, fitted.accelerometerHz, this.health);
    this.zoneCheck = new DoorZoneCheck(this.health, config.lift.door_zone_half_m);
    this.missedVanes = new MissedVaneWait(config.detection.late_arrival_s, config.detection.door_open_timeout_s, clock, ({ at, landing, offM }, t) => this.zoneCheck.missedVane(t, at, landing, offM));
    this.reckonedZone = new ReckonedZone((event) => this.send(event));
    if (fitted.occupied) {
      const unknown = (at: number) => this.send({ type: "PRESENCE_UNKNOWN", at });
      const settings = { holdS: config.health.presence_hold_s, vacantTrips: config.health.presence_vacant_trips };
      const occupied = (at: number) => this.send({ type: "OCCUPIED", at });
      this.presenceCheck = new PresenceCheck(settings, clock, this.health, unknown, occupied, {
        stuckBeforeStart: presenceStuck,
        keep: keepPresenceStuck,
        stuckVacantBeforeStart: presenceStuckVacant,
        keepVacant: keepPresenceStuckVacant,
      });
    }
    this.motion = new MotionEstimator(
      config,
      fitted,
      { started: (at, direction) => this.motionStarted(at, direction), stopped: (at, movement) => this.motionStopped(at, movement) },
      (end, movement) => this.stopLeveling.cameToRest(end, movement),
    );
    this.motion.onBarometerStuck = (t, pascal, runM) => this.barometerStuck(t, pascal, runM);
    const { lift, detection } = config;
    this.limits = new ShaftLimits(config);
    if (fitted.barometer) {
      this.carriedLevel = new CarriedLevel(startLanding != null ? startLandingPa : undefined, this.limits.shortestStoreyM / 2, config.barometer.median_samples, keepLandingPa);
    }
    this.shaft = new ShaftPosition({
      landingsM: lift.landings_m,
      startLanding: startLanding === undefined ? lift.start_landing : (startLanding ?? undefined),
      startCarried: startLanding !== undefined && startLanding !== null,
      snapM: detection.landing_snap_m,
      zoneHalfM: lift.door_zone_half_m,
      confidenceSigma: detection.landing_confidence_sigma,
      missedVaneM: detection.missed_vane_m ?? missedVaneDefaultM(lift.door_zone_half_m),
      missedVaneSigma: detection.missed_vane_sigma,
      narrowsByTrips: !fitted.door_zone && !fitted.barometer,
    });
    this.doorContact = new DoorContactCheck(clock, this.health, this.limits.zoneToZoneS, (at) => this.send({ type: "DOOR_UNKNOWN", at }), {
      stuckOpenBeforeStart: doorStuckOpen,
      keep: keepDoorStuckOpen,
    });
    const readingsPerStep = blockSize(fitted.accelerometerHz, config.motion.processing_hz);
    // A reading or two missed stays in its block; a longer gap closes it.
    this.block = new BlockAverage(readingsPerStep, readingsPerStep > 1 ? 2.5 / fitted.accelerometerHz : Infinity);
    this.freeFall = new FreeFallDetector(detection);
    const { scale_min_run_m: minSpanM, accelerometer_scale_uncertainty: chipUncertainty, scale_max_error: maxError, scale_agreement: agreement } = config.motion;
    // A span proving the car past the overspeed limit puts the run's speed right on its own (see RunScale).
    const aloneAboveMps = detection.overspeed_factor * (lift.rated_speed_mps ?? Infinity);
    const misplacedSpanM = this.limits.misplacedSpanM.bind(this.limits);
    this.landingBraking = new LandingBraking(detection.landing_braking_trips, landingBrakingRatios, keepLandingBrakingRatios);
    this.runScale = new RunScale({ minSpanM, chipUncertainty, maxError, agreement, aloneAboveMps, aloneSigma: detection.overspeed_confidence_sigma, misplacedSpanM });
    const levelingRows = Math.ceil(20 * Math.max(fitted.accelerometerHz / readingsPerStep, 100));
    const levelingSettings = { toleranceMm: detection.leveling_tolerance_mm, confidenceSigma: detection.leveling_confidence_sigma, settleS: detection.leveling_settle_s, doorContact: fitted.door_closed };
    this.stopLeveling = new StopLeveling(
      new LevelingEstimator(levelingRows, config.motion.run_offset_uncertainty_mps2, this.runScale.maxError),
      new HeldTrip(detection.trip_leveling_wait_s, onRecord, clock),
      levelingSettings,
      this.motion,
      (at, { error_mm, uncertainty_mm }) => this.send({ type: "MISLEVELED", at, error_mm, uncertainty_mm, landing: this.shaft.landing }),
    );
    this.overspeed = new OverspeedDetector(detection, lift.rated_speed_mps, this.runScale);
    this.overtravel = new OvertravelDetector(detection, this.shaft, this.limits.overtravelMarginM, this.limits.shortestStoreyM - lift.door_zone_half_m);
    this.unseenCrawl = new UnseenCrawl({ lateArrivalS: detection.late_arrival_s, confirmS: detection.crawl_out_confirm_s });
    this.vibration = new VibrationMonitor(detection);
    this.doorReopenings = new DoorReopenings(detection);
    const stillOut = () => this.inputs.value("door_zone") === false && this.zoneSound;
    this.endZoneCreep = new EndZoneCreep(lift.landings_m, lift.door_zone_half_m, this.limits.overtravelMarginM);
    this.zoneExit = new DoorOpenZoneExit(detection.zone_exit_confirm_s, clock, stillOut, (at) => {
      // Out of the zone a door opened early in, and staying out: the car was passing it.
      this.doorForcedOpen(this.doorInRun.takeForced());
      // Or, no start felt before it left, the car creeps away too gently to feel.
      this.motion.movedUnseen(at);
      // Which way it went, only the braking that stops it tells (see EndZoneCreep); unless its overtravel was found already.
      if (!this.motion.isMoving && !this.overtravel.done) this.endZoneCreep.leftUnfelt(at, this.shaft.landing);
      this.send({ type: "STAYED_OUT", at });
    });
    // Trip buffers sized for the sensor fitted, not for the fastest one supported.
    const rideQualityRateHz = Math.min(config.ride_quality.max_rate_hz, Math.max(fitted.accelerometerHz, 1) * 1.25);
    this.rideQuality = new RideQualityRecorder({ ...config.ride_quality, max_rate_hz: rideQualityRateHz }, (force, into) => this.motion.carFrameOf(force, into));
    this.usage = new UsageCounters(config.usage);
    this.inputs = new BinaryInputs(config.inputs, fitted, this.health, {
      changed: (field, change, t) => this.inputChanged(field, change, t),
      // The edges of a zone sensor that chatters place nothing (see zoneEdge).
      chatterStarted: (field) => {
        if (field === "occupied") this.presenceCheck?.chatterStarted();
        // Before the door's fact becomes unknown to the lift machine.
        if (field === "door_closed") this.stopLeveling.doorClosing();
        if (field !== "door_zone") return;
        this.restEdge = undefined;
        this.motion.zoneHeld(NaN);
        // Mid-run, its first flips were taken for edges before the chatter showed: one placed the
        // car a metre out, and the next landings were counted from there (false overtravels, a
        // 30 m leveling fault). Where the car is, and the leveling's anchor, are not known.
        if (!this.motion.isMoving) return;
        this.positionLost();
        this.stopLeveling.zoneLeft();
      },
      fact: (event) => {
        // A chatter's end says the sensor reads what it did: not where it was found stuck.
        if ((event.type === "OCCUPIED" || event.type === "VACANT") && this.presenceCheck?.chatterEnded(event.type === "OCCUPIED", event.at)) return;
        this.send(event);
      },
    });
    this.actor = createActor(liftMachine, { clock, input: { detection, clock, raisedBeforeStart } });
    this.actor.on("detected", (event) => {
      if (event.record.type === "entrapment") this.presenceCheck?.entrapmentRaised();
      this.onRecord(event.record);
    });
    if (keepOpenConditions) {
      // After the transition that raised or ended one (its event already sent on): the next start carries them over.
      let kept = [...(raisedBeforeStart ?? [])].sort().join();
      this.actor.subscribe((snapshot) => {
        const open = openConditions(snapshot.value as Record<string, unknown>);
        if (open.sort().join() === kept) return;
        kept = open.join();
        keepOpenConditions(open);
      });
    }
    this.actor.start();
  }

  push(frame: SensorFrame): void {
    const t = frame.t;
    if (!Number.isFinite(t)) return;
    if (!this.started) this.begin(t);
    if (frame.acceleration) this.accelerationSample(t, frame.acceleration);
    else if (this.fitted.accelerometer) this.accelerometerCheck.poll(t);
    if (frame.pressure !== undefined && Number.isFinite(frame.pressure)) this.pressureReading(t, frame.pressure);
    this.inputs.push(frame, t);
  }

  /** The car's rest is placed at a landing (made once: asked at most once a minute at rest). */
  private readonly restsAtLanding = () => this.shaft.landing !== undefined;

  private pressureReading(t: number, pascal: number): void {
    this.motion.pressure(t, pascal);
    if (this.motion.runDeniedByBarometer) {
      // The car stood while integration ran on: what was integrated is not its movement.
      this.motion.runImpossible(t);
      this.positionLost();
    }
    const resting = !this.motion.isMoving;
    // The car rests at another height than the landing carried over the restart: it moved while the box was down.
    if (this.carriedLevel?.reading(t, pascal, resting, this.restsAtLanding) && this.shaft.carriedUnconfirmed) this.positionLost();
  }

  /** One accelerometer sample alone: the sampling loop's path for each sample of a FIFO, with no frame made for it. */
  pushAcceleration(t: number, force: Vector3): void {
    if (!Number.isFinite(t)) return;
    if (!this.started) this.begin(t);
    this.accelerationSample(t, force);
  }

  /** A sensor's read threw (bus error, chip gone): reported once, until a read succeeds. */
  readFailed(sensor: string, t: number, reason: string): void {
    this.health.fault(sensor, "read", t, t, reason);
  }

  /** A fitted part could not be opened (wrong chip, missing bus): the box runs without it. */
  partFailed(sensor: string, t: number, reason: string): void {
    this.health.fault(sensor, "probe", t, t, reason);
  }

  /** Health of every sensor that is not ok. */
  sensorHealth(): Record<string, ComponentHealth> {
    return this.health.components();
  }

  readSucceeded(sensor: string, t: number): void {
    if (sensor === "accelerometer" && this.health.causeOf(sensor) === "read") this.accelerometerCheck.forgetGap();
    this.health.recover(sensor, "read", t);
  }

  /** The input ended (end of a trace): close what can be closed. */
  finish(): void {
    if (this.block.close()) this.motionStep(this.block.t, this.block.mean);
    this.motion.finish();
    // Before the run a door opened early in was judged: no landing says it was early.
    this.doorForcedOpen(this.doorInRun.judged(false));
    this.stopLeveling.release();
    this.missedVanes.confirmNow();
  }

  stop(): void {
    this.raiseHeldOvertravel();
    // Before the run a door opened early in was judged: no landing says it was early.
    this.doorForcedOpen(this.doorInRun.judged(false));
    this.zoneExit.cancel();
    this.missedVanes.cancel();
    this.stopLeveling.release();
    this.actor.stop();
  }

  /** Maintenance declared (or ended) remotely, as the inspection switch would. */
  setMode(mode: "normal" | "maintenance", at: number): void {
    this.send({ type: mode === "maintenance" ? "MAINTENANCE_ENTERED" : "MAINTENANCE_LEFT", at });
  }

  counters(): UsageSnapshot {
    return this.usage.snapshot();
  }

  /** Carries on from counters an earlier boot kept (see usage/kept-usage.ts). */
  restoreCounters(snapshot: UsageSnapshot): void {
    this.usage.restore(snapshot);
  }

  liftState(): LiftState {
    const value = this.machineState;
    const moving = value.motion === "moving";
    return {
      motion: value.motion as LiftState["motion"],
      direction: this.direction,
      // The wire knows an unknown door, not why: a box without a door contact never knows it, one whose contact chatters not now.
      door: (value.door === "notFitted" || value.door === "chattering" ? "unknown" : value.door) as LiftState["door"],
      zone: value.zone as LiftState["zone"],
      occupancy: (value.occupancy === "chattering" ? "unknown" : value.occupancy) as LiftState["occupancy"],
      mode: value.mode as LiftState["mode"],
      power: value.power as LiftState["power"],
      landing: moving ? null : (this.shaft.landing ?? null),
      position_m: roundOrNull(this.shaft.position, 3),
      speed_mps: moving ? roundOrNull(this.motion.speed, 3) : 0,
    };
  }

  /** What the box knows before its first reading: which facts no sensor will ever give. */
  private begin(t: number): void {
    this.started = true;
    if (!this.fitted.occupied) this.send({ type: "PRESENCE_NOT_FITTED", at: t });
    if (!this.fitted.door_closed) this.send({ type: "DOOR_NOT_FITTED", at: t });
    // A box boots with the car assumed at rest; a start in motion shows as a movement.
    if (this.motion.fitted) this.send({ type: "MOTION_STOPPED", at: t, trip: false });
    if (this.shaft.position !== undefined) this.motion.restingAt(this.shaft.position);
  }

  /**
   * An accelerometer sample at a finite t, once the pipeline has begun: checked, then used if
   * good, each for free fall and ride quality's pre-roll, and resolved into the car frame where
   * that is read (a trip recorded, vibration while moving, onMotion); and in blocks (see
   * BlockAverage) for motion and every other detector, in the order a box sampling at the
   * block rate has them.
   */
  private accelerationSample(t: number, force: Vector3): void {
    if (!this.accelerometerCheck.accept(t, force)) return;
    const dt = Number.isNaN(this.lastReadingT) ? 0 : t - this.lastReadingT;
    this.lastReadingT = t;
    const block = this.block;
    if (block.gapBefore(t) && block.close()) this.motionStep(block.t, block.mean);
    const fall = this.freeFall.reading(t, force.x, force.y, force.z);
    if (fall) {
      this.fallConfirmedT = t;
      this.vibration.disarm();
      this.send({ type: "FREE_FALL", at: t, onset: fall.onset, details: { min_g: fall.min_g, duration_s: fall.duration_s } });
    }
    if (block.add(t, force.x, force.y, force.z)) this.motionStep(block.t, block.mean);
    if (!this.motion.inertialFitted) return;
    const rideQuality = this.rideQuality;
    rideQuality.keep(t, force);
    const moving = this.motion.isMoving;
    // Resolved into the car frame only where something reads it: at rest, nothing does.
    if (!moving && !rideQuality.recording && !this.onMotion) return;
    // A step of one reading has resolved it already.
    const reading = block.size === 1 ? this.motion.carFrame : this.reading;
    if (block.size !== 1) this.motion.carFrameOf(force, reading);
    rideQuality.record(t, reading);
    if (moving) this.vibrationReading(t, dt, reading);
    this.onMotion?.({ t, vertical_mps2: reading.vertical });
  }

  /** One reading in the car frame while the car moves: vibration. */
  private vibrationReading(t: number, dt: number, reading: CarFrameReading): void {
    // The shaking of a handled box is not the car's: the vibration measure starts afresh after it.
    // Not within a trusted run, which began with the box at rest on the car (no run starts while
    // it is handled): shaking past the handling level there is the car's, a worn guide roller's,
    // and it was the worst vibration that went unreported.
    const handled = this.motion.handled && !this.motion.speedTrusted;
    if (handled) this.vibration.reset();
    const vibration = handled ? undefined : this.vibration.update(t, dt, reading.vertical, reading.horizontalA, reading.horizontalB);
    if (vibration) this.send({ type: "ABNORMAL_VIBRATION", at: t, onset: vibration.onset, details: { ...vibration } });
  }

  /** One motion step: a block's mean reading at its mean time. */
  private motionStep(t: number, force: Vector3): void {
    const dt = Number.isNaN(this.lastAccelerationT) ? 0 : t - this.lastAccelerationT;
    this.lastAccelerationT = t;
    // |force| for the activity measure (and the barometer's fusion).
    const magnitude = vectorLength(force.x, force.y, force.z);
    if (!this.motion.acceleration(t, dt, force, magnitude)) return;
    // Gone quiet with the door open, the run was a creep's braking (see InertialMotion.follow).
    this.brakingFound();
    // A start or braking that began no run while the motion was unseen (a box booting as its car leaves): where the car is, is not known.
    const movedUntil = this.motion.takeMovedUnmeasured();
    if (!Number.isNaN(movedUntil)) {
      this.positionLost();
      // It stopped only then (a brake's slip with the door open, seen only as it brakes): a stop it made dates from there.
      this.send({ type: "CAME_TO_REST", at: movedUntil });
    }
    const crawlEnd = this.motion.takeCrawlEnd();
    // The last trip stopped where a crawl too slow to see began: the car arrived only now.
    if (!Number.isNaN(crawlEnd)) {
      this.send({ type: "CRAWL_ENDED", at: crawlEnd });
      this.stopLeveling.crawlEnded(crawlEnd);
    }
    this.stopLeveling.push(t, this.motion.carFrame.vertical);
    if (this.unseenCrawl.waiting) this.crawledOut(t);
    if (!this.motion.isMoving) return;
    const speed = this.motion.speed;
    // A run begun while the car's motion was unknown may be a braking integrated as a start:
    // its speed and displacement raise nothing insured.
    const trusted = this.motion.speedTrusted;
    this.runTrusted = trusted;
    this.recentSpeeds.push(t, trusted ? Math.abs(speed) : 0);
    // One begun with the door open may be a creep's braking taken for a start the other way: its
    // speed, if not its way, is one the car had (a slip on a slow lift passing the governor's).
    // Any other is judged too, and what it finds held (see heldOverspeeds).
    const overspeed = this.judgeOverspeed(t, speed);
    if (trusted || this.motion.doorOpenUnverified) {
      this.releaseHeldOverspeeds(t, true);
      if (overspeed) this.overspeedFound(t, overspeed);
    } else if (overspeed) this.heldOverspeeds.push(overspeed);
    const displacement = this.motion.displacement;
    if (!this.limits.withinShaft(displacement) && this.limits.runImpossible(displacement, t - (this.motion.runStart ?? t))) {
      // No car goes further than its shaft: what was integrated is not its movement.
      this.motion.runImpossible(t);
      this.positionLost();
      return;
    }
    if (!trusted && this.zoneSound && this.limits.edgeless(displacement - this.edgeDisplacementM)) {
      // Nor, seen by a sound zone sensor to cross no door-zone edge for further than any two are
      // apart: the braking of an unseen motion, integrated on as a start (a creep out of the zone
      // with the door open, stopped by the brake: 31 s of false run, its stop dated at the end).
      this.motion.brakingTakenForStart(t);
      this.brakingFound();
      this.positionLost();
      return;
    }
    this.shaft.moved(displacement);
    const edge = this.restEdge;
    if (edge) {
      this.restEdge = undefined;
      this.zoneEdge(edge.at, edge.entered, edge.uncertaintyS, true);
    }
    this.checkOvertravel(t);
    const moved = this.motion.integratedDisplacement;
    // A car whose speed has turned back bounced in place: however far one swing went, it went nowhere.
    if (!this.displaced && Math.abs(moved) >= this.config.detection.unintended_movement_m && !this.motion.reversed) {
      this.displaced = true;
      // Untrusted, it says nothing now, nor later (trusted once it braked, it is the whole trip);
      // but a run begun with the door open moved the car with its door open, whichever way it went.
      if (!trusted && !this.motion.doorOpenUnverified) return;
      this.send({ type: "DISPLACED", at: t, onset: this.motion.runStart ?? t, displacement_m: round(moved, 3) });
    }
  }

  /** A run found to be the braking of a car moving unseen: past an end landing it crept out of, an overtravel (see EndZoneCreep). */
  private brakingFound(): void {
    const going = this.motion.takeBrakingFound();
    const crept = going && this.endZoneCreep.brakingFound(going);
    if (crept) this.send({ type: "OVERTRAVEL", at: crept.at, onset: crept.at, details: { end: crept.end, position_m: crept.position_m } });
  }

  /** An overtravel held on a guessed landing, found one, or in a run that can no longer be judged (see OvertravelDetector): raised, dated when found. */
  private raiseHeldOvertravel(held = this.overtravel?.takeHeld()): void {
    if (held) this.send({ type: "OVERTRAVEL", at: held.t, onset: held.t, details: { ...held.overtravel } });
  }

  /** The overspeeds held in an untrusted run (see heldOverspeeds): raised at `t` where `trusted`, else dropped. */
  private releaseHeldOverspeeds(t: number, trusted: boolean): void {
    if (trusted) for (const held of this.heldOverspeeds) this.overspeedFound(t, held);
    this.heldOverspeeds.length = 0;
  }

  /** An overspeed found, raised at `t` (s), dated at its onset. */
  private overspeedFound(t: number, overspeed: Overspeed): void {
    this.send({ type: "OVERSPEED", at: t, onset: overspeed.onset, details: { ...overspeed } });
  }

  /** The run's speed judged as its door-zone edges put it right, where they have (see RunScale). */
  private judgeOverspeed(t: number, speed: number): Overspeed | undefined {
    const motion = this.motion;
    const runSpeed = this.runSpeed;
    runSpeed.t = t;
    runSpeed.speed = speed;
    runSpeed.uncertainty = motion.speedUncertainty;
    runSpeed.noiseVariance = motion.speedNoiseVariance;
    runSpeed.offsetMps2 = motion.runOffsetMps2;
    return this.overspeed.update(runSpeed);
  }

  /** A binary input's settled change, `t` the reading that settled it: what it means for the lift. */
  private inputChanged(field: BinaryField, change: InputChange, t: number): void {
    const at = change.at;
    // An inspection switch read off at start ends no maintenance: one declared remotely before a restart holds.
    if (field === "inspection" && change.first && !change.value) return;
    if (field === "occupied" && this.presenceCheck?.reading(change.value, t, at, change.first)) return;
    if (field === "occupied" && change.value && !change.first) {
      const { motion, mode } = this.machineState;
      this.doorContact.occupied(at, motion === "stopped" && mode === "normal");
    }
    if (field === "door_closed" && this.doorContact.changed(t, at, change.first === true, !change.value)) return;
    if (field === "door_closed" && !change.value) return this.doorOpened(at);
    if (field === "door_closed" && this.doorWasOpen) {
      this.stopLeveling.doorClosing();
      this.doorReopenings.closed(at);
      this.usage.doorCycle();
    }
    if (field === "door_zone" && this.zoneBelief.reading(at, change.first === true, change.value, () => this.zoneCheck.deadBeforeStart(t, at))) return;
    if (field === "door_zone") {
      if (change.value) {
        this.endZoneCreep.forget();
        this.doorContact.zoneEntered(at);
        this.zoneExit.cancel();
        this.missedVanes.cancel();
      } else {
        this.doorContact.zoneLeft(at);
        if (this.doorWasOpen) this.zoneExit.left(at);
      }
      this.zoneCheck.changed(t, at);
      this.motion.zoneHeld(change.value && this.zoneSound ? at : NaN);
      this.zoneEdge(at, change.value, change.uncertaintyS);
    }
    this.send({ type: inputEvent(field, change.value), at } as LiftEvent);
    if (field === "door_closed") this.zoneReckoning?.doorClosed();
  }

  /** The car-door contact reads open, and is believed (see DoorContactCheck). */
  private get doorReadOpen(): boolean {
    return this.inputs.value("door_closed") === false && this.doorContact.sound;
  }

  private get doorWasOpen(): boolean {
    return this.machineState.door === "open";
  }

  /** The lift model's facts, region by region (door, motion, mode...). */
  private get machineState(): Record<string, string> {
    return this.actor.getSnapshot().value as Record<string, string>;
  }

  private doorOpened(at: number): void {
    if (!this.motion.isMoving && this.doorContact.sound) this.doorOpenedAtDoubtedStop(at);
    // The fastest the car went since the door began to open: the stop it causes must not hide it.
    const speed = Math.max(0, this.recentSpeeds.maxSince(at - 0.05));
    // Doors open early only as a car arrives: not in the zone of a landing it is leaving.
    const leaving = this.motion.startingAt(at);
    const early = this.inputs.value("door_zone") === true && !leaving;
    const measured = this.motion.isMoving && this.motion.speedTrusted;
    // Read outside every zone, or with no sensor to read them, near a landing: the car may be in a
    // zone all the same, its vane missed or unseen. How it stops tells (see DoorOpenedInRun.judged).
    const unseenZone = !early && !leaving && measured && speed <= this.config.detection.door_preopening_speed_mps && this.shaft.mayBeInZone(this.runUncertaintyM(), this.zoneSound ? this.motion.scaleUncertainty : 0);
    const travelling = this.doorInRun.opened(at, speed, measured, early, unseenZone, () => this.motion.brakingPeakAt(at));
    this.send({ type: "DOOR_OPENED", at, travelling, speed_mps: round(speed, 3) });
    this.presenceCheck?.doorOpened();
    this.unseenCrawl.doorOpened();
    // Doors open at landings: the reckoning starts again from the one the car was placed at.
    this.shaft.doorOpened();
    const dropped = this.motion.doorOpened(at);
    // After the stop of a run dropped here, which its reckoning may have put between floors.
    this.zoneReckoning?.doorOpened(at);
    // A run begun unseen and dropped here went somewhere: where the car is, is not known.
    if (dropped) this.positionLost();
    this.stopLeveling.doorOpened(at, speed);
    const reopened = this.doorReopenings.opened(at);
    if (reopened) this.send({ type: "DOOR_FAILS_TO_CLOSE", at, onset: reopened.onset, details: { kind: "fails_to_close", reopenings: reopened.reopenings } });
  }

  /** A door that opened early in this run was forced open as the car passed the zone, or outside every zone (see DoorOpenedInRun). */
  private doorForcedOpen(opened: EarlyOpening | undefined): void {
    if (opened) this.send({ type: "DOOR_OPENED_TRAVELLING", at: opened.at, speed_mps: round(opened.speed, 3) });
  }

  /**
   * The barometer read one value through a run (see BarometerCheck): reported, and not used again
   * this boot (whether it came back could only be judged by another run). Where it placed the car
   * since it stuck is not known; without a door-zone sensor the trips place it from now on.
   */
  private barometerStuck(t: number, pascal: number, runM: number): void {
    this.health.fault("barometer", "data", t, t, `stuck: ${round(pascal, 2)} Pa through a ${round(runM, 1)} m run; no longer used`);
    this.barometerPlaces = false;
    this.placingChanged();
    if (this.zoneBelieved) return;
    this.shaft.lose();
    this.keepLanding?.(null);
  }

  /** The car may have moved unseen: where it is, is not known (nor is the barometer's anchor). */
  private positionLost(): void {
    this.raiseHeldOvertravel();
    // Lost before the trips confirmed a landing carried over the restart: no level the barometer took at landings since is surely theirs.
    if (this.shaft?.carriedUnconfirmed) this.motion?.forgetLandingLevels();
    this.shaft?.lose();
    this.motion?.positionLost();
    this.keepLanding?.(null);
  }

  /**
   * A door-zone edge: a known height in the shaft while the car moves; `at` known to
   * `uncertaintyS` (one σ). `held`: crossed while the run's start was held, up to start_hold_s
   * ago, where the car's acceleration since counts (a falling car's 9 m/s²: 0.2 m in 0.2 s).
   */
  private zoneEdge(at: number, entered: boolean, uncertaintyS: number, held = false): void {
    if (!entered) this.stopLeveling.zoneLeft();
    const direction = this.motion.direction;
    if (!direction) {
      // Into a zone after leaving one, at rest, while the car may be moving unseen (after boot),
      // or out of the zones as long as a trip to the next landing takes (a start hidden by a
      // roller shaking the car): it went somewhere this box missed. Not a contact flickering for
      // less, nor at the leaving alone: a start still held leaves the zone too (see motionStarted).
      const left = this.restEdge?.entered === false ? this.restEdge.at : undefined;
      if (entered && left !== undefined && (this.motion.movingUnseen || (this.zoneSound && at - left >= this.limits.zoneToZoneS))) this.positionLost();
      this.restEdge = { at, entered, uncertaintyS };
      if (!entered && this.zoneSound) this.unseenCrawl.zoneLeftAtRest(at, this.stillAtLanding, this.motion.movingUnseen);
      return;
    }
    this.edgeDisplacementM = this.motion.displacement;
    const lag = Number.isNaN(this.lastAccelerationT) ? 0 : Math.max(0, this.lastAccelerationT - at);
    const integratedM = held ? this.motion.speed * lag - (this.motion.carFrame.vertical * lag * lag) / 2 : this.motion.speed * lag;
    // The car crossed the edge going `direction` and went on that way: an integrated speed a few
    // cm/s the wrong side of zero at the end of a braking (a chip a few per cent off) does not
    // put it back behind the edge (leaving the top landing's zone, 3 mm short of overtravel).
    const way = direction === "up" ? 1 : -1;
    const sinceM = way * Math.max(0, way * integratedM);
    // A run begun unseen (a box booting as its car passes a floor) says nothing of how far the car went through a zone.
    const edge = this.shaft.zoneEdge(at, entered, direction, sinceM, this.motion.speedTrusted ? this.motion.speedUncertainty : Infinity);
    if (!edge) return;
    // The run as integrated when the car was at the edge.
    const atEdgeM = this.motion.integratedDisplacement - sinceM;
    if (edge.earlyExitM !== undefined) this.zoneCheck.leftEarly(at, edge.landing, edge.earlyExitM);
    else {
      // Where the edge falls in the integration is off by its timing at this speed.
      const motion = this.motion;
      const upperEnd = edge.position > this.config.lift.landings_m[edge.landing];
      this.runScale.edge({ t: at, landing: edge.landing, upperEnd, knownM: edge.position, guessed: this.shaft.carriedUnconfirmed, integratedM: atEdgeM, sigmaM: Math.abs(motion.speed) * uncertaintyS, noiseVariance: motion.speedNoiseVariance, speedUncertainty: motion.speedUncertainty });
    }
    if (entered) {
      const anchor = this.runScale.anchorFor(edge.position);
      const doubts = { uncertaintyS, scaleUncertainty: this.motion.scaleUncertainty, anchor: anchor && { ...anchor, spanDoubtM: this.limits.misplacedSpanM(anchor, { landing: edge.landing, knownM: edge.position, integratedM: atEdgeM }, this.runScale.maxError) } };
      this.stopLeveling.zoneEntered(at, edge.position, this.config.lift.landings_m[edge.landing], doubts);
    }
    this.checkOvertravel(at);
  }

  /**
   * A zone left at rest with no start after it (see UnseenCrawl): a crawl too slow to see went
   * on out of it (the rest moves to its edge; past an end landing, an overtravel), or, with the
   * car still at its landing, the sensor left it alone.
   */
  private crawledOut(t: number): void {
    const left = this.unseenCrawl.confirm(t, this.motion.isMoving, !this.motion.isQuiet, this.motion.movingUnseen);
    if (!left) return;
    const { at, direction } = left;
    if (direction === undefined) this.zoneLeftUnmoved(t, at);
    else if (this.shaft.crawledOut(at, direction)) this.checkOvertravel(at, direction, true);
  }

  /** The car is at rest at a landing, as far as the box can feel now (see UnseenCrawl.zoneLeftAtRest; its motion may still be unseen). */
  private get stillAtLanding(): boolean {
    return this.shaft.landing !== undefined && this.motion.inertialFitted && this.motion.isQuiet && !this.doorReadOpen && !this.health.isFaulty("accelerometer");
  }

  /** The sensor read the car out of its zone at `at` with nothing moving it, and still does: at fault, and not believed until it changes. */
  private zoneLeftUnmoved(t: number, at: number): void {
    const landing = this.shaft.landing;
    if (!this.zoneSound || this.inputs.value("door_zone") !== false || landing === undefined) return;
    this.zoneCheck.leftUnmoved(t, at, landing);
    this.zoneBelief.foundDeadAt(at);
  }

  /**
   * A run begun with the door open (see MotionEstimator.doorOpenAtStart) is judged too where a
   * sound zone sensor must see the car leave the end zone, or while its start goes on: a slip
   * carrying the car past an end landing had been dated at its brake, seconds late.
   */
  private checkOvertravel(t: number, direction = this.motion.direction, trusted = this.motion.speedTrusted || (this.motion.doorOpenUnverified && (this.zoneSound || this.motion.doorOpenStillStarting))): void {
    const position = this.shaft.position;
    if (this.overtravel.done || !trusted || position === undefined) return;
    const overtravel = this.overtravel.update(t, position, direction, this.shaft.uncertaintyM + this.runUncertaintyM(), this.zoneSound);
    if (overtravel) this.send({ type: "OVERTRAVEL", at: t, onset: t, details: { ...overtravel } });
  }

  /** A door-zone sensor is fitted and not found reading nothing: its edges place the car. */
  private get zoneBelieved(): boolean {
    return this.zoneBelief.believed;
  }

  /**
   * What places the car changed (a door-zone sensor found reading nothing or reading again, the
   * barometer found stuck): without a believed sensor, the barometer's correction, where it
   * still has one; without either, the trips narrow a rest the reckoning cannot place.
   */
  private placingChanged(): void {
    this.motion.zoneSensorBelieved(this.zoneBelieved);
    this.shaft.placeByTrips(!this.zoneBelieved && !this.barometerPlaces);
  }

  private get zoneSound(): boolean {
    return this.fitted.door_zone && this.zoneCheck.sound;
  }

  /**
   * m, one σ: how far off the current run's displacement (or an ended one's) may put the car:
   * the barometer's weighing where it has one; nothing where sound zone edges put it right;
   * else the integration's own (its chip, noise and offset), which a rest off any landing
   * carries into the next run, so that neither placing nor overtravel leans on a position it
   * cannot know.
   * A run that ended on a box with a door-zone sensor, sound or not, is judged at its stop by
   * what the sensor reads, the reckoning from its last landing telling a missed vane; unless
   * the position is lost, when the trip's length alone tells the landings (see ShaftPosition).
   */
  private runUncertaintyM(ended?: Movement): number {
    const weighed = this.motion.correctedUncertaintyM(ended);
    if (weighed !== undefined) return weighed;
    if (ended ? this.zoneBelieved && this.shaft.position !== undefined : this.zoneSound) return 0;
    return ended ? this.motion.integrationUncertaintyM(ended.displacement_m, ended.noise_m ?? 0) : this.motion.integrationUncertaintyM();
  }

  private motionStarted(at: number, direction: Direction): void {
    this.doorInRun.runStarted();
    this.missedVanes.confirmNow();
    this.stopLeveling.runStarted(direction === "up" ? 1 : -1);
    this.carriedLevel?.runStarted();
    this.direction = direction;
    this.unseenCrawl.started();
    this.displaced = false;
    this.edgeDisplacementM = 0;
    this.overtravel.rearm();
    this.overspeed.rearm();
    this.heldOverspeeds.length = 0;
    // A run recognised only after the free fall it began with stays unjudged for vibration (see disarm).
    if (this.fallConfirmedT < at) this.vibration.rearm();
    this.doorReopenings.moved();
    this.shaft.runStarted();
    this.runScale.started();
    // A car that drops or starts briskly may leave its zone while its start is held (a fall from
    // rest goes 0.2 m in 0.2 s): the edge it crossed places it in the shaft. Not one seen earlier
    // in a start recognised late (a reference warming up): the car went on accelerating since.
    const edge = this.restEdge;
    if (edge && !(edge.at >= at && this.lastAccelerationT - edge.at <= this.config.motion.start_hold_s)) this.restEdge = undefined;
    this.doorContact.runStarted(this.inputs.value("door_closed") === false, this.inputs.value("occupied") === false);
    if (this.doorReadOpen) this.motion.doorOpenAtStart();
    this.zoneSoundAtStart = this.zoneSound && this.motion.speedTrusted;
    this.presenceCheck?.runStarted();
    this.rideQuality.tripStarted(at);
    this.send({ type: "MOTION_STARTED", at, direction });
    this.keepLanding?.(null);
    this.zoneReckoning?.moved(at);
    // Leaving the landing where its vane was missed: the sensor's "outside" is true again.
    if (!this.zoneBelief.foundDead && this.zoneCheck.doubted && this.inputs.value("door_zone") === false) this.send({ type: "ZONE_LEFT", at });
  }

  private motionStopped(at: number, movement: Movement | undefined): void {
    // A whole run, start to braking, makes the car's motion known: what its speed was is known too.
    this.releaseHeldOverspeeds(at, movement !== undefined && !this.motion.movingUnseen);
    this.direction = null;
    this.unseenCrawl.stopped(at, movement?.direction);
    // A door opened at speed in the run, or the power failed: a braking harder than its start was a stop, not a landing.
    const corroborated = this.doorInRun.openedAtSpeed || this.inputs.value("mains") === false;
    const { emergency, stoppedHard, pastLandingLimit } = movement ? stopKind(movement, this.config.detection, corroborated, this.landingBraking.ratio) : { emergency: false, stoppedHard: false, pastLandingLimit: false };
    const landedGently = this.doorInRun.landedGently(movement, emergency, this.landingBraking.ratio);
    if (stoppedHard) {
      this.stopLeveling.stoppedHard();
      this.motion.haltedByBrakes();
    }
    // An overtravel found on a landing carried over the restart, judged now the run has ended (see OvertravelDetector).
    const held = this.overtravel.runEnded(this.shaft.position, this.shaft.uncertaintyM + this.runUncertaintyM(), this.zoneSound);
    if (held?.found) this.raiseHeldOvertravel(held);
    // Not one: the guess was not where the car was.
    else if (held && this.shaft.carriedUnconfirmed) this.positionLost();
    const doorVouches = movement !== undefined && this.doorVouchesForLanding(movement.start, landedGently);
    const { from, to, missedVaneM, vaneInDoubt, stuckInsideM, stuckOutside, edgeSpan, carriedRefuted } = this.shaft.runEnded(
      movement && {
        ...movement,
        emergency,
        stoppedHard,
        integrationUncertaintyM: this.motion.integrationUncertaintyM(movement.displacement_m, movement.noise_m ?? 0),
        scaleUncertainty: this.motion.scaleUncertainty,
        doorVouches,
        openedComingIn: doorVouches && landedGently && this.fitted.door_closed && this.doorContact.sound && this.doorInRun.openedAt < movement.end,
      },
      this.zoneBelief.foundDead ? undefined : this.inputs.value("door_zone"),
      movement && this.runUncertaintyM(movement),
      movement && this.motion.restPosition(),
    );
    const landings = this.config.lift.landings_m;
    const { landing_snap_m, landing_confidence_sigma } = this.config.detection;
    if (carriedRefuted) this.motion.forgetLandingLevels();
    // Placed by a sensor believed through the run, its length teaches the barometer's scale whatever the accelerometer's doubt.
    if (movement) this.motion.landed(this.limits.landingDistancesM, landing_snap_m, landing_confidence_sigma, from !== undefined && to !== undefined ? landings[to] - landings[from] : undefined, this.zoneBelieved && !stuckOutside);
    if (edgeSpan && this.zoneSoundAtStart && this.zoneCheck.sound) this.motion.passedEdges(edgeSpan);
    if (to !== undefined) this.motion.restingAt(landings[to]);
    const levelingErrorMm = this.stopLeveling.measuredErrorMm;
    // Before the stop is known, so that no rule sees the car stopped outside the zone.
    if (missedVaneM !== undefined) this.missedVane(at, to!, missedVaneM);
    if (vaneInDoubt) this.missedVanes.doubted({ at, ...vaneInDoubt });
    if (stuckInsideM !== undefined) this.zoneCheck.stuckInside(at, stuckInsideM);
    if (stuckOutside) {
      this.zoneCheck.stuckOutside(at, stuckOutside.tripM, stuckOutside.zones, to);
      this.zoneBelief.foundDeadAt(at);
    }
    const reckonedZone = this.zoneByReckoning(emergency, movement !== undefined && to !== undefined, movement !== undefined);
    // A missed vane placed the car in its landing's zone (see missedVane).
    if (missedVaneM === undefined) this.zoneReckoning?.stopped(at, reckonedZone, this.doorReadOpen);
    this.doorForcedOpen(this.doorInRun.judged(landedGently && (this.zoneSound ? this.inputs.value("door_zone") === true || missedVaneM !== undefined : reckonedZone === "inside" || to !== undefined)));
    const wentSomewhere = movement !== undefined && (from !== undefined && to !== undefined ? from !== to : Math.abs(movement.displacement_m) >= UNPLACED_TRIP_M);
    // A trip as the lift runs for passengers: how it lands (after it judged this one's door). Not
    // by `emergency`, which such a lift's every landing is until this is learnt, nor `stoppedHard`,
    // which a door opening early at speed makes of it: a braking past any landing's, or the power
    // failing, says it was stopped.
    if (wentSomewhere && movement.starting_mps2 !== undefined && !pastLandingLimit && this.inputs.value("mains") !== false && this.runTrusted && this.machineState.mode === "normal") {
      this.landingBraking.trip(movement.starting_mps2, movement.braking_mps2 ?? 0);
    }
    this.runTrusted = false;
    // Before the stop is known: a sensor found stuck vacant by this trip is no fact at this stop.
    if (movement && this.presenceCheck) this.presenceCheck.runEnded(at, wentSomewhere && !emergency && this.machineState.mode === "normal");
    this.send({ type: "MOTION_STOPPED", at, trip: movement !== undefined, emergency });
    if (movement) this.doorContact.runEnded(at, from, to, from !== undefined && to !== undefined ? Math.abs(landings[to] - landings[from]) : NaN, emergency, this.inputs.value("door_closed") === true);
    this.keepLanding?.(to ?? null);
    this.carriedLevel?.stopped();
    if (!movement) return this.rideQuality.tripAbandoned();
    this.endZoneCreep.forget();
    const rideQuality = this.rideQuality.tripEnded(movement.start, movement.end);
    this.usage.trip(Math.abs(movement.displacement_m), movement.end - movement.start);
    const trip = tripRecord({ t: this.clock.now() / 1000, movement, landingsM: landings, from, to, levelingErrorMm, rideQuality });
    if (!this.stopLeveling.keepsTrip(trip, movement, at)) this.onRecord(trip);
  }

  /** The reckoning's word on the zone, where no sensor's is believed: none fitted, or one found reading nothing. */
  private get zoneReckoning(): ReckonedZone | undefined {
    return this.zoneBelieved ? undefined : this.reckonedZone;
  }

  /**
   * Without a door-zone sensor (see ReckonedZone), where the car stopped: outside every zone
   * by the reckoning, or after an `emergency` stop where the reckoning cannot put it inside
   * one; inside by the reckoning, or where a trip braked as lifts land, since lifts stop at
   * floors: one `landed` (placed at a landing), or, outside maintenance (a technician stops
   * the car anywhere), one the reckoning could not place (a long run on a chip a few per cent
   * off, floors of one height), unless reckoned beyond an end landing's zone (an overtravel
   * is placed at that landing). Else unknown.
   */
  private zoneByReckoning(emergency: boolean, landed: boolean, trip: boolean): ReckonedStop {
    const zone = this.shaft.reckonedZone;
    if (zone === "outside" || (emergency && zone !== "inside")) return "outside";
    if (zone === "inside") return "inside";
    const atFloor = landed || (trip && this.machineState.mode === "normal");
    return atFloor && !emergency && !this.shaft.reckonedBeyondEnds ? "inside" : undefined;
  }

  /**
   * The door-zone sensor reads outside where the car stopped at a landing: the car is in the
   * zone by the reckoning (so that someone shut in at that floor is found), until it moves
   * again, and the sensor is at fault unless the car was still crawling in (see MissedVaneWait).
   */
  private missedVane(at: number, landing: number, offM: number): void {
    this.missedVanes.stopped({ at, landing, offM });
    this.send({ type: "ZONE_ENTERED", at });
  }

  /**
   * A stop the sensor reads outside though the reckoning puts it near a landing is at it, however
   * unsure the reckoning (see TripEnd.doorVouches), where no sound door contact can say more (the
   * reckoning is all there is), or where the door opened in this run and vouches for it (see
   * DoorOpenedInRun.vouchesForLanding).
   */
  private doorVouchesForLanding(runStart: number, landedGently: boolean): boolean {
    if (!this.fitted.door_closed || !this.doorContact.sound) return true;
    return this.doorInRun.vouchesForLanding(this.doorReadOpen, runStart, landedGently);
  }

  /**
   * The door opened soon after a stop in doubt: lifts open their doors only in the zone, so the
   * car is at that landing and the sensor missed its vane (see MissedVaneWait). The trip has
   * gone out without its landing; the journal keeps it for the next boot.
   */
  private doorOpenedAtDoubtedStop(at: number): void {
    const missed = this.missedVanes.doorOpened(at);
    if (!missed) return;
    this.shaft.atLanding(missed.landing);
    this.motion.restingAt(this.config.lift.landings_m[missed.landing]);
    this.keepLanding?.(missed.landing);
    this.send({ type: "ZONE_ENTERED", at });
  }

  private send(event: LiftEvent): void {
    this.actor.send(event);
    if (!this.presenceCheck) return;
    const { motion, door } = this.machineState;
    this.presenceCheck.lift(motion === "stopped" && door === "closed", this.clock.now() / 1000);
  }
}

/** A reported number, or null where it is not known. */
function roundOrNull(value: number | undefined, digits: number): number | null {
  return value === undefined || !Number.isFinite(value) ? null : round(value, digits);
}
