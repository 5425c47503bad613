/**
 * The leveling of each stop in a door zone: measured from the zone's edge (LevelingEstimator)
 * once the car is at rest and, where a door contact is fitted, its door has opened. A slow
 * final crawl can outlast the stop the accelerometer sees, and doors may open before the car
 * is still, so the later of the two moments is taken as rest. Where the car is not still then
 * (a crawl too slow to tell from drift ends at that moment, the door opening as it stops), the
 * stop is measured once it is, if within STILL_WAIT_S. A stop beyond the tolerance by more than
 * its measurement's own uncertainty is misleveled. The trip that ended there waits for the
 * measurement (HeldTrip), so that it carries it.
 *
 * A door that opens late (more than STILL_WAIT_S after rest) would have every second the car
 * stood shut integrated as if it moved: the measurement's doubt grows with the square of the
 * wait until no fault stands, and past the estimator's history nothing is measured. So the
 * stop is also measured at rest, and that sharper measurement is taken at the door's opening
 * where the car stayed still all the while (not where a crawl went on after the rest the
 * accelerometer saw: its stop shakes the car).
 *
 * A door that began to open with the car still moving (advance opening) says nothing of when it
 * stopped: while the motion watches for the end of a crawl too slow to tell from drift, the
 * measurement waits (CRAWL_WAIT_S at most), and a crawl's end moves the rest to it. Measured at
 * the start of such a crawl, a level stop read 95-130 mm off (a review helper's lifts opening
 * their doors at 0.25-0.3 m/s, then crawling 4-5 cm/s to the sill). One then measured beyond
 * the tolerance short of its landing waits for the rest of the watch (see measureAt).
 */
import type { DetectionRecord } from "../frame.ts";
import type { HeldTrip } from "../events/held-trip.ts";
import type { Movement } from "../estimation/inertial-motion.ts";
import type { EdgeDoubts, LevelingEstimator, LevelingMeasurement } from "../estimation/leveling.ts";
import type { MotionEstimator } from "../estimation/motion-estimator.ts";

export interface StopLevelingSettings {
  /** mm: a stop this far from its landing is misleveled (detection.leveling_tolerance_mm) */
  toleranceMm: number;
  /** beyond the tolerance by this many σ of the measurement (detection.leveling_confidence_sigma) */
  confidenceSigma: number;
  /** s: the car is taken as still this long after its acceleration went quiet (detection.leveling_settle_s) */
  settleS: number;
  /** a door contact is fitted: the measurement waits for the door to open */
  doorContact: boolean;
}

/**
 * s: how long after the moment taken as rest the car may take to be still: a crawl's own stop
 * and the STILL_S of quiet after it (about half a second) fit; a car still shaking after that
 * (people jumping as it arrived) is not measured.
 */
const STILL_WAIT_S = 1;

/**
 * m/s: a door that began to open with the car faster than this opened early, as the car
 * arrived; one that opens as the car stops reads a few cm/s (the speed's last readings before
 * the rest is sure).
 */
const ADVANCE_OPENING_MPS = 0.1;

/**
 * s: the longest such a stop's measurement waits for a crawl's end: the last 10 cm at 4-5 cm/s
 * take two, and the trip waits for its leveling trip_leveling_wait_s (5 s by default). The
 * motion's watch runs max_crawl_s (8 s): waiting for all of it left every trip of a lift that
 * opens early without a crawl unleveled (a review helper's regression check).
 */
const CRAWL_WAIT_S = 3;

export class StopLeveling {
  /**
   * since the last door-zone entry: when the car came to rest, when the door opened, the
   * moment taken as rest while the measurement waits for the car to be still there, and what
   * was measured
   */
  private approach: {
    restT?: number;
    doorOpenAt?: number;
    waitingFrom?: number;
    measured?: LevelingMeasurement;
    stoppedHard?: boolean;
    /** while the door is shut: the rest moment waiting for the car to be still, and what was measured then */
    restWaitFrom?: number;
    /** the door began to open with the car still moving (see ADVANCE_OPENING_MPS) */
    openedMoving?: boolean;
    /** the measurement waits for the motion's crawl watch to end (see crawlEnded) */
    deferred?: boolean;
    /** `moved`: the car was not still at some moment since (a crawl went on, and stopped) */
    atRest?: { at: number; measured: LevelingMeasurement | undefined; moved: boolean };
    /** +1 where the car came into the zone from below its landing, -1 from above */
    side?: number;
    /** a stop measured beyond the tolerance short of its landing while a crawl's end may still come (see measureAt) */
    pending?: { measured: LevelingMeasurement; at: number };
  } = {};

