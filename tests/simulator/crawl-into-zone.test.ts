/**
 * A lift that brakes to its levelling crawl before the door zone begins (a 0.2 m crawl, a 0.2 m
 * zone), on a box whose gravity reference is a little off after a long run: the crawl's
 * integrated speed reads a few cm/s, or below zero. The zone edge is the car's height at the
 * landing's side it came from, and the leveling it anchors is right (a false leveling fault of
 * 0.4 m at seeds 1, 3 and 4 while the edge took the speed's sign for the car's direction).
 * And a slow lift's long run whose drift turned its speed back as it braked to a 3-4 cm/s
 * crawl: no bounce, so the crawl's zone edge is still on the side it came from.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioOf } from "../support/random-lift.ts";

describe.each([1, 3, 4])("a 13-landing, 2.2 m/s lift with a levelling crawl into the door zone, seed %i", (seed) => {
  const scenario = loadScenario("normal-hour");
  scenario.building.landings_m = [0, 4.69, 8.32, 12.47, 16.04, 19.97, 23.01, 27.02, 30.36, 33.22, 36.05, 39.92, 43.16];
  Object.assign(scenario.lift, { rated_speed_mps: 2.23, acceleration_mps2: 0.78, jerk_mps3: 1.68, leveling_speed_mps: 0.059, leveling_distance_m: 0.2 });
  Object.assign(scenario.box, { mount: { roll_deg: 5.3, pitch_deg: 8.8, yaw_deg: 209 }, accelerometer_hz: 200, noise_mps2: 0.041, bias_mps2: [-0.05, 0.29, 0.16], sensitivity: 1.042, ride_vibration_mps2: 0.039 });
  scenario.traffic.passengers_per_hour = 129;
  scenario.duration_s = 1800;
  const run = runScenario(scenario, { seed });

  it("raises no insured event", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => [envelope.type, envelope.details])).toEqual([]);
  });
});

// Drawn by the random-lifts property test at other seeds: a 37-41 s run's drift (a chip 3-5 %
// under, an offset of a few mm/s²) read +8 cm/s at the end of braking down to the crawl, past
// half start_dv_mps, and was taken for a bounce; the zone edge the crawl then entered was put
// at the landing's lower side, a false leveling fault of 0.2 m (-217 mm, σ 7 mm).
describe.each([
  { landings: [0, 4.5, 7.88, 10.93, 14.25], zoneHalf: 0.1 as const, acceleration: 1.2, jerk: 0.7, crawl: { speed: 0.03, distance: 0.11 }, rateHz: 100 as const, noise: 0.01, sensitivity: 0.95, passengersPerHour: 132 },
  { landings: [0, 5.95, 10.15, 13.89, 17.87, 21.18, 25.38, 28.72, 31.81, 35.26, 39.46, 43.66, 46.59, 49.39, 52.19, 54.99, 58.06], zoneHalf: 0.15 as const, acceleration: 0.5, jerk: 1.73, crawl: { speed: 0.037, distance: 0.17 }, rateHz: 200 as const, noise: 0.05, sensitivity: 0.972, passengersPerHour: 149 },
])("a slow lift with a 3-4 cm/s levelling crawl, $landings.length landings", (lift) => {
  it("raises no insured event in twenty minutes of traffic", () => {
    const scenario = scenarioOf(
      { landings: lift.landings, zoneHalf: lift.zoneHalf, speedWithin: 0, acceleration: lift.acceleration, jerk: lift.jerk, crawl: lift.crawl },
      { rateHz: lift.rateHz, noise: lift.noise, bias: [0, 0, 0], mount: { roll: 0, pitch: 0, yaw: 0 }, sensitivity: lift.sensitivity, vibration: 0.01, doorZone: true, barometer: true, passengersPerHour: lift.passengersPerHour },
    );
    const run = runScenario(scenario, { seed: 1 });
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => [envelope.type, envelope.details])).toEqual([]);
  });
});
