/**
 * A levelling crawl too slow to tell from drift ends its trip where it began (see
 * inertial-motion.ts): the car is taken to stop while it still creeps on. A sound door-zone
 * sensor can still see it go: a zone left at rest within `late_arrival_s` of a trip's end, with
 * no door opened since the trip began and no start seen within `confirm_s` after (a departure
 * whose start was not yet recognised leaves the zone too), is that trip's crawl going on, the
 * trip's way.
 *
 * A zone left at rest with no trip to go on, the car still at its landing as far as the box can
 * feel and no start following, moved nothing: the car cannot leave a zone without moving a
 * zone's half-height or so, and at that the accelerometer feels it start. It is the sensor (a
 * cut wire, a loose sensor), whose "outside" would otherwise stand as a stop outside the zone.
 * (A creep too gentle to be felt starting, within the quiet band, would be taken so too: a
 * hydraulic car sinking with its relevelling lost, a brake slipping at 0.04 m/s². Nothing the
 * box reads at once tells it apart.) While the car's motion is unseen (after boot, before a rest
 * is sure) it may have been going at an even speed through the zone, which no start shows: the
 * leaving is judged once the motion is known, if the car stayed still and quiet until then.
 */
import type { Direction } from "./inertial-motion.ts";

export interface UnseenCrawlSettings {
  /** s after a trip's end within which a zone left at rest is its crawl */
  lateArrivalS: number;
  /** s without a start after the zone was left before the crawl is concluded */
  confirmS: number;
}

/** A zone left at rest at `at`: a crawl going on `direction`, or, without one, nothing moving. */
export interface ZoneLeftAtRest {
  at: number;
  direction?: Direction;
}

/** A zone left at rest, waiting on no start; `untilKnown`: left while the motion was unseen, judged once it is known. */
interface PendingLeaving extends ZoneLeftAtRest {
  untilKnown: boolean;
  /** s: the last reading asked about it (a gap says nothing of a start) */
  lastT: number;
}

export class UnseenCrawl {
  /** the last trip's end and way, until a start or the door opening */
  private trip?: { end: number; direction: Direction };
  /** a zone left at rest, after that trip (its way) or with the car still (no way), waiting for confirmS without a start */
  private pending?: PendingLeaving;
  /** the door opened since the last run started: the car arrived at a landing */
  private doorOpenedInRun = false;

  constructor(private readonly settings: UnseenCrawlSettings) {}

  /** Waiting on a zone left at rest: the caller asks `confirm` at each reading. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  started(): void {
    this.trip = this.pending = undefined;
    this.doorOpenedInRun = false;
  }

  /** The run that ended at `end` was a trip going `direction` (undefined: not a trip). */
  stopped(end: number, direction: Direction | undefined): void {
    // The stop is decided a little after the car stopped, and dated where the car came to rest,
    // which a door opening as the car settles may precede: a door opened in the run says it arrived.
    this.trip = direction !== undefined && !this.doorOpenedInRun ? { end, direction } : undefined;
  }

  doorOpened(): void {
    this.doorOpenedInRun = true;
    this.trip = this.pending = undefined;
  }

  /**
   * A sound door-zone sensor saw the car leave a zone at `at`, at rest. `still`: the car was
   * placed at a landing, its motion not unseen, the readings quiet, its door not open (a car
   * leaving a zone with its door open is an unintended movement, judged as such), and the
   * accelerometer sound. `unseen`: the car's motion was unseen then (see the header).
   */
  zoneLeftAtRest(at: number, still: boolean, unseen = false): void {
    const trip = this.trip;
    if (trip && at - trip.end <= this.settings.lateArrivalS) this.pending = { at, direction: trip.direction, untilKnown: false, lastT: at };
    else if (still) this.pending = { at, untilKnown: unseen, lastT: at };
  }

  /**
   * A reading at `t`, `moving` or not: the zone left at rest (when, and a crawl's way), once
   * no start has followed for confirmS. No reading for twice that (a faulty accelerometer)
   * says nothing of a start, and nothing is concluded; nor, with the car still, is anything
   * once the readings leave the quiet band, `shaken` (a worn roller shaking a car hides its
   * start, and people moving in a car may hide a creep). One left while the motion was unseen
   * waits, still and quiet, until `unseen` is false.
   */
  confirm(t: number, moving: boolean, shaken = false, unseen = false): ZoneLeftAtRest | undefined {
    const pending = this.pending;
    if (!pending) return undefined;
    const { confirmS } = this.settings;
    const gap = t - (pending.untilKnown ? pending.lastT : pending.at) > 2 * confirmS;
    pending.lastT = t;
    if (moving || (shaken && pending.direction === undefined) || gap) this.pending = undefined;
    else if (t - pending.at >= confirmS && !(pending.untilKnown && unseen)) {
      this.pending = undefined;
      return { at: pending.at, direction: pending.direction };
    }
    return undefined;
  }
}
