/**
 * How hard this lift brakes into its landings, as a multiple of its start: the median over its
 * last trips (those not stopped past any landing's braking, nor by a power cut: see
 * DetectionPipeline.motionStopped). A drive brakes the same way at every landing, so this says
 * how the lift lands where a run alone cannot: a slow lift whose door opens early at cruise
 * speed, before it brakes (see DoorOpenedInRun.landedGently), and a lift landing harder than
 * emergency_braking_ratio times its start, which each landing would otherwise read as an
 * emergency stop (see stopKind). The trips' ratios are kept over a restart (the journal), so a
 * box started again knows at once how its lift lands.
 */
import { RunningMedian } from "../conditioning/median.ts";

/** Trips seen before the median is used: one odd trip among them cannot set it. */
const LEAST_TRIPS = 3;

export class LandingBraking {
  private readonly median: RunningMedian;
  /** The last `size` trips' ratios, oldest first: what the next start carries over. */
  private readonly recent: number[] = [];
  private trips = 0;
  private learnt = NaN;

  /**
   * `size`: how many of the last trips the median is taken over (0: nothing learnt); `carried`:
   * ratios an earlier boot kept, oldest first; `keep`: told the last trips' ratios after each.
   */
  constructor(
    private readonly size: number,
    carried: readonly number[] = [],
    private readonly keep?: (ratios: number[]) => void,
  ) {
    this.median = new RunningMedian(size);
    for (const ratio of carried.slice(-size)) this.add(ratio);
  }

  /** A trip's start and braking peaks (m/s², smoothed). */
  trip(startingMps2: number, brakingMps2: number): void {
    if (!(startingMps2 > 0) || !(brakingMps2 > 0)) return;
    if (this.add(brakingMps2 / startingMps2)) this.keep?.([...this.recent]);
  }

  /** × the start: how hard this lift lands; NaN until learnt. */
  get ratio(): number {
    return this.learnt;
  }

  private add(ratio: number): boolean {
    if (this.size < 1 || !(ratio > 0) || !Number.isFinite(ratio)) return false;
    const median = this.median.update(ratio);
    this.recent.push(ratio);
    if (this.recent.length > this.size) this.recent.shift();
    if (++this.trips >= LEAST_TRIPS) this.learnt = median;
    return true;
  }
}
