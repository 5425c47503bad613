/**
 * The car's roughness is the acceleration of a vibration velocity that stays small: at the
 * rms asked for, with nothing at 0 Hz, so the speed integrated from it does not random-walk
 * (white noise of the same rms at 50 Hz walks 0.26 m/s one σ in 24 s, and a box read a
 * 0.4 m/s car at twice its speed). When the car stops shaking, the velocity is back at zero.
 * A worn roller's tone likewise: it grows with the car's speed and fades as the car stops.
 */
import { describe, expect, it } from "vitest";
import { vibrationWindow, WornTone } from "../../simulator/faults/vibration.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { CarRoughness } from "../../simulator/roughness.ts";

function shake(rateHz: number, rms: number, seconds: number, quietAfter = seconds) {
  const roughness = new CarRoughness();
  const random = new SeededRandom(7);
  const draws = new Float64Array(3);
  const into = { x: 0, y: 0, z: 0 };
  let sumSquares = 0;
  let velocity = 0;
  let largestVelocity = 0;
  let displacement = 0;
  const samples = Math.round(seconds * rateHz);
  for (let index = 0; index <= samples; index++) {
    const t = index / rateHz;
    roughness.next(t, t < quietAfter ? rms : 0, random.fillGaussian(draws), into);
    if (t < quietAfter) sumSquares += into.z * into.z;
    velocity += into.z / rateHz;
    displacement += velocity / rateHz;
    largestVelocity = Math.max(largestVelocity, Math.abs(velocity));
  }
  return { rms: Math.sqrt(sumSquares / Math.min(samples, quietAfter * rateHz)), velocity, largestVelocity, displacement };
}

describe.each([50, 400])("car roughness at %i Hz", (rateHz) => {
  it("has the rms asked for", () => {
    expect(Math.abs(shake(rateHz, 0.4, 60).rms - 0.4)).toBeLessThan(0.02);
  });

  it("integrates to a speed of a few cm/s and a displacement of a few cm, not a random walk (white noise: 0.4 m/s one σ at 50 Hz)", () => {
    const { largestVelocity, displacement } = shake(rateHz, 0.4, 60);
    expect(largestVelocity).toBeLessThan(0.04);
    expect(Math.abs(displacement)).toBeLessThan(0.04);
  });

  it("leaves no speed once the car stops shaking", () => {
    expect(Math.abs(shake(rateHz, 0.4, 30, 20).velocity)).toBeLessThan(1e-12);
  });
});

describe("a worn roller's tone", () => {
  /** A 20 s run (1 m/s, 1 s ramps at each end) through a worn-roller window, sampled at `rateHz`. */
  function ride(rateHz: number, window = vibrationWindow(0, 100, 1, new SeededRandom(3))) {
    const tone = new WornTone();
    const into = { x: 0, y: 0, z: 0 };
    let velocity = 0;
    let largestVelocity = 0;
    let cruiseSquares = 0;
    let cruiseSamples = 0;
    let largestAcceleration = 0;
    for (let index = 0; index <= 25 * rateHz; index++) {
      const t = 2 + index / rateHz;
      const carSpeed = Math.max(0, Math.min(1, t - 3, 22 - t));
      tone.next(carSpeed > 1e-3 ? window : undefined, t, carSpeed, into);
      velocity += into.z / rateHz;
      largestVelocity = Math.max(largestVelocity, Math.abs(velocity));
      largestAcceleration = Math.max(largestAcceleration, Math.abs(into.z));
      if (t > 5 && t < 19) {
        cruiseSquares += into.z * into.z;
        cruiseSamples++;
      }
    }
    return { velocity, largestVelocity, largestAcceleration, cruiseRms: Math.sqrt(cruiseSquares / cruiseSamples) };
  }

  it.each([50, 400])("carries 70 %% of the power in the cruise, starts and stops without a jolt, and leaves no speed when the car stops (%i Hz)", (rateHz) => {
    const { velocity, largestVelocity, largestAcceleration, cruiseRms } = ride(rateHz);
    // sqrt(0.7) of 1 m/s² rms, less what differencing a 5-12 Hz tone per sample takes off at 50 Hz.
    expect(cruiseRms).toBeGreaterThan(0.7);
    expect(cruiseRms).toBeLessThan(0.85);
    // The tone's own peak, sqrt(1.4) m/s²: switched on or off mid-swing it would jump by its velocity over one sample.
    expect(largestAcceleration).toBeLessThan(1.3);
    expect(largestVelocity).toBeLessThan(0.05);
    expect(Math.abs(velocity)).toBeLessThan(1e-9);
  });
});
