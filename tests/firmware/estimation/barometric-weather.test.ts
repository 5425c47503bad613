/**
 * The weather's share of the barometric height, measured from the car's rests: a busy lift
 * rests 9 s between runs of 30 s, each resting level as noisy as a barometer's 1.5 s of readings.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { BarometricWeather, weatherSettings, type RestLevel, type WeatherSoFar } from "../../../firmware/estimation/barometric-weather.ts";
import { random } from "./synthetic.ts";

/** The barometer's default settings: a front's 300 Pa/h before anything is shown, 3 m/h of drift. */
const SETTINGS = weatherSettings(defaultConfig().barometer);
const LEVEL_NOISE_M = 0.07;
const [REST_S, RUN_S] = [9, 30];

/**
 * `cycles` rests and runs with the weather moving the height at `rateMps`, or from `front.at` s
 * on at `front.rateMps`; what the box reckons against the truth at each rest's end. The car is
 * at the lobby every seventh rest: with `lobbyPlaced`, the box knows it is (see
 * BarometricCorrection's anchors), and the weather is told of each return.
 */
function busyLift(rateMps: number, cycles: number, seed = 1, front?: { at: number; rateMps: number }, lobbyPlaced = false) {
  const weather = new BarometricWeather(SETTINGS);
  const rng = random(seed);
  const truthAt = (t: number) => (front && t > front.at ? rateMps * front.at + front.rateMps * (t - front.at) : rateMps * t);
  // The car's own height does not matter: it is the same at a rest's two ends.
  const level = (t: number, carM: number) => ({ height: carM + truthAt(t) + LEVEL_NOISE_M * rng.gaussian(), t, variance: LEVEL_NOISE_M ** 2 });
  const reckoned: { at: WeatherSoFar; truthM: number }[] = [];
  let t = 0;
  let lobby: (RestLevel & WeatherSoFar) | undefined;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const carM = 4 * (cycle % 7);
    weather.arrived(level(t, carM));
    t += REST_S;
    const leaving = level(t, carM);
    weather.leaving(leaving);
    if (lobbyPlaced && carM === 0) {
      const now = { ...leaving, ...weather.at(t) };
      if (lobby) weather.revisited(lobby, now);
      lobby = now;
    }
    reckoned.push({ at: weather.at(t), truthM: truthAt(t) });
    t += RUN_S;
  }
  return { weather, reckoned };
}

