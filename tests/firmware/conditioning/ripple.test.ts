import { describe, expect, it } from "vitest";
import { RippleMeter } from "../../../firmware/conditioning/ripple.ts";

const DT = 0.01;

/** Feeds `signal(t)` from `from` to `to` s at 100 Hz. */
function feed(meter: RippleMeter, signal: (t: number) => number, from: number, to: number): void {
  for (let t = from; t < to - 1e-9; t += DT) meter.update(signal(t), DT, 0.12, true);
}

describe("RippleMeter", () => {
  it("reads a tone about a still trend as its rms", () => {
    const meter = new RippleMeter(0.5, 1);
    feed(meter, (t) => 0.4 * Math.sin(2 * Math.PI * 6 * t), 0, 20);
    expect(meter.rms).toBeCloseTo(0.4 / Math.SQRT2, 1);
  });

  it("does not count the change at the end of a still stretch (a braking the trend lags)", () => {
    const meter = new RippleMeter(0.5, 1);
    // Ten smooth seconds at even speed, then a hard braking ramping in at 10 m/s³ to 2.5 m/s².
    feed(meter, () => 0, 0, 10);
    feed(meter, (t) => -Math.min(2.5, 10 * (t - 10)), 10, 12);
    expect(meter.rms).toBeLessThan(0.01);
  });

  it("reads nothing where no stretch was still long enough, and starts afresh", () => {
    const meter = new RippleMeter(0.5, 1);
    feed(meter, (t) => 0.4 * Math.sin(2 * Math.PI * 6 * t), 0, 1.5);
    expect(meter.rms).toBe(0);
    feed(meter, (t) => 0.4 * Math.sin(2 * Math.PI * 6 * t), 1.5, 20);
    expect(meter.rms).toBeGreaterThan(0.2);
    meter.restart();
    expect(meter.rms).toBe(0);
  });

  it("counts nothing while told not to", () => {
    const meter = new RippleMeter(0.5, 1);
    for (let t = 0; t < 20; t += DT) meter.update(0.4 * Math.sin(2 * Math.PI * 6 * t), DT, 0.12, false);
    expect(meter.rms).toBe(0);
  });
});
