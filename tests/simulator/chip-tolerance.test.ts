/**
 * An accelerometer anywhere within its datasheet's sensitivity tolerance (the ADXL345's ±10 %):
 * a whole trip on a tall shaft is a trip, not a run beyond the shaft, and a box that weighs the
 * chip against a barometer neither places trips a floor out nor raises overtravel for them.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario, type ScenarioRun } from "../../simulator/simulated-box.ts";
import { misplacedTrips, reportedTrip } from "../support/trip-landings.ts";

function truthTrips(run: ScenarioRun) {
  return run.truth.flatMap((record) => (record.type === "trip" ? [record] : []));
}

describe.each([1.05, 1.1])("a chip %f × sensitive on a 92 m shaft, door-zone sensor fitted", (sensitivity) => {
  // Seed 2's third trip goes bottom to top, before the box has learnt the chip from the vanes.
  const scenario = loadScenario("tower-barometer-day");
  scenario.box = { ...scenario.box, door_zone_sensor: true, barometer: false, sensitivity };
  scenario.duration_s = 200;
  const run = runScenario(scenario, { seed: 2 });

  it("reports the bottom-to-top trip it integrates beyond the shaft's length, at its landings", () => {
    const fullTravel = truthTrips(run).find((truth) => truth.from === 0 && truth.to === 23);
    expect(fullTravel).toBeDefined();
    const trip = reportedTrip(run, fullTravel!);
    expect(trip, "the full-travel trip").toBeDefined();
    expect([trip!.from_landing, trip!.to_landing]).toEqual([0, 23]);
  });
});

describe.each([1, 3])("tower-barometer-day with a chip 10 % under-sensitive, seed %i", (seed) => {
  const scenario = loadScenario("tower-barometer-day");
  scenario.box = { ...scenario.box, sensitivity: 0.9 };
  const run = runScenario(scenario, { seed });

  it("raises no insured event", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => [envelope.type, envelope.details])).toEqual([]);
  });

  it("reports every landing right or not at all, and places most trips", () => {
    expect(misplacedTrips(run)).toEqual([]);
    const placed = run.trips.filter((trip) => trip.from_landing !== undefined && trip.to_landing !== undefined);
    expect(placed.length).toBeGreaterThanOrEqual(0.9 * run.trips.length);
  });
});