describe("the weather, measured from the car's rests", () => {
  for (const pascalPerHour of [0, 100, 300, -600]) {
    // About 12 Pa a metre; falling pressure reads as rising height.
    const rateMps = -pascalPerHour / 12 / 3600;
    it(`follows a pressure changing ${pascalPerHour} Pa/h, and knows how far off it may be`, () => {
      const { weather, reckoned } = busyLift(rateMps, 92);
      // The hour's last ten minutes: 16 rests and runs.
      const [from, to] = [reckoned[reckoned.length - 17], reckoned[reckoned.length - 1]];
      const measuredM = weather.changeBetween(from.at, to.at);
      const truthM = to.truthM - from.truthM;
      const sigmaM = Math.sqrt(weather.varianceBetween(from.at, to.at));
      expect(Math.abs(measuredM - truthM)).toBeLessThan(3 * sigmaM);
      // A front may arrive meanwhile and change the rate by 300 Pa/h: a few metres, where -600 Pa/h
      // is 14 m. The rate's own doubt never falls below what its wander leaves: 4.05 m here.
      expect(sigmaM).toBeLessThan(4.5);
    });
  }

  it("learns the rate sooner from a landing the car is surely at again than from rests alone, and claims honest bounds doing so", () => {
    // A front: 300 Pa/h falling, 7 m in the quarter hour's last ten minutes. 40 lifts each way.
    const errors = { rests: [] as number[], lobby: [] as number[] };
    const ratios: number[] = [];
    for (let seed = 1; seed <= 40; seed++)
      for (const lobbyPlaced of [false, true]) {
        const { weather, reckoned } = busyLift(300 / 12 / 3600, 24, seed, undefined, lobbyPlaced);
        const [from, to] = [reckoned[8], reckoned[23]];
        const errorM = weather.changeBetween(from.at, to.at) - (to.truthM - from.truthM);
        (lobbyPlaced ? errors.lobby : errors.rests).push(errorM);
        if (lobbyPlaced) ratios.push(errorM / Math.sqrt(weather.varianceBetween(from.at, to.at)));
      }
    const rms = (values: number[]) => Math.sqrt(values.reduce((sum, value) => sum + value ** 2, 0) / values.length);
    // From rests alone 1.99 m off (root mean square), with the lobby 0.60 m.
    expect(rms(errors.lobby)).toBeLessThan(0.6 * rms(errors.rests));
    expect(ratios.filter((ratio) => Math.abs(ratio) > 3.5)).toEqual([]);
  });

  it("takes its prior from the barometer's settings: told the weather is fair, it claims less room before any rest has shown it", () => {
    const fair = new BarometricWeather(weatherSettings({ ...defaultConfig().barometer, weather_prior_m_per_h: 2.5 }));
    const front = new BarometricWeather(SETTINGS);
    const reckoned = (weather: BarometricWeather) => {
      weather.arrived({ height: 0, t: 0, variance: LEVEL_NOISE_M ** 2 });
      weather.leaving({ height: 0, t: REST_S, variance: LEVEL_NOISE_M ** 2 });
      // A run of RUN_S, unmeasured: at the default prior (300 Pa/h, 7 mm/s) 0.21 m of doubt.
      return Math.sqrt(weather.varianceBetween(weather.at(REST_S), weather.at(REST_S + RUN_S)));
    };
    expect(reckoned(fair)).toBeLessThan(0.5 * reckoned(front));
  });

  it("takes no weather from a landing revisited a floor away from where it was (placed wrong, or stale across a restart)", () => {
    const { weather } = busyLift(0, 10);
    const lobby = (t: number, heightM: number) => ({ ...weather.at(t), height: heightM, variance: LEVEL_NOISE_M ** 2 });
    const [earlier, later] = [lobby(400, 0), lobby(400, 4)];
    // 60 s of runs between, seen as no rests.
    later.unmeasuredS += 60;
    later.t += 60;
    const before = weather.changeBetween(earlier, later);
    weather.revisited(earlier, later);
    expect(weather.changeBetween(earlier, later)).toBe(before);
    // 0.3 m in a minute (220 Pa/h, a front): taken.
    weather.revisited(earlier, { ...later, height: 0.3 });
    expect(weather.changeBetween(earlier, later)).toBeGreaterThan(before + 0.05);
  });

  it("claims honest bounds: over 40 lifts' ten minutes in a front, its errors lie within 3.5 σ, and spread no wider than the σ claimed", () => {
    const ratios: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { weather, reckoned } = busyLift(-300 / 12 / 3600, 40, seed);
      const [from, to] = [reckoned[24], reckoned[39]];
      const errorM = weather.changeBetween(from.at, to.at) - (to.truthM - from.truthM);
      ratios.push(errorM / Math.sqrt(weather.varianceBetween(from.at, to.at)));
    }
    // The rate is a mean of few noisy rests, so its errors have longer tails than a normal's.
    expect(ratios.filter((ratio) => Math.abs(ratio) > 3.5)).toEqual([]);
    // Over ten minutes of a steady front it claims more room than it needs: a front may arrive meanwhile.
    const rms = Math.sqrt(ratios.reduce((sum, ratio) => sum + ratio ** 2, 0) / ratios.length);
    expect(rms).toBeGreaterThan(0.25);
    expect(rms).toBeLessThan(1.2);
  });

  // A review helper's front: still air for 20 minutes, then 600 Pa/h falling. The rate had been
  // the rests' over 75 minutes, its error as small as if it never changed: landings placed wrong.
  it("follows a front's arrival, claiming no more than it knows between a rest and the one before", () => {
    const { weather, reckoned } = busyLift(0, 92, 1, { at: 1200, rateMps: 600 / 12 / 3600 });
    const ratios = reckoned.slice(1).map((to, index) => {
      const from = reckoned[index];
      return (weather.changeBetween(from.at, to.at) - (to.truthM - from.truthM)) / Math.sqrt(weather.varianceBetween(from.at, to.at));
    });
    expect(ratios.filter((ratio) => Math.abs(ratio) > 3.5)).toEqual([]);
  });

  // A review helper's fronts: a revisit had been taken as the rate now, when it tells the rate's
  // mean over its span. After a front a lobby placed a floor off, revisited, had moved the rate
  // from 60 to 35 m/h (83 true) and claimed it to 4 m/h.
  it("takes a landing revisited as the rate's mean over the span between, which a wandering rate leaves off the rate now", () => {
    const weather = new BarometricWeather(SETTINGS);
    const lobby = (t: number, unmeasuredS: number) => ({ height: 0, t, variance: 1e-6, measuredM: 0, rests: 0, unmeasuredS });
    // Ten minutes between, eight of them runs, the lobby's level known to a millimetre.
    weather.revisited(lobby(0, 0), lobby(600, 480));
    // Then a run: the rate's doubt over it.
    weather.arrived({ height: 0, t: 600, variance: 1e-6 });
    const [from, to] = [weather.at(600), weather.at(600 + RUN_S)];
    const wanderedMps = Math.sqrt((SETTINGS.wanderMps2PerS * 600) / 3);
    // Nearly all of it (the prior's own doubt, weighed in, takes a little off): 0.05 m had been claimed.
    expect(Math.sqrt(weather.varianceBetween(from, to))).toBeGreaterThan(0.8 * wanderedMps * RUN_S);
  });

  it("takes no rest's change faster than any weather: the car moved while the barometer was silent", () => {
    const weather = new BarometricWeather(SETTINGS);
    weather.arrived({ height: 0, t: 0, variance: LEVEL_NOISE_M ** 2 });
    weather.leaving({ height: 36, t: 40, variance: LEVEL_NOISE_M ** 2 });
    expect(weather.at(40)).toEqual({ t: 40, measuredM: 0, rests: 0, unmeasuredS: 40 });
  });

  it("knows no rate before a rest has shown one: a minute unmeasured may have moved it as a front does", () => {
    const weather = new BarometricWeather(SETTINGS);
    // The box's first departure, from the landing it booted at.
    weather.leaving({ height: 0, t: 0, variance: LEVEL_NOISE_M ** 2 });
    const [start, minuteOn] = [weather.at(0), weather.at(60)];
    expect(weather.changeBetween(start, minuteOn)).toBe(0);
    // 300 Pa/h over a minute, 0.4 m.
    expect(Math.sqrt(weather.varianceBetween(start, minuteOn))).toBeGreaterThan(0.4);
  });

  it("takes nothing from a rest the car may have moved in unseen", () => {
    const weather = new BarometricWeather(SETTINGS);
    weather.arrived({ height: 0, t: 0, variance: 0.005 });
    weather.unmeasured();
    weather.leaving({ height: 5, t: 20, variance: 0.005 });
    expect(weather.at(20)).toEqual({ t: 20, measuredM: 0, rests: 0, unmeasuredS: 20 });
  });
});
