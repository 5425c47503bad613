/**
 * Lifts and boxes drawn at random within what is plausible, for the property tests of
 * tests/simulator: 2-40 landings with irregular floors, 0.4-6 m/s (a tall building gets a fast
 * lift), with or without a levelling crawl; boxes at 50-400 Hz with noise, offsets, tilt and a
 * chip's sensitivity within its tolerance, most with a door-zone sensor, a third a barometer.
 */
import fc from "fast-check";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";

const decimals = (digits: number) => (value: number) => Number(value.toFixed(digits));
const within = (min: number, max: number, digits = 2) => fc.double({ min, max, noNaN: true }).map(decimals(digits));
/** Landing heights from the ground floor: a taller first storey now and then. */
const landings = fc
  .tuple(fc.integer({ min: 2, max: 40 }), fc.boolean(), fc.array(within(2.8, 4.2), { minLength: 39, maxLength: 39 }), within(4.5, 6))
  .map(([count, tallLobby, storeys, lobby]) => {
    const heights = [0];
    for (let floor = 1; floor < count; floor++) heights.push(decimals(2)(heights[floor - 1] + (floor === 1 && tallLobby ? lobby : storeys[floor - 1])));
    return heights;
  });

export const randomLift = fc.record({
  landings,
  zoneHalf: fc.constantFrom(0.1, 0.15, 0.2, 0.25),
  speedWithin: within(0, 1, 3),
  acceleration: within(0.5, 1.2),
  jerk: within(0.7, 2),
  crawl: fc.option(fc.record({ speed: within(0.03, 0.1, 3), distance: within(0.05, 0.2) }), { freq: 3 }),
});

export const randomBox = fc.record({
  rateHz: fc.constantFrom(50, 100, 200, 400),
  noise: within(0.01, 0.05, 3),
  bias: fc.array(within(-0.3, 0.3), { minLength: 3, maxLength: 3 }),
  mount: fc.record({ roll: within(-10, 10, 1), pitch: within(-10, 10, 1), yaw: within(0, 360, 0) }),
  sensitivity: within(0.95, 1.05, 3),
  vibration: within(0.01, 0.06, 3),
  // Most boxes have a door-zone sensor, a third a barometer.
  doorZone: fc.double({ min: 0, max: 1, noNaN: true }).map((draw) => draw < 0.85),
  barometer: fc.double({ min: 0, max: 1, noNaN: true }).map((draw) => draw < 0.35),
  passengersPerHour: fc.integer({ min: 20, max: 150 }),
});

export type Drawn<T> = T extends fc.Arbitrary<infer U> ? U : never;

/** normal-hour, with the drawn lift and box: a tall building gets a fast lift. */
export function scenarioOf(drawnLift: Drawn<typeof randomLift>, drawnBox: Drawn<typeof randomBox>, changes: (scenario: Scenario) => void = () => {}): Scenario {
  const scenario = structuredClone(loadScenario("normal-hour"));
  const heights = drawnLift.landings;
  const travel = heights[heights.length - 1];
  const [slowest, fastest] = travel > 60 ? [2.5, 6] : travel > 20 ? [1, 2.5] : [0.4, 1.6];
  scenario.duration_s = 1200;
  scenario.building.landings_m = heights;
  scenario.building.door_zone_half_m = drawnLift.zoneHalf;
  scenario.lift.rated_speed_mps = decimals(2)(slowest + (fastest - slowest) * drawnLift.speedWithin);
  // No lift takes much over 8 s to reach its speed (a 6 m/s one accelerates at 0.75 m/s² or more;
  // the firmware takes a one-sided acceleration past max_lobe_s, 12 s, for a reference gone off).
  scenario.lift.acceleration_mps2 = Math.max(drawnLift.acceleration, decimals(2)(scenario.lift.rated_speed_mps / 8));
  scenario.lift.jerk_mps3 = drawnLift.jerk;
  if (drawnLift.crawl) {
    scenario.lift.leveling_speed_mps = drawnLift.crawl.speed;
    scenario.lift.leveling_distance_m = drawnLift.crawl.distance;
  }
  scenario.box.accelerometer_hz = drawnBox.rateHz;
  scenario.box.noise_mps2 = drawnBox.noise;
  scenario.box.bias_mps2 = drawnBox.bias as [number, number, number];
  scenario.box.mount = { roll_deg: drawnBox.mount.roll, pitch_deg: drawnBox.mount.pitch, yaw_deg: drawnBox.mount.yaw };
  scenario.box.sensitivity = drawnBox.sensitivity;
  scenario.box.ride_vibration_mps2 = drawnBox.vibration;
  scenario.box.door_zone_sensor = drawnBox.doorZone;
  scenario.box.barometer = drawnBox.barometer;
  scenario.traffic.passengers_per_hour = drawnBox.passengersPerHour;
  changes(scenario);
  return scenarioSchema.parse(scenario);
}

