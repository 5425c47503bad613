/**
 * A car vibrating hard (a worn guide roller well past the 0.5 m/s² limit) is the car's
 * vibration, not a box being handled: each vibrating run is reported, and every trip is seen.
 * At 1.1 m/s² rms the measure was reset as handling all through each run; at 1.5 runs could
 * not start, the car moved unseen, and the box raised a false overtravel.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { judgedRun } from "../support/judged-run.ts";

describe.each([1.1, 1.5, 2.0])("abnormal-vibration at %f m/s² rms", (rms) => {
  const scenario = loadScenario("abnormal-vibration");
  for (const fault of scenario.faults) if (fault.kind === "vibration") fault.rms_mps2 = rms;
  const run = runScenario(scenario);

  it("reports each vibrating run, and nothing the truth does not hold", () => {
    const { matched, missed, false_alarms } = assessAccuracy([{ name: scenario.name, run }]).scenarios[0];
    expect(missed.map((record) => `${record.event} at ${record.onset}`)).toEqual([]);
    expect(false_alarms.map((record) => `${record.type} at ${record.onset}`)).toEqual([]);
    expect(matched).toBe(2);
  });

  it("raises nothing insured and sees every trip", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type)).toEqual([]);
    expect(run.trips.length).toBe(run.truth.filter((record) => record.type === "trip").length);
  });
});

/**
 * A draw of the random incidents' worn roller: the drawn building, lift and box (a level 50 Hz
 * chip, a barometer, no presence sensor), four trips between landing 0 and landing `far` while
 * the roller shakes `rmsMps2` for five minutes.
 */
function wornRollerDraw(building: Scenario["building"], lift: Partial<Scenario["lift"]>, box: Partial<Scenario["box"]>, far: number, rmsMps2 = 1.2): Scenario {
  const scenario = structuredClone(loadScenario("abnormal-vibration"));
  scenario.building = building;
  Object.assign(scenario.lift, { emergency_deceleration_mps2: 2.5, start_landing: 0, ...lift });
  Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 50, presence_sensor: false, barometer: true, ...box });
  scenario.traffic.passengers_per_hour = 0;
  scenario.passengers = [{ at: 70, from: 0, to: far }, { at: 130, from: far, to: 0 }, { at: 190, from: 0, to: far }, { at: 250, from: far, to: 0 }];
  scenario.faults = [{ kind: "vibration", at: 60, duration_s: 300, rms_mps2: rmsMps2 }] as Scenario["faults"];
  scenario.duration_s = 420;
  return scenario;
}

describe("a worn roller on a tall, fast lift, without a door-zone sensor", () => {
  // Drawn by the random incidents without the sensor (seed 6464, draw 67): 2.5 m/s over 108 m,
  // landing at 1.2 m/s², a 50 Hz chip 5 % under, a barometer, no presence sensor; the roller
  // shakes 1.2 m/s² rms. Its tone lifted each landing's smoothed braking to 1.47-1.65 m/s², over
  // the 1.5 taken for an emergency stop: the last trip, reckoned unplaced, was put between floors,
  // and the box raised a suspected entrapment and a stop outside the door zone at landing 0.
  const scenario = wornRollerDraw(
    { landings_m: [0, 5.03, 8.97, 12.55, 16.19, 19.12, 21.92, 24.95, 29.1, 31.9, 36.1, 38.9, 42.26, 45.11, 49.31, 53.51, 56.31, 60.51, 64.71, 68.51, 72.16, 75.18, 77.98, 81.96, 85.4, 88.2, 91.19, 94.42, 98.62, 101.98, 105.15, 108.37], door_zone_half_m: 0.15, air_temperature_c: 15 },
    { rated_speed_mps: 2.5, acceleration_mps2: 1.2, jerk_mps3: 0.71, leveling_speed_mps: 0, leveling_distance_m: 0 },
    { noise_mps2: 0.01, bias_mps2: [0, 0, 0], sensitivity: 0.95, ride_vibration_mps2: 0.023, door_zone_sensor: false },
    31,
  );

  it("takes its landings for landings, not emergency stops: each vibrating run reported, nothing else", () => {
    const run = runScenario(scenarioSchema.parse(scenario), { seed: 1 });
    const { matched, ...wrong } = judgedRun("worn roller, tall lift, no door-zone sensor", run, scenario.duration_s);
    expect(wrong).toEqual({ missed: [], falseAlarms: [] });
    expect(matched).toBeGreaterThanOrEqual(4);
  });
});

