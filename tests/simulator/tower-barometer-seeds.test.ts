/**
 * A box with an accelerometer and a barometer but no door-zone sensor, in a 24-landing tower,
 * over other days than the scenario's own: the barometer must hold the landings whatever the
 * traffic teaches it first. The seeds were the fragile ones (a scale never learnt, a position
 * a floor out for the rest of the hour, false overtravel at the top). And in weather that moves
 * the pressure as a front does, every height alike: the box must take it out, or say it cannot.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { runScenario, type ScenarioRun } from "../../simulator/simulated-box.ts";

/** A trip ending this close to the end of the run is not over for the box yet (its stop is seen after a quiet spell), s. */
const END_GRACE_S = 5;

/** The run's insured events, and its trips checked against the truth: each landing right or not at all; how many it placed. */
function judged(scenario: Scenario, run: ScenarioRun) {
  const truthTrips = run.truth.flatMap((record) => (record.type === "trip" && record.end < scenario.duration_s - END_GRACE_S ? [record] : []));
  expect(run.trips.length).toBeGreaterThanOrEqual(truthTrips.length);
  truthTrips.forEach((truth, index) => {
    const trip = run.trips[index];
    expect(trip.direction, `trip ${index}`).toBe(truth.direction);
    expect(Math.abs(trip.start.mono_ms / 1000 - truth.start), `trip ${index} start`).toBeLessThan(0.5);
    if (trip.from_landing !== undefined) expect(trip.from_landing, `trip ${index} from`).toBe(truth.from);
    if (trip.to_landing !== undefined) expect(trip.to_landing, `trip ${index} to`).toBe(truth.to);
  });
  const placed = run.trips.filter((trip) => trip.from_landing !== undefined && trip.to_landing !== undefined).length;
  return { insured: run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.details), placedShare: placed / run.trips.length };
}

describe.each([1, 4, 9])("tower-barometer-day, seed %i", (seed) => {
  const scenario = loadScenario("tower-barometer-day");
  const run = runScenario(scenario, { seed });

  it("raises no insured event, finds every trip, reports each landing right or not at all, and places at least 90 % of them (long trips before the first short one wait for the scale)", () => {
    const { insured, placedShare } = judged(scenario, run);
    expect(insured).toEqual([]);
    expect(placedShare).toBeGreaterThanOrEqual(0.9);
  });
});

// A front passing: 300 Pa/h, 25 m of barometric height an hour, a floor every ten minutes. Taken
// for the car's, it had placed most trips a floor or more out and raised false overtravels (7-30
// an hour); at 600 Pa/h falling, a hurricane's, more so.
describe.each([300, -300, -600])("tower-barometer-day, the weather moving the pressure %i Pa/h", (weatherPaPerH) => {
  const scenario = loadScenario("tower-barometer-day");
  scenario.building.weather_pa_per_h = weatherPaPerH;
  scenario.duration_s = 1200;
  const run = runScenario(scenario, { seed: 1 });

  // In 20 minutes the long trips before the first short one (unplaced in still air too), and
  // those before the rests have shown the weather, weigh more than in the hour.
  it("takes the weather out: no insured event, every landing right or not at all, and at least half placed", () => {
    const { insured, placedShare } = judged(scenario, run);
    expect(insured).toEqual([]);
    expect(placedShare).toBeGreaterThanOrEqual(0.5);
  });
});

// Over an hour of a front, the lobby revisited every few minutes tells the weather's rate far
// better than the short rests between runs do (see BarometricWeather.revisited). From the rests
// alone this day placed 1 of its 125 trips: its rate was learnt at a third of the truth, and no
// landing was ever sure enough again to place.
describe("tower-barometer-day over an hour, the weather moving the pressure 300 Pa/h falling (seed 3)", () => {
  const scenario = loadScenario("tower-barometer-day");
  scenario.building.weather_pa_per_h = -300;
  const run = runScenario(scenario, { seed: 3 });

  it("raises no insured event, reports each landing right or not at all, and places at least 90 % of the trips", () => {
    const { insured, placedShare } = judged(scenario, run);
    expect(insured).toEqual([]);
    expect(placedShare).toBeGreaterThanOrEqual(0.9);
  });
});

// The barometer silent (its bus refusing) from 3 s before the fifth trip to 3 s after it: a rest
// spanning that run would take the car's height for the weather's, so the rest is not taken, and
// the landing is placed again once the car is surely somewhere. A review helper's case: 17 of 46
// trips placed while the rests alone told the weather (41 with the gap ten trips later).
describe("tower-barometer-day, the barometer silent through an early trip", () => {
  const scenario = loadScenario("tower-barometer-day");
  scenario.duration_s = 1500;
  const gapTrip = runScenario(scenario, { seed: 1 }).truth.flatMap((record) => (record.type === "trip" ? [record] : []))[5];
  scenario.faults.push({ at: Math.round((gapTrip.start - 3) * 10) / 10, kind: "bus_fault", device: "barometer", fault: "nack", duration_s: Math.round((gapTrip.end - gapTrip.start + 6) * 10) / 10 });
  const run = runScenario(scenarioSchema.parse(scenario), { seed: 1 });

  it("raises no insured event, reports each landing right or not at all, and places at least 70 % of the trips", () => {
    const { insured, placedShare } = judged(scenario, run);
    expect(insured).toEqual([]);
    expect(placedShare).toBeGreaterThanOrEqual(0.7);
  });
});

// A front arriving: still air for ten minutes, then 600 Pa/h falling. A rate learnt from the still
// rests had gone on being believed: a review helper's hour placed 58-88 of its trips a floor or more
// out and raised 2-6 false overtravels. Once the rate may have changed, the box places what it can
// still tell, and says nothing it cannot. With the rate the rests of the last quarter hour showed,
// seed 4 still placed 9 trips a floor out and raised a false overtravel: the still air before the
// front was believed for minutes after it (the rate is now followed as one that wanders).
// A box told the weather is fair (weather_prior_m_per_h 2.5, 30 Pa/h) doubts the rate less in its
// first minutes, but must still follow a front: its doubt had been capped at that prior for good,
// and a review helper's front placed 2-3 trips a floor out and raised a false overtravel.
describe.each([
  [1, undefined],
  [4, undefined],
  [1, 2.5],
  [4, 2.5],
])("tower-barometer-day, a front arriving after ten minutes of still air (seed %i, weather_prior_m_per_h %s)", (seed, priorMPerH) => {
  const scenario = loadScenario("tower-barometer-day");
  scenario.building.weather_changes = [{ at: 600, pa_per_h: -600 }];
  const run = runScenario(scenario, { seed, config: priorMPerH === undefined ? undefined : { barometer: { weather_prior_m_per_h: priorMPerH } } });

  it("raises no insured event, and places no landing wrong", () => {
    const { insured } = judged(scenario, run);
    expect(insured).toEqual([]);
  });
});
