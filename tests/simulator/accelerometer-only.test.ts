/**
 * A box with an accelerometer and neither a door-zone sensor nor a barometer: nothing puts its
 * integration right, so a trip's length is known only to the chip's sensitivity (and a trip
 * ending in a crawl the box takes for drift, worse). Its landings must be right or absent, and
 * overtravel must not be raised on a position it cannot know; yet trips that fit only one
 * landing (at an end of the shaft, past an odd floor height) place it again.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { misplacedTrips } from "../support/trip-landings.ts";

/** Half an hour of ordinary traffic on a lift and box otherwise like normal-hour's. */
function accelerometerOnly(landings_m: number[], door_zone_half_m: number, lift: Partial<Scenario["lift"]>, box: Partial<Scenario["box"]>, passengersPerHour: number): Scenario {
  const scenario = loadScenario("normal-hour");
  Object.assign(scenario.building, { landings_m, door_zone_half_m });
  Object.assign(scenario.lift, lift);
  Object.assign(scenario.box, box, { door_zone_sensor: false, barometer: false });
  scenario.traffic.passengers_per_hour = passengersPerHour;
  scenario.duration_s = 1800;
  return scenario;
}

// Both raised a false overtravel at an end landing (40 and 38 m), and the second placed 9 trips a floor out.
const lifts: [string, Scenario][] = [
  [
    "12 landings, 1.9 m/s, a chip 3.3 % over at 100 Hz",
    accelerometerOnly([0, 4.01, 6.95, 10.76, 14.66, 18.55, 21.55, 25.74, 28.93, 33.11, 36.6, 40.63], 0.1, { rated_speed_mps: 1.88, acceleration_mps2: 0.61, jerk_mps3: 1.55 }, { mount: { roll_deg: -8.7, pitch_deg: 1.7, yaw_deg: 222 }, accelerometer_hz: 100, noise_mps2: 0.049, bias_mps2: [0.25, 0.03, -0.27], sensitivity: 1.033, ride_vibration_mps2: 0.034 }, 117),
  ],
  [
    "11 landings, 1.6 m/s with a levelling crawl, a chip 3.2 % over at 50 Hz",
    accelerometerOnly([0, 5.36, 9.56, 12.57, 16.05, 19.14, 22.74, 25.77, 29.65, 33.51, 37.55], 0.15, { rated_speed_mps: 1.61, acceleration_mps2: 1.07, jerk_mps3: 1.16, leveling_speed_mps: 0.062, leveling_distance_m: 0.06 }, { mount: { roll_deg: -5.2, pitch_deg: 1.8, yaw_deg: 339 }, accelerometer_hz: 50, noise_mps2: 0.013, bias_mps2: [0.05, -0.11, 0.24], sensitivity: 1.032, ride_vibration_mps2: 0.033 }, 124),
  ],
];

describe.each(lifts)("an accelerometer-only box: %s", (_, scenario) => {
  const run = runScenario(scenario, { seed: 1 });

  it("raises no insured event", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => [envelope.type, envelope.details])).toEqual([]);
  });

  it("reports every landing right or not at all, and places at least a third of its trips (3 % of them while an uncertain rest only grew)", () => {
    expect(misplacedTrips(run)).toEqual([]);
    const placed = run.trips.filter((trip) => trip.from_landing !== undefined && trip.to_landing !== undefined);
    expect(placed.length).toBeGreaterThanOrEqual(run.trips.length / 3);
  });
});
