/**
 * A levelling crawl too slow to tell from drift ends its trip where it began (see
 * InertialMotion.isCrawl): a 3 cm/s crawl after a 20 s run is within what the run's noise and
 * offset may have left in its speed. The car creeps on for seconds, and someone inside is not
 * shut in, nor is a door late, until it stops. Its end still shows: a small braking against
 * the trip's way, the crawl's speed, with the car quiet before and around it. Seen within
 * max_crawl_s of the stop, and no larger than the run's residual speed could have hidden, it
 * dates the arrival. A noisy chip may cut that braking in pieces, each too small for a crawl's
 * end: pieces against the trip's way of at least half crawl_min_mps, each begun within
 * smoothing_s of the last, count as one. (Summing smaller pieces as well took a very noisy
 * chip's stillness at a stop for a crawl's end twice as often, at 0.1 m/s² of noise.)
 */
import type { MotionConfig } from "../config/schema.ts";
import { speedChange, type Lobe } from "../conditioning/lobe-tracker.ts";

export class CrawlEndWatch {
  /** the trip just stopped: when, its way (+1 up), residual speed (m/s, + up) and that speed's uncertainty (m/s, one σ) */
  private trip?: { end: number; sign: number; residualMps: number; uncertaintyMps: number };
  /** the braking so far, of pieces against the trip's way too small alone: when the last ended, and the speed they took (m/s) */
  private pieces?: { end: number; crawlMps: number };

  constructor(private readonly config: Pick<MotionConfig, "crawl_min_mps" | "crawl_confidence_sigma" | "max_crawl_s" | "smoothing_s">) {}

  get watching(): boolean {
    return this.trip !== undefined;
  }

  tripStopped(end: number, sign: number, residualMps: number, uncertaintyMps: number): void {
    this.trip = { end, sign, residualMps, uncertaintyMps };
    this.pieces = undefined;
  }

  /** Anything but rest (a start, handling, the door opening, a gap): the trip's stop stands. */
  cancel(): void {
    this.trip = undefined;
    this.pieces = undefined;
  }

  /**
   * A reading at rest at `t`, `closed` the lobe it closed if any: when the crawl ended (s), once
   * its braking is seen. A lobe smaller than a crawl is the readings' noise, and passes; any
   * other ends the watch, the stop standing.
   */
  reading(t: number, closed: Lobe | undefined): number | undefined {
    const trip = this.trip;
    if (!trip) return undefined;
    if (t - trip.end > this.config.max_crawl_s) {
      this.trip = undefined;
      return undefined;
    }
    if (!closed) return undefined;
    let crawlMps = -trip.sign * speedChange(closed);
    const pieces = this.pieces;
    this.pieces = undefined;
    const piece = this.config.crawl_min_mps / 2;
    if (pieces && crawlMps >= piece && closed.start - pieces.end <= this.config.smoothing_s) crawlMps += pieces.crawlMps;
    if (Math.abs(crawlMps) < this.config.crawl_min_mps) {
      if (crawlMps >= piece) this.pieces = { end: closed.end, crawlMps };
      return undefined;
    }
    this.trip = undefined;
    // The crawl's speed was in the run's when it stopped, drift and all: within what they explain.
    const unexplained = Math.abs(trip.sign * trip.residualMps - crawlMps);
    return crawlMps > 0 && unexplained <= this.config.crawl_confidence_sigma * trip.uncertaintyMps ? closed.end : undefined;
  }
}