  constructor(
    private readonly estimator: LevelingEstimator,
    private readonly heldTrip: HeldTrip,
    private readonly settings: StopLevelingSettings,
    /** the quiet band and the gravity reference's variance as they stand when a stop is measured, and whether a crawl's end is watched for */
    private readonly motion: Pick<MotionEstimator, "quietMps2" | "referenceVariance" | "watchingCrawlEnd">,
    /** a stop measured beyond the tolerance, at `at` */
    private readonly misleveled: (at: number, measured: LevelingMeasurement) => void,
  ) {}

  /** Each motion step's vertical acceleration in the car frame, m/s². */
  push(t: number, verticalMps2: number): void {
    this.estimator.push(t, verticalMps2);
    const from = this.approach.waitingFrom;
    if (from !== undefined && !(this.approach.deferred && this.motion.watchingCrawlEnd && t < from + CRAWL_WAIT_S)) {
      // Deferred, it is measured where it was due, once (then as the car is still, as ever).
      this.measureAt(this.approach.deferred ? from : Math.max(t, from));
      this.approach.deferred = false;
    }
    // The watch ended with no crawl's end seen: the stop stands where it was measured.
    if (this.approach.pending && !this.motion.watchingCrawlEnd) this.judgePending();
    const restFrom = this.approach.restWaitFrom;
    if (restFrom !== undefined) this.measureRest(Math.max(t, restFrom));
    // Still at every step until the door opens, or the rest measured was not the car's rest.
    const atRest = this.approach.atRest;
    if (atRest && !atRest.moved && this.approach.doorOpenAt === undefined && t > atRest.at && !this.estimator.stillAt(t, this.motion.quietMps2)) atRest.moved = true;
  }

  /** The car entered a door zone at `at`, the edge at `positionM` in the shaft, for the landing at `landingM`. */
  zoneEntered(at: number, positionM: number, landingM: number, doubts: EdgeDoubts): void {
    this.estimator.zoneEntered(at, positionM, landingM, doubts);
    this.approach = { side: Math.sign(landingM - positionM) };
  }

  /** Out of the zone: no stop there to measure, and the held trip goes without it. */
  zoneLeft(): void {
    this.judgePending();
    this.estimator.forget();
    this.heldTrip.release();
  }

  /**
   * A run began (`sign` +1 up): the held trip goes without its leveling. A stop still waiting for
   * a crawl's end stands, unless the run began against the way the car came in: a crawl's end
   * brisk enough to look like a start does so and comes to nothing (see InertialMotion.jolt),
   * and is seen then (see crawlEnded); the approach is kept for it until the car leaves the zone
   * or a run ends (see zoneLeft, cameToRest).
   */
  runStarted(sign = 0): void {
    this.heldTrip.release();
    const approach = this.approach;
    if (approach.pending && sign === -(approach.side ?? 0)) return;
    this.judgePending();
    this.approach = {};
  }

  /** The door is closing, or its contact no longer tells: a stop still waiting for a crawl's end stands, judged while the door is open (the lift machine reports a misleveled stop only with it open). */
  doorClosing(): void {
    this.judgePending();
  }

  /** `speedMps`: the car's speed as the door began to open. */
  doorOpened(at: number, speedMps = 0): void {
    if (!this.estimator.hasEdge) return;
    this.approach.doorOpenAt = at;
    this.approach.openedMoving = speedMps > ADVANCE_OPENING_MPS;
    this.measure();
  }

  /**
   * The run that is stopping was stopped, not landed (the safety circuit, a power cut: see
   * DetectionPipeline.motionStopped): its stop is no measure of how the lift levels (the
   * controller relevels it). Told before the stop's trip and its rest.
   */
  stoppedHard(): void {
    this.approach.stoppedHard = true;
  }

  /** The accelerometer saw the car come to rest at `end` (or a movement fizzle out). */
  cameToRest(end: number, movement: Movement | undefined): void {
    if (movement && this.approach.pending) {
      this.judgePending();
      this.approach = {};
    }
    if (!this.toCome(movement)) return;
    this.approach.restT = end + this.settings.settleS;
    this.approach.atRest = undefined;
    this.measure();
  }

  /** mm: the leveling error of the stop since the last zone entry, where it was measured. */
  get measuredErrorMm(): number | undefined {
    return this.approach.measured?.error_mm;
  }

  /** The trip that ended at `at`: kept (true) until its stop's leveling is measured, where that is to come. */
  keepsTrip(trip: DetectionRecord, movement: Movement, at: number): boolean {
    if (this.measuredErrorMm !== undefined || !this.toCome(movement)) return false;
    this.heldTrip.hold(trip, at);
    return true;
  }

  /** The input ended, or the box stops: a stop still waiting for a crawl's end stands, and the held trip goes as it is. */
  release(): void {
    this.judgePending();
    this.heldTrip.release();
  }

  /**
   * The stop that ended `movement` will have its leveling measured: it came through a zone's
   * edge, not on a run begun as the gravity reference warmed up (that leaves its offset
   * unknown), and landed (see stoppedHard).
   */
  private toCome(movement: Movement | undefined): movement is Movement {
    return movement !== undefined && !movement.beganWarmingUp && this.estimator.hasEdge && !this.approach.stoppedHard;
  }

