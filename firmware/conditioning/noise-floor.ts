/**
 * RMS of a signal that should be zero at rest (smoothed vertical acceleration), learnt while
 * the car is at rest. Thresholds scaled from it keep a start standing out of the noise of
 * whatever sensor is fitted (a 1.7 Hz unfiltered IMU is far noisier than a 400 Hz one).
 * Each input is clipped, so a jolt or a missed start cannot inflate the floor beyond `cap`.
 * The first seconds average (time constant = time learnt so far), then it tracks slowly.
 */
import { StepGain } from "./filters.ts";

export class NoiseFloor {
  private meanSquare: number;
  private learnedS = 0;
  private readonly step = new StepGain();

  constructor(private readonly trackingS: number, initialRms: number, private readonly cap: number) {
    this.meanSquare = initialRms * initialRms;
  }

  update(value: number, dtS: number): void {
    if (!(dtS > 0)) return;
    this.learnedS += dtS;
    const clipped = Math.min(value * value, this.cap * this.cap);
    const timeConstant = Math.min(this.trackingS, this.learnedS);
    this.meanSquare += this.step.of(dtS, timeConstant) * (clipped - this.meanSquare);
  }

  get rms(): number {
    return Math.sqrt(this.meanSquare);
  }
}
