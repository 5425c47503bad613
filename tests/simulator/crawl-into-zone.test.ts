/**
 * A lift that brakes to its levelling crawl before the door zone begins (a 0.2 m crawl, a 0.2 m
 * zone), on a box whose gravity reference is a little off after a long run: the crawl's
 * integrated speed reads a few cm/s, or below zero. The zone edge is the car's height at the
 * landing's side it came from, and the leveling it anchors is right (a false leveling fault of
 * 0.4 m at seeds 1, 3 and 4 while the edge took the speed's sign for the car's direction).
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

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
