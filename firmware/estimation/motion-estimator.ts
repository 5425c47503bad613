/**
 * The car's vertical motion from whatever the box has: accelerometer alone, barometer
 * alone, or both fused. It also resolves each reading into the car frame for the detectors
 * downstream (ride vibration, leveling), and says whether a run is under way, how fast and
 * how far it has gone.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import type { Config } from "../config/schema.ts";
import type { FittedSensors } from "../frame.ts";
import { ActivityMeter } from "../conditioning/activity.ts";
import { freeFallLimitMps2 } from "../detectors/free-fall.ts";
import { AccelerometerScale, type EdgeSpan } from "./accelerometer-scale.ts";
import { BarometricCorrection, calibratedScale } from "./barometric-correction.ts";
import { BarometricMotion } from "./barometric-motion.ts";
import { CarFrameReading, GravityReference } from "./gravity-reference.ts";
import { gapSFor, InertialMotion, type Direction, type MotionListener, type Movement } from "./inertial-motion.ts";
import { MotionFusion } from "./motion-fusion.ts";
import { BarometerCheck } from "../health/barometer-check.ts";

export class MotionEstimator {
  private readonly gravity: GravityReference;
  private readonly activity: ActivityMeter;
  private readonly scale: AccelerometerScale;
  private readonly inertial?: InertialMotion;
  private readonly barometric?: BarometricMotion;
  private readonly fusion?: MotionFusion;
  /** undefined without a barometer weighed against the accelerometer, or once it was found stuck */
  private correction?: BarometricCorrection;
  /**
   * The correction's word is taken: no door-zone sensor is believed. While one is, its edges
   * place the car and the correction only learns (its scale from the trips placed, the levels of
   * the landings), ready for the sensor found reading nothing (see zoneSensorBelieved).
   */
  private correctionTaken: boolean;
  private barometerCheck?: BarometerCheck;
  /** told once, where the barometer is found stuck through a run (see BarometerCheck) */
  onBarometerStuck?: (t: number, pascal: number, runM: number) => void;
  private handledNow = false;
  /** m/s²: a reading whose |force| is below this is falling (the free-fall limit) */
  private readonly fallingBelowMps2: number;
  /** The last reading in the car frame: written by acceleration(), read at once. */
  readonly carFrame = new CarFrameReading();

  /**
   * `inertialStopped`: the accelerometer's own runs end here too (with a barometer, the
   * fused stop comes seconds later; the accelerometer's is the moment the car came to rest).
   */
  constructor(private readonly config: Config, fitted: FittedSensors, listener: MotionListener, inertialStopped: (end: number, movement: Movement | undefined) => void = () => {}) {
    const { motion } = config;
    this.correctionTaken = !fitted.door_zone;
    this.gravity = new GravityReference(motion.gravity_tracking_s, motion.reference_warmup_s);
    // The mount's calibration starts it warm; a vector that is not a unit one is no mount's.
    const { gravity_chip: up, gravity_mps2: g } = config.calibration;
    if (up && g !== undefined && Math.abs(Math.hypot(...up) - 1) < 0.01) this.gravity.startFrom({ x: up[0] * g, y: up[1] * g, z: up[2] * g });
    this.activity = new ActivityMeter(motion.activity_high_pass_s, motion.activity_averaging_s, motion.activity_low_pass_s);
    this.fallingBelowMps2 = freeFallLimitMps2(config.detection);
    this.scale = new AccelerometerScale(motion);
    // A slow accelerometer is used only when nothing better is fitted; with a barometer, the
    // barometer decides and the accelerometer gives onsets and tells handling from riding.
    const accelerometerFast = fitted.accelerometer && fitted.accelerometerHz >= motion.min_accelerometer_hz;
    // A box fitted to a car (it has door or door-zone contacts) carries a real accelerometer;
    // a recording without them may come from a phone's high-passed "linear acceleration".
    const highPassed = motion.high_passed_accelerometer === "auto" ? !fitted.door_closed && !fitted.door_zone : motion.high_passed_accelerometer === "yes";
    // A car still this long inside a door zone is at rest: one going at twice the slowest speed
    // whose braking begins a run would have crossed the zone (see UnseenMotion).
    const restInZoneS = fitted.door_zone ? (2 * (2 * config.lift.door_zone_half_m)) / motion.start_dv_mps : Infinity;
    // The barometer leads only for a high-passed accelerometer, which cannot see a cruise; a
    // box's real accelerometer leads on its own (the barometer's stop would come during a
    // slow final crawl, and its lag would blur every onset).
    if (accelerometerFast && fitted.barometer && highPassed) {
      this.fusion = new MotionFusion(motion, listener, accelerometerFast);
      this.inertial = new InertialMotion(motion, alsoOnStop(this.fusion.inertialListener, inertialStopped), highPassed, restInZoneS, gapSFor(fitted.accelerometerHz));
      this.barometric = new BarometricMotion(config.barometer, this.fusion.barometricListener);
    } else if (fitted.barometer && !accelerometerFast) {
      this.barometric = new BarometricMotion(config.barometer, listener);
    } else if (fitted.accelerometer) {
      // Door-zone edges put the position right to a centimetre every floor; without them, a
      // barometer does it to a few decimetres.
      if (fitted.barometer) {
        this.correction = new BarometricCorrection(config.barometer, motion.accelerometer_scale_uncertainty, calibratedScale(config.calibration));
        listener = this.corrected(listener);
        this.barometerCheck = new BarometerCheck();
      }
      this.inertial = new InertialMotion(motion, alsoOnStop(listener, inertialStopped), highPassed, restInZoneS, gapSFor(fitted.accelerometerHz));
    }
  }

  /** Some sensor tells motion. */
  get fitted(): boolean {
    return this.inertial !== undefined || this.barometric !== undefined;
  }

  /** The accelerometer's own run is under way (speed and displacement below mean something). */
  get isMoving(): boolean {
    return this.inertial?.isMoving ?? false;
  }

  /** The car may be moving unseen, no run under way (see InertialMotion.movingUnseen). */
  get movingUnseen(): boolean {
    return this.inertial?.movingUnseen ?? false;
  }

  /** The car is inside a door zone since `since`, its sensor sound (NaN: it is not): see UnseenMotion. */
  zoneHeld(since: number): void {
    this.inertial?.zoneHeld(since);
  }

  /** The current run's speed and displacement can be relied on (see InertialMotion.speedTrusted). */
  get speedTrusted(): boolean {
    return this.inertial ? this.inertial.speedTrusted : this.isMoving;
  }

  /** The run under way began with the car door open and has not braked (see InertialMotion.doorOpenAtStart). */
  get doorOpenUnverified(): boolean {
    return this.inertial?.doorOpenUnverified ?? false;
  }

  /** The run under way began with the car door open and its start goes on (see InertialMotion.doorOpenStillStarting). */
  get doorOpenStillStarting(): boolean {
    return this.inertial?.doorOpenStillStarting ?? false;
  }

  /** See InertialMotion.watchingCrawlEnd. */
  get watchingCrawlEnd(): boolean {
    return this.inertial?.watchingCrawlEnd ?? false;
  }

  /**
   * s, once: when a levelling crawl too slow to tell from drift ended (NaN: none; see
   * InertialMotion.takeCrawlEnd). The barometer's settled level is measured again from then.
   */
  takeCrawlEnd(): number {
    const at = this.inertial?.takeCrawlEnd() ?? NaN;
    if (!Number.isNaN(at)) this.correction?.crawlEnded(at);
    return at;
  }

  /** The run under way began with the car door open (see InertialMotion.doorOpenAtStart). */
  doorOpenAtStart(): void {
    this.inertial?.doorOpenAtStart();
  }

  /** The trip just stopped was halted by brakes, not landed (see InertialMotion.haltedByBrakes). */
  haltedByBrakes(): void {
    this.inertial?.haltedByBrakes();
  }

  /** The car door opened: the car is at rest at a landing. True when the car had gone somewhere unseen. */
  doorOpened(t: number): boolean {
    return this.inertial?.doorOpened(t) ?? false;
  }

  /**
   * m, one σ: how well a run's integration alone places the car, with neither zone edges nor a
   * barometer to put it right: the accelerometer's sensitivity (a few per cent of the
   * displacement) and its noise and offset integrated (see InertialMotion.displacementUncertainty).
   * The current run's by default; an ended one's from its Movement.
   */
  integrationUncertaintyM(displacementM = this.displacement, noiseM = this.inertial?.displacementUncertainty ?? 0): number {
    // The chip's reading of a length, not the length: an under-sensitive chip reads it short,
    // so the length a reading stands for is off by σ/(1 − kσ) of it at k σ, not σ.
    const sigma = this.config.motion.accelerometer_scale_uncertainty;
    const scaleM = (sigma * Math.abs(displacementM)) / Math.max(0.5, 1 - this.config.detection.landing_confidence_sigma * sigma);
    return Math.sqrt(scaleM * scaleM + noiseM * noiseM);
  }

  /**
   * One σ of the chip's sensitivity as the readings have it (a fraction): its tolerance until
   * runs taught it (see AccelerometerScale), then the deadband a learnt one is left within.
   */
  get scaleUncertainty(): number {
    const { accelerometer_scale_uncertainty, scale_deadband } = this.config.motion;
    return this.scale.learnt ? scale_deadband : accelerometer_scale_uncertainty;
  }

  /** m/s²: smoothed acceleration within this is quiet (see InertialMotion.quietThreshold); Infinity without an accelerometer. */
  get quietMps2(): number {
    return this.inertial?.quietThreshold ?? Infinity;
  }

  /** (m/s²)², what the gravity reference kept of the noise it averaged (see GravityReference.offsetVariance). */
  get referenceVariance(): number {
    return this.gravity.offsetVariance;
  }

  /** m/s, + up, integrated over the current run. */
  get speed(): number {
    return this.inertial?.speed ?? 0;
  }

  /** m/s, one σ of the current run's speed (see InertialMotion.speedUncertainty). */
  get speedUncertainty(): number {
    return this.inertial?.speedUncertainty ?? 0;
  }

  /** (m/s)² and m/s², one σ: the two parts of speedUncertainty, the random walk and the run's offset (see InertialMotion). */
  get speedNoiseVariance(): number {
    return this.inertial?.speedNoiseVariance ?? 0;
  }

  get runOffsetMps2(): number {
    return this.inertial?.runOffsetMps2 ?? 0;
  }

  /** Which way the accelerometer's current run goes (its own, not the fused decision), or undefined at rest. */
  get direction(): Direction | undefined {
    return this.inertial?.heading;
  }

  /** m, + up, integrated over the current run (and put right by the barometer where it does that). */
  get displacement(): number {
    return (this.inertial?.displacement ?? 0) + (this.correctionTaken ? (this.correction?.correctionM ?? 0) : 0);
  }

  /**
   * m, + up, integrated over the current run without the barometer's correction: what a few
   * centimetres of movement are judged on (the barometer resolves decimetres, its noise would
   * leak into them).
   */
  get integratedDisplacement(): number {
    return this.inertial?.displacement ?? 0;
  }

  /** The current run's speed turned against its direction: a bounce (see InertialMotion.reversed). */
  get reversed(): boolean {
    return this.inertial?.reversed ?? false;
  }

  /** At rest, the acceleration inside the quiet band (see InertialMotion.isQuiet); false without an accelerometer. */
  get isQuiet(): boolean {
    return this.inertial?.isQuiet ?? false;
  }

  /** The box is being carried or knocked about (footsteps, handling): its shaking is not the car's. */
  get handled(): boolean {
    return this.handledNow;
  }

  get runStart(): number | undefined {
    return this.inertial?.runStart;
  }

  /** m/s²: the run under way's hardest (smoothed) braking up to `t` (see InertialMotion.brakingPeakAt). */
  brakingPeakAt(t: number): number {
    return this.inertial?.brakingPeakAt(t) ?? 0;
  }

  /** The run under way was still in its start at `t` (false where it cannot tell: no accelerometer). */
  startingAt(t: number): boolean {
    return this.inertial?.startingAt(t) ?? false;
  }

  /**
   * One plausible reading and its magnitude |force| (the caller has it already), resolved
   * into `carFrame`; false when its vertical part is unused (no inertial motion).
   */
  acceleration(t: number, dt: number, force: Vector3, magnitude: number): boolean {
    this.fusion?.acceleration(t, magnitude);
    this.gravity.check(force, dt);
    const carFrame = this.carFrame;
    this.carFrameOf(force, carFrame);
    if (!this.inertial) return false;
    // A box being handled or knocked about says nothing about gravity or a start. One that feels
    // next to no force is falling, and a box fixed to a car falls with it: a car that drops from
    // rest (brake or ropes gone) starts a run, however sharply its force changed. (A box carried
    // and dropped starts none: the carrying disturbed its gravity reference, not yet warm again.)
    const agitated = this.activity.update(magnitude, dt) > this.config.motion.activity_mps2;
    const handled = (this.handledNow = agitated && magnitude >= this.fallingBelowMps2);
    // A reference still warming up may act on a start only if it had averaged a while before
    // the car left the quiet band (a start right after boot is real; a first reading taken
    // mid-bounce is not gravity).
    const young = !this.gravity.isWarm && this.gravity.quietAgeS >= this.config.motion.start_hold_s;
    const wasMoving = this.inertial.isMoving;
    this.inertial.referenceVariance = this.referenceVariance;
    this.inertial.push(t, carFrame.vertical, handled, this.gravity.isWarm, young);
    if (this.inertial.takeWarmupStart()) this.gravity.restoreQuiet();
    // What the reference learnt of the start's first rise was the car, not gravity.
    else if (!wasMoving && this.inertial.isMoving) this.gravity.restoreBeforeOnset();
    if (this.inertial.isMoving) {
      this.correction?.displacement(t, this.inertial.displacement);
      if (this.barometerCheck?.stuckThrough(t, this.inertial.runStart ?? t, this.inertial.displacement)) this.barometerStuck(t);
    }
    // Surely at rest after boot or a gap: a reference still warming up, or moved on since, may hold a braking (see mayHoldMotion).
    if (this.inertial.takeRestSeen() && this.gravity.mayHoldMotion) this.inertial.referenceOff(t);
    if (this.inertial.takeReferenceSuspect()) this.gravity.reset();
    if (this.inertial.isSettled || handled || (this.gravity.isDisturbed && !this.inertial.isMoving)) this.gravity.learn(force, dt, handled);
    if (this.inertial.isQuiet) this.gravity.markQuiet();
    return true;
  }

  /** A reading resolved into the car frame by the gravity reference as it stands, the learnt sensitivity taken out. */
  carFrameOf(force: Vector3, into: CarFrameReading): void {
    this.gravity.carFrame(force, into);
    into.vertical *= this.scale.factor;
  }

  /** The accelerometer tells the car's motion (the car frame means something). */
  get inertialFitted(): boolean {
    return this.inertial !== undefined;
  }

  pressure(t: number, pascal: number): void {
    this.barometerCheck?.reading(t, pascal);
    this.barometric?.push(t, pascal);
    this.correction?.pressure(t, pascal, this.watchingCrawlEnd);
  }

  /** The barometer read one value through a run: the accelerometer's runs go on without it, and it is not judged again. */
  private barometerStuck(t: number): void {
    const check = this.barometerCheck!;
    this.barometerCheck = undefined;
    this.correction = undefined;
    this.onBarometerStuck?.(t, check.value, Math.abs(this.inertial!.displacement));
  }

  /**
   * How far off (m, one σ) the current run's displacement (or an ended one's) may be, where the
   * box weighs accelerometer and barometer against each other; undefined elsewhere (zone edges
   * put it right, or nothing does: see integrationUncertaintyM).
   */
  correctedUncertaintyM(ended?: Movement): number | undefined {
    const correction = this.correction;
    if (!correction || !this.correctionTaken) return undefined;
    if (ended) return correction.endedUncertaintyM(ended.displacement_m, ended.noise_m ?? 0);
    return correction.runUncertaintyM(this.displacement, this.inertial?.displacementUncertainty ?? 0, this.speedUncertainty);
  }

  /**
   * The run that just ended went between two landings, `placedM` apart (+ up) if it was placed
   * at both: the barometer learns from it if the accelerometer alone can tell its length among
   * `distancesM`, the distances between any two landings, or from door-zone edges where they
   * placed it, `placedByEdges` (see BarometricCorrection.landed).
   */
  landed(distancesM: number[], toleranceM: number, confidenceSigma: number, placedM?: number, placedByEdges = false): void {
    this.correction?.landed(distancesM, toleranceM, confidenceSigma, placedM, placedByEdges);
  }

  /**
   * Where the barometer alone says the car came to rest at the end of the last run (m) and how
   * far off that may be (m, one σ), where the box reckons it so.
   */
  restPosition(): { positionM: number; uncertaintyM: number } | undefined {
    return this.correctionTaken ? this.correction?.restPosition() : undefined;
  }

  /** A door-zone sensor is believed (fitted, not found reading nothing): its edges place the car, not the barometer. */
  zoneSensorBelieved(believed: boolean): void {
    this.correctionTaken = !believed;
  }

  /** The run that just ended passed two door-zone edges (see RunEnd.edgeSpan): that teaches the accelerometer's sensitivity. */
  passedEdges(span: EdgeSpan): void {
    this.scale.observe(span);
  }

  /** The car is at rest at `positionM` for sure (a landing): the barometer reckons from here. */
  restingAt(positionM: number): void {
    this.correction?.anchorAt(positionM);
  }

  /**
   * Where the barometer leads (a phone-like recording), it held still over its stable window
   * while the accelerometer's run went on at a speed that would have moved it three times its
   * still range: that run is not the car's. It is a braking taken for a start (a trace begun
   * mid-run), whose cruise is the car standing at a landing. Nothing else puts such a box right:
   * it has no door to open, and a run of its own that stops looks whole to it. So it goes on out
   * of step: each run starts at a braking and ends at the next start, and a car starting while
   * it is thought to cruise reads two starts as one speed (5.2 m/s on a 2.5 m/s lift).
   * The run must have gone on since before the window by the barometer's lag: its smoothing,
   * three time constants, and its chip's own filter.
   */
  get runDeniedByBarometer(): boolean {
    const inertial = this.inertial;
    const barometric = this.fusion && this.barometric;
    if (!barometric || !inertial?.isMoving) return false;
    const stillSince = barometric.stillSince();
    if (Number.isNaN(stillSince)) return false;
    const { smoothing_s, settle_s, stable_window_s } = this.config.barometer;
    return inertial.wentOnSince(stillSince - 3 * smoothing_s - settle_s, (3 * barometric.stableRangeM) / stable_window_s);
  }

  /** The current run has gone further than the shaft allows (see InertialMotion.runImpossible). */
  runImpossible(t: number): void {
    this.inertial?.runImpossible(t);
  }

  /** The car may be moving unseen from `t` (see InertialMotion.movedUnseen). */
  movedUnseen(t: number): void {
    this.inertial?.movedUnseen(t);
  }

  /** The run under way was the braking of a car moving unseen (see InertialMotion.brakingTakenForStart). */
  brakingTakenForStart(t: number): void {
    this.inertial?.brakingTakenForStart(t);
  }

  /** Once: the way a run found to be an unseen motion's braking went (see InertialMotion.takeBrakingFound). */
  takeBrakingFound(): Direction | undefined {
    return this.inertial?.takeBrakingFound();
  }

  /** s, once (then NaN): when the car, having gone somewhere unmeasured while its motion was unseen, came to rest (see InertialMotion.takeMovedUnmeasured). */
  takeMovedUnmeasured(): number {
    return this.inertial?.takeMovedUnmeasured() ?? NaN;
  }

  /** The car may have moved unseen since it was last surely at rest somewhere. */
  positionLost(): void {
    this.correction?.forgetPendingAnchor();
  }

  /** The landings the car was placed at may not be where it was (see BarometricCorrection.forgetAnchors). */
  forgetLandingLevels(): void {
    this.correction?.forgetAnchors();
  }

  finish(): void {
    this.inertial?.finish();
    this.barometric?.finish();
  }
  /** The runs, their displacement put right by the barometer while it is weighed (see barometerStuck). */
  private corrected(listener: MotionListener): MotionListener {
    return {
      started: (at, direction) => {
        this.correction?.runStarted(at);
        listener.started(at, direction);
      },
      stopped: (at, movement) => {
        const corrected = this.correction?.runEnded(at, movement?.displacement_m ?? 0);
        const displacement_m = (this.correctionTaken ? corrected : undefined) ?? movement?.displacement_m ?? 0;
        listener.stopped(at, movement && { ...movement, displacement_m });
      },
    };
  }
}

function alsoOnStop(listener: MotionListener, stopped: (end: number, movement: Movement | undefined) => void): MotionListener {
  return {
    started: (at, direction) => listener.started(at, direction),
    stopped: (at, movement) => {
      listener.stopped(at, movement);
      stopped(at, movement);
    },
  };
}
