/**
 * Slow lifts whose levelling crawl (3-3.5 cm/s) is too slow to tell from drift after a 12-20 s
 * run: the trip is taken to stop where the crawl began, seconds before the car stops. The
 * crawl's own braking dates the arrival: a door that fails to open, the entrapment behind it,
 * and a car stalled past the bottom landing are dated when the car came to rest (the door
 * fault and entrapment were 4.1 s early, the stall's 6.7 s). Both drawn by the random-incidents
 * property test at other seeds, when it still left out crawls under 5 cm/s.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function slowLift(landings: number[], crawl: { speed: number; distance: number }, box: Partial<Scenario["box"]>): Scenario {
  const scenario = loadScenario("normal-hour");
  Object.assign(scenario.building, { landings_m: landings, door_zone_half_m: 0.15 });
  Object.assign(scenario.lift, { rated_speed_mps: 0.4, acceleration_mps2: 0.5, jerk_mps3: 0.79, leveling_speed_mps: crawl.speed, leveling_distance_m: crawl.distance });
  Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, bias_mps2: [0, 0, 0], barometer: true, ...box });
  scenario.traffic.passengers_per_hour = 0;
  return scenario;
}

/** What the judge found amiss, and the onsets (s) the box gave each judged event. */
function judged(scenario: Scenario, seed = 1) {
  const run = runScenario(scenario, { seed });
  const [verdict] = assessAccuracy([{ name: "slow crawl", run, end: scenario.duration_s }]).scenarios;
  const stall = run.truth.find((record) => record.type === "stall") as { t: number } | undefined;
  return { amiss: { missed: verdict.missed.map((record) => record.event), falseAlarms: verdict.false_alarms.map((record) => record.type) }, records: run.records, stall };
}

describe("a slow lift's levelling crawl too slow to tell from drift", () => {
  it("dates a door that fails to open, and the entrapment, at the crawl's end", () => {
    const scenario = slowLift([0, 5.33, 8.87, 12.14], { speed: 0.035, distance: 0.13 }, { accelerometer_hz: 50, noise_mps2: 0.014, sensitivity: 1.05, ride_vibration_mps2: 0.035 });
    scenario.passengers = [{ at: 5, from: 0, to: 2 }];
    scenario.faults = [{ kind: "door_fault", at: 0, door: "fails_to_open", attempts: 6, duration_s: 60 }] as Scenario["faults"];
    scenario.duration_s = 300;
    const { amiss, records } = judged(scenario);
    expect(amiss).toEqual({ missed: [], falseAlarms: [] });
    const trip = records.find((record) => record.type === "trip")!;
    const doorFault = records.find((record) => record.type === "door_fault")!;
    // The trip still ends where the crawl began; the door's wait counts from the car at rest.
    expect(doorFault.onset - (trip.end as number)).toBeGreaterThan(3);
    expect(records.find((record) => record.type === "entrapment")!.onset).toBe(doorFault.onset);
  });

  it("dates a car stalled past the bottom landing at the crawl's end: the entrapment and the stop outside the zone", () => {
    const scenario = slowLift([0, 2.8, 6.03], { speed: 0.03, distance: 0.19 }, { accelerometer_hz: 200, noise_mps2: 0.01, bias_mps2: [0, 0.3, -0.3], sensitivity: 0.958, ride_vibration_mps2: 0.012 });
    scenario.lift.jerk_mps3 = 0.74;
    scenario.lift.start_landing = 2;
    scenario.passengers = [{ at: 5, from: 2, to: 0 }];
    scenario.faults = [{ kind: "overtravel", at: 0, end: "bottom", overshoot_m: 1 }, { kind: "rescue", at: 196.55 }] as Scenario["faults"];
    scenario.duration_s = 276.55;
    const { amiss, records, stall } = judged(scenario);
    expect(amiss).toEqual({ missed: [], falseAlarms: [] });
    for (const type of ["entrapment", "stopped_outside_door_zone"]) expect(Math.abs(records.find((record) => record.type === type)!.onset - stall!.t), type).toBeLessThan(0.5);
  });
});

describe("a stop on a very noisy chip, with no crawl", () => {
  // entrapment-at-floor's door that fails to open, on a 50 Hz chip with 0.1 m/s² of noise: the
  // car's stillness after the stop closes small lobes either way. Summed as a crawl's end in cut
  // pieces whatever their size, they dated the arrival, the door fault and the entrapment 2-7 s
  // late at these seeds (a review helper's sweep: 14 of 60 seeds failed, 7 before); pieces of at
  // least half crawl_min_mps are summed only.
  for (const seed of [3, 5, 25]) {
    it(`dates the door fault at the stop (seed ${seed})`, () => {
      const scenario = loadScenario("entrapment-at-floor");
      Object.assign(scenario.box, { accelerometer_hz: 50, noise_mps2: 0.1 });
      expect(judged(scenario, seed).amiss).toEqual({ missed: [], falseAlarms: [] });
    });
  }
});
