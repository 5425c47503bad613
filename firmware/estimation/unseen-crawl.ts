/**
 * A levelling crawl too slow to tell from drift ends its trip where it began (see
 * inertial-motion.ts): the car is taken to stop while it still creeps on. A sound door-zone
 * sensor can still see it go: a zone left at rest within `late_arrival_s` of a trip's end, with
 * no door opened since and no start seen within `confirm_s` after (a departure whose start was
 * not yet recognised leaves the zone too), is that trip's crawl going on, the trip's way.
 */
import type { Direction } from "./inertial-motion.ts";

export interface UnseenCrawlSettings {
  /** s after a trip's end within which a zone left at rest is its crawl */
  lateArrivalS: number;
  /** s without a start after the zone was left before the crawl is concluded */
  confirmS: number;
}

export class UnseenCrawl {
  /** the last trip's end and way, until a start or the door opening */
  private trip?: { end: number; direction: Direction };
  /** a zone left at rest after that trip, waiting for confirmS without a start */
  private pending?: { at: number; direction: Direction };
  private doorOpenedAt = -Infinity;

  constructor(private readonly settings: UnseenCrawlSettings) {}

  /** Waiting on a zone left at rest: the caller asks `confirm` at each reading. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  started(): void {
    this.trip = this.pending = undefined;
  }

  /** The run that ended at `end` was a trip going `direction` (undefined: not a trip). */
  stopped(end: number, direction: Direction | undefined): void {
    // The stop is decided a little after the car stopped: a door opened since says it arrived.
    this.trip = direction !== undefined && this.doorOpenedAt < end ? { end, direction } : undefined;
  }

  doorOpened(at: number): void {
    this.doorOpenedAt = at;
    this.trip = this.pending = undefined;
  }

  /** A sound door-zone sensor saw the car leave a zone at `at`, at rest. */
  zoneLeftAtRest(at: number): void {
    const trip = this.trip;
    if (trip && at - trip.end <= this.settings.lateArrivalS) this.pending = { at, direction: trip.direction };
  }

  /**
   * A reading at `t`, `moving` or not: the crawl that left the zone (when and which way), once
   * no start has followed for confirmS. No reading for twice that (a faulty accelerometer)
   * says nothing of a start, and nothing is concluded.
   */
  confirm(t: number, moving: boolean): { at: number; direction: Direction } | undefined {
    const pending = this.pending;
    if (!pending) return undefined;
    const since = t - pending.at;
    if (moving || since > 2 * this.settings.confirmS) this.pending = undefined;
    else if (since >= this.settings.confirmS) {
      this.pending = undefined;
      return pending;
    }
    return undefined;
  }
}
