/**
 * The barometer's scale a calibration's learning run measures: every floor visited up, then
 * down, then an express run, while the weather moves every pressure alike.
 */
import { describe, expect, it } from "vitest";
import { barometerAtLandings } from "../../firmware/calibration/lift-math.ts";

const LANDINGS_M = Array.from({ length: 24 }, (_, index) => 4 * index);
/** m/Pa: a warm shaft's (7 % more height per Pa than the formula near sea level). */
const SCALE = -0.0893;
const P0 = 101_325;

/** The learning run's stops (bottom, each floor up, each floor down), 25 s apart, each 10 s at rest, read at 10 Hz. */
function learningRun(weatherPaPerH: number) {
  const order = [0, ...LANDINGS_M.slice(1).map((_, index) => index + 1), ...LANDINGS_M.slice(0, -1).map((_, index) => LANDINGS_M.length - 2 - index)];
  const stops = order.map((landing, index) => ({ landing, arrived: 25 * index, left: 25 * index + 10 }));
  const pressures = stops.flatMap((stop) =>
    Array.from({ length: 100 }, (_, reading) => {
      const t = stop.arrived + reading / 10;
      return { t, pressure: P0 + LANDINGS_M[stop.landing] / SCALE + (weatherPaPerH * t) / 3600 };
    }),
  );
  return { stops, pressures };
}

describe("the barometer at the landings, from the learning run", () => {
  it("measures the scale as in still air while a front moves the pressure, and each landing's pressure at one time", () => {
    const still = barometerAtLandings(learningRun(0).pressures, learningRun(0).stops, LANDINGS_M)!;
    expect(still.scale_m_per_pa).toBeCloseTo(SCALE, 5);
    for (const weatherPaPerH of [600, -300]) {
      const { stops, pressures } = learningRun(weatherPaPerH);
      const stormy = barometerAtLandings(pressures, stops, LANDINGS_M)!;
      // Fitted on height alone, 600 Pa/h over the 20-minute run had made it 10 % off: long trips a floor out.
      expect(stormy.scale_m_per_pa).toBeCloseTo(SCALE, 5);
      const moved = stormy.pressures_pa.map((pressure, landing) => pressure - still.pressures_pa[landing]);
      // Every landing moved alike: the weather at the run's mean time.
      expect(Math.max(...moved) - Math.min(...moved)).toBeLessThan(0.05);
    }
  });

  it("takes height alone where each landing was visited once, in order (time cannot be told from height)", () => {
    const { stops, pressures } = learningRun(0);
    const once = stops.slice(0, LANDINGS_M.length);
    expect(barometerAtLandings(pressures, once, LANDINGS_M)!.scale_m_per_pa).toBeCloseTo(SCALE, 5);
  });

  it("fits nothing where a landing was never stood at, or the pressure never moved", () => {
    const { stops, pressures } = learningRun(0);
    expect(barometerAtLandings(pressures, stops.filter((stop) => stop.landing !== 5), LANDINGS_M)).toBeUndefined();
    expect(barometerAtLandings(pressures.map((reading) => ({ ...reading, pressure: P0 })), stops, LANDINGS_M)).toBeUndefined();
  });
});