describe.each([
  // Drawn by the random incidents (seeds 60 and 27): a 0.4 m/s lift at 0.5 m/s², a 50 Hz chip,
  // the roller shaking 1.2 m/s² rms. Through the smoothing its tone swings the start's 0.5 m/s²
  // by ±0.4: in one, the start lobe dipped into the quiet band after 0.38 s, 0.14 m/s in (a jolt
  // by its size), and each piece after it was shorter than the start's hold; in the other, the
  // lobe held beyond the quiet band for 0.9 s but dipped below the start threshold every 0.15-0.22
  // s. A whole trip went unseen, and the vibration of its run unreported.
  { seed: 60, landings_m: [0, 3.96, 7.06], door_zone_half_m: 0.15, jerk_mps3: 1.92, leveling_distance_m: 0.05, box: { noise_mps2: 0.01, bias_mps2: [0, 0, 0] as [number, number, number], sensitivity: 1.05, ride_vibration_mps2: 0.01 } },
  { seed: 27, landings_m: [0, 5.91, 8.74], door_zone_half_m: 0.2, jerk_mps3: 1.83, leveling_distance_m: 0.17, box: { noise_mps2: 0.012, bias_mps2: [0, 0.3, 0] as [number, number, number], sensitivity: 0.95, ride_vibration_mps2: 0.06 } },
])("a worn roller shaking a slow lift's starts, sampled at 50 Hz (draw of seed $seed)", ({ landings_m, door_zone_half_m, jerk_mps3, leveling_distance_m, box }) => {
  const scenario = wornRollerDraw({ landings_m, door_zone_half_m, air_temperature_c: 15 }, { rated_speed_mps: 0.4, acceleration_mps2: 0.5, jerk_mps3, leveling_speed_mps: 0.03, leveling_distance_m }, { ...box, door_zone_sensor: true }, 2);

  it("sees every trip and reports each vibrating run, nothing else", () => {
    const run = runScenario(scenarioSchema.parse(scenario), { seed: 1 });
    expect(run.trips.map((trip) => [trip.from_landing, trip.to_landing])).toEqual([[0, 2], [2, 0], [0, 2], [2, 0]]);
    const { matched, ...wrong } = judgedRun("worn roller, slow lift, 50 Hz", run, scenario.duration_s);
    expect(wrong).toEqual({ missed: [], falseAlarms: [] });
    expect(matched).toBe(4);
  });
});

describe("a worn roller shaking a slow lift so hard that starts go unseen (1.6 m/s² rms at 50 Hz)", () => {
  // Found by review: a start hidden by the roller left its run's braking to be taken for a start
  // the other way (held beyond the quiet band 0.5 s, its mean beyond the threshold, straight out
  // of the cruise's swings both ways), and the parked car "ran" at 0.4 m/s: a false overspeed.
  const scenario = wornRollerDraw(
    { landings_m: [0, 4, 7.5], door_zone_half_m: 0.15, air_temperature_c: 15 },
    { rated_speed_mps: 0.4, acceleration_mps2: 0.4, jerk_mps3: 1, leveling_speed_mps: 0.03, leveling_distance_m: 0.1 },
    { noise_mps2: 0.01, bias_mps2: [0, 0, 0], sensitivity: 1, ride_vibration_mps2: 0.02, door_zone_sensor: true },
    2,
    1.6,
  );

  it("raises nothing insured, nor anything the truth does not hold", () => {
    const run = runScenario(scenarioSchema.parse(scenario), { seed: 2 });
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type)).toEqual([]);
    expect(judgedRun("worn roller at 1.6 m/s² rms", run, scenario.duration_s).falseAlarms).toEqual([]);
  });
});
