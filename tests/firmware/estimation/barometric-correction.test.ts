import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { BarometricCorrection } from "../../../firmware/estimation/barometric-correction.ts";
import { heightTrack, liftRun, pressureAt, random } from "./synthetic.ts";

const ACCELEROMETER_HZ = 200;
const SNAP_M = 0.6;
const CONFIDENCE_SIGMA = 3;
/** Every distance between two landings of a building with a landing every 4 m up to 88 m. */
const DISTANCES_M = Array.from({ length: 45 }, (_, index) => 4 * (index - 22)).filter((distance) => distance !== 0);

/**
 * A box that rides: its accelerometer integrates `sensitivity` × the truth, its barometer
 * reads at `barometerHz` with `noisePa` of noise, in air whose pressure falls with height
 * `airScale` times slower than the barometric formula assumes (a warm shaft).
 */
function box(options: { sensitivity: number; airScale: number; barometerHz: number; noisePa: number }) {
  const correction = new BarometricCorrection(defaultConfig().barometer, 0.03);
  const rng = random(7);
  let clock = 0;
  let floor = 0;
  return {
    correction,
    /** One run of `distance` m after 10 s at rest; returns what the box makes of it, and the truth. */
    ride(distance: number) {
      const run = liftRun(clock + 10, distance, Math.abs(distance) <= 12 ? 1.2 : 2.5, 1.0, 1.2);
      const track = heightTrack((t) => run.profile(t + clock), run.end - clock + 4);
      const height = (t: number) => floor + track(t - clock);
      let nextPressure = clock;
      for (let t = clock; t <= run.end + 1; t += 1 / ACCELEROMETER_HZ) {
        if (t >= run.start && t - 1 / ACCELEROMETER_HZ < run.start) correction.runStarted(run.start);
        if (t >= run.start) correction.displacement(t, options.sensitivity * (height(t) - height(run.start)));
        if (t >= nextPressure) {
          correction.pressure(t, pressureAt(height(t) / options.airScale) + options.noisePa * rng.gaussian());
          nextPressure += 1 / options.barometerHz;
        }
      }
      const measured = correction.displacementAtEnd(run.end)!;
      const truth = height(run.end) - height(run.start);
      correction.runEnded(run.end);
      clock = run.end + 1;
      floor += truth;
      return { measured, truth };
    },
  };
}

describe("barometric correction of the integrated position", () => {
  it("barely moves the accelerometer before trips have taught the barometer its scale", () => {
    const warm = box({ sensitivity: 1, airScale: 1.07, barometerHz: 50, noisePa: 4 });
    const { measured, truth } = warm.ride(88);
    // The barometer alone would be 6 m short here.
    expect(Math.abs(measured - truth)).toBeLessThan(0.5);
  });

  for (const [sensitivity, airScale] of [[1.05, 1.07], [0.96, 0.95], [1.05, 1]] as const) {
    it(`puts long runs right (accelerometer ×${sensitivity}, air ×${airScale}) once short trips between landings have taught it`, () => {
      const warm = box({ sensitivity, airScale, barometerHz: 50, noisePa: 4 });
      for (const distance of [8, -4, 12, -8, 4, -12, 8, -8]) {
        const { truth } = warm.ride(distance);
        warm.correction.landed(DISTANCES_M, SNAP_M, CONFIDENCE_SIGMA, Math.round(truth));
      }
      for (const distance of [88, -60]) {
        const { measured, truth } = warm.ride(distance);
        expect(Math.abs(sensitivity * truth - truth) + Math.abs(truth / airScale - truth)).toBeGreaterThan(2);
        expect(Math.abs(measured - truth), `${distance} m`).toBeLessThan(0.5);
        expect(warm.correction.uncertaintyM(measured)).toBeLessThan(1);
      }
    });
  }

  it("learns nothing from a trip the accelerometer does not agree with", () => {
    const warm = box({ sensitivity: 1, airScale: 1.07, barometerHz: 50, noisePa: 4 });
    warm.ride(8);
    warm.correction.landed(DISTANCES_M, SNAP_M, CONFIDENCE_SIGMA, 12);
    const before = warm.correction.uncertaintyM(100);
    warm.ride(8);
    warm.correction.landed(DISTANCES_M, SNAP_M, CONFIDENCE_SIGMA, 8);
    expect(warm.correction.uncertaintyM(100)).toBeLessThan(before);
    expect(before).toBeGreaterThan(2.5);
  });

  it("has nothing to say about a run without barometer readings", () => {
    const correction = new BarometricCorrection(defaultConfig().barometer, 0.03);
    correction.runStarted(1);
    correction.displacement(2, 3);
    expect(correction.correctionM).toBe(0);
    expect(correction.displacementAtEnd(2)).toBe(3);
  });
});