  private measure(): void {
    const { restT, doorOpenAt } = this.approach;
    if (restT === undefined) return;
    if (this.settings.doorContact && doorOpenAt === undefined) {
      this.approach.restWaitFrom = restT;
      this.measureRest(restT);
      return;
    }
    this.approach.restWaitFrom = undefined;
    const at = Math.max(restT, doorOpenAt ?? -Infinity);
    this.approach.waitingFrom = at;
    if (this.motion.watchingCrawlEnd && this.approach.openedMoving) this.approach.deferred = true;
    else this.measureAt(at);
  }

  /** The crawl the last trip's stop began ended at `end` (see InertialMotion.takeCrawlEnd): the car came to rest only then. */
  crawlEnded(end: number): void {
    const approach = this.approach;
    approach.pending = undefined;
    if (approach.restT === undefined || approach.measured !== undefined) return;
    approach.restT = end + this.settings.settleS;
    approach.atRest = undefined;
    approach.deferred = false;
    this.measure();
  }

  /** The door still shut: the stop measured at rest from `at` once the car is still (see STILL_WAIT_S), the edge kept for the door. */
  private measureRest(at: number): void {
    const approach = this.approach;
    const { quietMps2, referenceVariance } = this.motion;
    if (!this.settled(at, approach.restWaitFrom!)) return;
    approach.restWaitFrom = undefined;
    approach.atRest = { at, measured: this.estimator.measuredAt(at, quietMps2, referenceVariance), moved: false };
  }

  /**
   * The stop measured from `at`, or at a later step, once the car is still (see STILL_WAIT_S).
   * One beyond the tolerance short of its landing waits on while the motion watches for a
   * crawl's end (a 0.15-0.2 m crawl at 3 cm/s takes 5-7 s, longer than CRAWL_WAIT_S): measured
   * where the crawl began, level stops of lifts opening early read 170-200 mm off, the door
   * open by then (a review sweep's random lifts: 38 false leveling faults on 6 of 40). Past
   * its landing, no crawl still going explains it: raised as measured.
   */
  private measureAt(at: number): void {
    const approach = this.approach;
    const { quietMps2, referenceVariance } = this.motion;
    if (!this.settled(at, approach.waitingFrom!)) return;
    approach.waitingFrom = undefined;
    // The edge is kept while the stop waits: a crawl's end measures it again from there.
    const fromDoor = this.estimator.measuredAt(at, quietMps2, referenceVariance);
    const { measured, measuredAt } = this.surer(at, fromDoor);
    if (measured && this.beyondTolerance(measured) && this.motion.watchingCrawlEnd && measured.error_mm * (approach.side ?? 0) < 0) {
      approach.pending = { measured, at: measuredAt };
      return;
    }
    this.estimator.forget();
    approach.measured = measured;
    this.heldTrip.release(measured?.error_mm);
    if (measured && this.beyondTolerance(measured)) this.misleveled(measuredAt, measured);
  }

  /** A stop that waited for a crawl's end in vain (see measureAt) is misleveled after all. */
  private judgePending(): void {
    const pending = this.approach.pending;
    if (!pending) return;
    this.approach.pending = undefined;
    this.estimator.forget();
    this.approach.measured = pending.measured;
    this.heldTrip.release(pending.measured.error_mm);
    this.misleveled(pending.at, pending.measured);
  }

  /** Beyond the tolerance by more than the measurement's own uncertainty: a long slow crawl on a noisy sensor is not evidence enough. */
  private beyondTolerance(measured: LevelingMeasurement): boolean {
    return Math.abs(measured.error_mm) > this.settings.toleranceMm + this.settings.confidenceSigma * measured.uncertainty_mm;
  }

  /** The car is still at `at`, or has had STILL_WAIT_S since `from` to be. */
  private settled(at: number, from: number): boolean {
    return at >= from + STILL_WAIT_S || this.estimator.stillAt(at, this.motion.quietMps2);
  }

  /**
   * Of the stop measured from the door's opening at `at` and the one measured at rest before it
   * (a door late by more than STILL_WAIT_S), the one to take: the rest's, where the car was still
   * all the while since; not where it moved (a crawl too slow to see went on after the rest the
   * accelerometer saw, and its stop shook the car).
   */
  private surer(at: number, fromDoor: LevelingMeasurement | undefined): { measured: LevelingMeasurement | undefined; measuredAt: number } {
    const atRest = this.approach.atRest;
    if (!atRest?.measured || atRest.moved || at <= atRest.at + STILL_WAIT_S) return { measured: fromDoor, measuredAt: at };
    return { measured: atRest.measured, measuredAt: atRest.at };
  }
}
