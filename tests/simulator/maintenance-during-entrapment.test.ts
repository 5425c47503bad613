/**
 * A technician switching inspection on and off while a passenger is shut in between floors (a
 * review helper's scenarios). Maintenance suppresses an entrapment and a stop outside the zone;
 * it does not end them: the passenger is still inside. Each was raised twice, the second dated
 * at the end of maintenance with stopped_s 30 for a passenger shut in for 190 s; and one not yet
 * raised when maintenance began was dated from its end. Now each is raised once a stop, with its
 * own onset, and the judge holds a stop outside the zone through inspection as one.
 */
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

/** A car stopped between landings 1 and 2 on the way up (carrying a passenger, or empty, called to the top), inspection switched on at `inspectionAt` for `inspectionS`. */
function stopWithInspection(inspectionAt: number, inspectionS: number, passenger: boolean) {
  return scenarioSchema.parse({
    name: "inspection during a stop between floors",
    duration_s: 400,
    building: { landings_m: [0, 3.5, 7.0, 10.5, 14.0, 17.5, 21.0] },
    lift: { rated_speed_mps: 1.6 },
    box: { accelerometer_hz: 100, noise_mps2: 0.02 },
    passengers: [passenger ? { at: 5, from: 0, to: 5 } : { at: 5, from: 5, to: 0 }],
    faults: [
      { at: 0, kind: "stop_between_floors", after_departure_s: 4.2 },
      { at: inspectionAt, kind: "inspection", duration_s: inspectionS },
      { at: 300, kind: "rescue" },
    ],
  });
}

const raised = (run: ReturnType<typeof runScenario>, type: string) => run.records.filter((record) => record.type === type).map((record) => record.onset);

describe("maintenance beside a stop between floors", () => {
  it.each([1, 2])("raises the entrapment and the stop outside the zone once each, when inspection comes after them (seed %i)", (seed) => {
    const scenario = stopWithInspection(110, 100, true);
    const run = runScenario(scenario, { seed });
    expect(raised(run, "entrapment")).toEqual([expect.closeTo(20, 0)]);
    expect(raised(run, "stopped_outside_door_zone")).toEqual([expect.closeTo(20, 0)]);
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });

  it("dates an entrapment inspection interrupted from the stop, and raises it when inspection ends", () => {
    const scenario = stopWithInspection(35, 200, true);
    const run = runScenario(scenario, { seed: 1 });
    const entrapment = run.records.find((record) => record.type === "entrapment");
    expect(entrapment).toMatchObject({ onset: expect.closeTo(20, 0), t: expect.closeTo(235, 0) });
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });

  it("raises an empty car's stop outside the zone once, inspection coming and going beside it", () => {
    const scenario = stopWithInspection(100, 30, false);
    const run = runScenario(scenario, { seed: 1 });
    expect(raised(run, "stopped_outside_door_zone")).toHaveLength(1);
    expect(raised(run, "entrapment")).toEqual([]);
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});
