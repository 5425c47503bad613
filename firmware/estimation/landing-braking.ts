/**
 * How hard this lift brakes into its landings, as a multiple of its start: the median over its
 * last trips (those not stopped past any landing's braking, nor by a power cut: see
 * DetectionPipeline.motionStopped). A drive brakes the same way at every landing, so this says
 * how the lift lands where a run alone cannot: a slow lift whose door opens early at cruise
 * speed, before it brakes (see landedGently), and a lift landing harder than
 * emergency_braking_ratio times its start, which each landing would otherwise read as an
 * emergency stop (see stopKind). Not kept over a restart: the first trips after a boot teach
 * it again.
 */
import { RunningMedian } from "../conditioning/median.ts";

/** Trips seen before the median is used: one odd trip among them cannot set it. */
const LEAST_TRIPS = 3;

export class LandingBraking {
  private readonly median: RunningMedian;
  private trips = 0;
  private learnt = NaN;

  /** `size`: how many of the last trips the median is taken over (0: nothing learnt) */
  constructor(private readonly size: number) {
    this.median = new RunningMedian(size);
  }

  /** A trip's start and braking peaks (m/s², smoothed). */
  trip(startingMps2: number, brakingMps2: number): void {
    if (this.size < 1 || !(startingMps2 > 0) || !(brakingMps2 > 0)) return;
    const median = this.median.update(brakingMps2 / startingMps2);
    if (++this.trips >= LEAST_TRIPS) this.learnt = median;
  }

  /** × the start: how hard this lift lands; NaN until learnt. */
  get ratio(): number {
    return this.learnt;
  }
}
