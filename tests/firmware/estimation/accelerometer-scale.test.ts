import { describe, it, expect } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { AccelerometerScale } from "../../../firmware/estimation/accelerometer-scale.ts";

/** A run between edges `knownM` apart on a chip of `sensitivity`, integrated with the factor in force. */
function span(scale: AccelerometerScale, sensitivity: number, knownM = 7, driftM = 0) {
  return { integratedM: knownM * sensitivity * scale.factor, driftM, knownM };
}

describe("the accelerometer's sensitivity, learnt from door-zone edge spans", () => {
  const settings = defaultConfig().motion;

  it("is taken out of the readings once enough runs agree, and the median of the last few holds it", () => {
    const scale = new AccelerometerScale(settings);
    for (let run = 1; run < settings.scale_min_runs; run++) scale.observe(span(scale, 0.95));
    expect(scale.factor).toBe(1);
    scale.observe(span(scale, 0.95));
    expect(scale.sensitivity).toBeCloseTo(0.95, 6);
    expect(scale.factor).toBeCloseTo(1 / 0.95, 6);
    // Runs integrated with the correction in force still teach the chip's own ratio.
    for (let run = 0; run < 5; run++) scale.observe(span(scale, 0.95));
    expect(scale.sensitivity).toBeCloseTo(0.95, 6);
    // One run off (an edge read late, a rope slip) is not the median.
    scale.observe(span(scale, 0.9));
    expect(scale.sensitivity).toBeCloseTo(0.95, 6);
  });

  it("is not taught by runs that disagree: one good run and two cut short (crawls taken for drift) leave it alone, three agreeing runs do not", () => {
    const scale = new AccelerometerScale(settings);
    for (const sensitivity of [0.992, 0.887, 0.877]) scale.observe(span(scale, sensitivity));
    expect(scale.factor).toBe(1);
    // Two more good runs: the median is theirs, within what a few runs can tell from 1.
    scale.observe(span(scale, 0.996));
    scale.observe(span(scale, 0.998));
    expect(scale.factor).toBe(1);
    const agreeing = new AccelerometerScale(settings);
    for (const sensitivity of [0.9, 0.887, 0.895]) agreeing.observe(span(agreeing, sensitivity));
    expect(agreeing.sensitivity).toBeCloseTo(0.895, 6);
  });

  it("leaves alone what a few runs cannot tell from 1, and what is no sensitivity error", () => {
    const within = new AccelerometerScale(settings);
    expect(within.learnt).toBe(false);
    for (let run = 0; run < 5; run++) within.observe(span(within, 1 + settings.scale_deadband / 2));
    expect(within.factor).toBe(1);
    // Left alone, but learnt: the chip is known to be within the deadband, not assumed to be.
    expect(within.learnt).toBe(true);
    const rejected = new AccelerometerScale(settings);
    for (let run = 0; run < 5; run++) {
      rejected.observe(span(rejected, 0.95, settings.scale_min_run_m / 2));
      rejected.observe(span(rejected, 1 - 2 * settings.scale_max_error));
      rejected.observe(span(rejected, 0.95, 7, 2 * settings.scale_max_drift * 7));
    }
    expect(rejected.factor).toBe(1);
    expect(rejected.learnt).toBe(false);
  });
});
