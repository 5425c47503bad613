/**
 * An accelerometer anywhere within its datasheet's sensitivity tolerance (the ADXL345's ±10 %):
 * a whole trip on a tall shaft is a trip, not a run beyond the shaft.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario, type ScenarioRun } from "../../simulator/simulated-box.ts";

function truthTrips(run: ScenarioRun) {
  return run.truth.flatMap((record) => (record.type === "trip" ? [record] : []));
}

/** The box's trip over the same stretch of time as `truth`, if it reported one. */
function reported(run: ScenarioRun, truth: { start: number; end: number }) {
  return run.trips.find((trip) => trip.start.mono_ms / 1000 < truth.end + 1 && trip.end.mono_ms / 1000 > truth.start - 1);
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
    const trip = reported(run, fullTravel!);
    expect(trip, "the full-travel trip").toBeDefined();
    expect([trip!.from_landing, trip!.to_landing]).toEqual([0, 23]);
  });
});
