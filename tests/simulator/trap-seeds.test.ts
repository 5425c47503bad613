/**
 * A trap scenario must raise nothing insured whatever its noise and its passengers' timing,
 * not only for the seed in its file: each seed is another car with other passengers, and a
 * box sampling at another rate is another box.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { misplacedTrips } from "../support/trip-landings.ts";

describe("passengers jumping in a parked car, whatever the seed", () => {
  // Seeds 1-10: before the gravity reference was kept through the ropes' bouncing, 6 of them
  // raised overspeed, overtravel, door open while moving or abnormal vibration.
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])("seed %i raises no insured event", (seed) => {
    const scenario = loadScenario("passengers-jumping");
    scenario.seed = seed;
    const insured = runScenario(scenario).envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.map((envelope) => `${envelope.type} at ${envelope.onset.mono_ms} ms`)).toEqual([]);
  });

  // Harder jumping (3.5 m/s²) on a 400 Hz box: seed 4 raised unintended_movement. The bounce's
  // swings, building up with the door still open, were taken for a start, and the speed's offset
  // carried a later swing 0.05 m, though that run's speed had turned back by 0.2 m/s on the way.
  it.each([3, 4, 5])("seed %i, jumping at 3.5 m/s² sampled at 400 Hz, raises no insured event", (seed) => {
    const scenario = loadScenario("passengers-jumping");
    scenario.seed = seed;
    scenario.box.accelerometer_hz = 400;
    for (const fault of scenario.faults) if (fault.kind === "passengers_jumping") fault.amplitude_mps2 = 3.5;
    const insured = runScenario(scenario).envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.map((envelope) => `${envelope.type} at ${envelope.onset.mono_ms} ms`)).toEqual([]);
  });
});

describe("the box's own hardware failing, whatever the seed", () => {
  // Before the door-zone sensor was checked against the position reckoned from the last edge,
  // seeds 8, 23, 38, 40, 78 and 80 raised stopped_outside_door_zone where the sensor missed the
  // last vane of a run; 22 raised overtravel, its sensor losing the top landing's vane
  // mid-zone (the edge put the position 0.3 m up).
  it.each([8, 22, 23, 38, 40, 78, 80])("seed %i raises no insured event; the missed vane is a door-zone sensor fault", (seed) => {
    const scenario = loadScenario("hardware-faults");
    scenario.seed = seed;
    const { envelopes } = runScenario(scenario);
    const insured = envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.map((envelope) => `${envelope.type} at ${envelope.onset.mono_ms} ms`)).toEqual([]);
    const zoneFault = envelopes.find((envelope) => envelope.type === "sensor_fault" && envelope.details?.sensor === "door_zone");
    const stoppedOutside = /^reads outside the door zone where the car stopped -?0\.\d+ m from landing \d$/;
    const leftEarly = /^left the door zone of landing \d 0\.\d+ m after entering it \(it is 0\.4 m high\)$/;
    expect(zoneFault?.details?.reason).toMatch(seed === 22 ? leftEarly : stoppedOutside);
  });
});

describe("a departure that leaves the bottom landing's zone before its start is recognised", () => {
  // The zone left at rest within seconds of a trip down is taken for that trip's crawl going on
  // only where the door has not opened since and no start follows: on these seeds the car left
  // again at once, and the first version raised a false overtravel at the bottom.
  it.each([[2, 50], [5, 100]])("seed %i at %i Hz raises no insured event", (seed, rateHz) => {
    const scenario = loadScenario("hardware-faults");
    scenario.box.accelerometer_hz = rateHz;
    const insured = runScenario(scenario, { seed }).envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.map((envelope) => `${envelope.type} at ${envelope.onset.mono_ms} ms`)).toEqual([]);
  });
});

describe("a box that lost its position to a bus fault, on a chip 2.5 % under-sensitive", () => {
  // While the position was lost, a 9.6 m trip down to the bottom integrated 9.36 m: within
  // 0.15 m of a trip between two other landings, not of its own. Anchored there, the box put
  // the car 13 m high and raised two false overtravels at the top.
  it("raises no insured event, and places no trip wrongly", () => {
    const scenario = loadScenario("hardware-faults");
    Object.assign(scenario.building, { landings_m: [0, 5.9, 9.59, 12.84, 15.85, 19.85, 23.44, 26.36, 29.29], door_zone_half_m: 0.15 });
    Object.assign(scenario.lift, { rated_speed_mps: 2.07, acceleration_mps2: 0.56, jerk_mps3: 0.74 });
    Object.assign(scenario.box, { mount: { roll_deg: -3.6, pitch_deg: -5, yaw_deg: 138 }, accelerometer_hz: 200, noise_mps2: 0.011, bias_mps2: [-0.27, -0.08, -0.22], sensitivity: 0.975, ride_vibration_mps2: 0.012, barometer: false });
    scenario.passengers = [{ at: 5, from: 0, to: 8 }];
    scenario.traffic.passengers_per_hour = 90;
    scenario.duration_s = 400;
    scenario.faults = scenario.faults.filter((fault) => fault.kind !== "bus_fault" || fault.device === "accelerometer");
    for (const fault of scenario.faults) if (fault.kind === "bus_fault") Object.assign(fault, { at: 36, fault: "timeout", duration_s: 5.3 });
    const run = runScenario(scenario, { seed: 1 });
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => `${envelope.type} at ${envelope.onset.mono_ms} ms`)).toEqual([]);
    expect(misplacedTrips(run)).toEqual([]);
  });
});

describe("scenarios on another box", () => {
  // Each raised a false insured event before. Overtravel: vibration drifted the integrated
  // position past the top landing (at 200 Hz, the car standing there; at 50 Hz, 0.5 m ahead
  // between landings 4 and 5), a slow rescue into the top zone drifted it 0.6 m up, and, on a
  // box with a barometer but no door-zone sensor, the barometer took the landing the car had
  // left unseen (during the accelerometer's fault) for the one it was at, a floor or three out.
  // Overspeed: with no door contact, a braking taken for a start after that fault was never
  // dropped, and integrated into runs of 100 m. Unintended movement: the barometer's noise,
  // through its correction, moved a car bouncing under jumping passengers 0.14 m. And on a
  // box with an accelerometer alone, overtravel took its integration as certain: a 50 Hz one
  // with 0.08 m/s² of noise was 0.2 m past the top landing before the car stopped there.
  const variants: [string, number, Partial<Scenario["box"]>][] = [
    ["abnormal-vibration", 1, { accelerometer_hz: 200, noise_mps2: 0.01 }],
    ["abnormal-vibration", 1, { accelerometer_hz: 200, noise_mps2: 0.06 }],
    ["abnormal-vibration", 3, { accelerometer_hz: 50, noise_mps2: 0.01 }],
    ["overtravel", 5, { accelerometer_hz: 50, noise_mps2: 0.06 }],
    ["hardware-faults", 1, { door_zone_sensor: false }],
    ["hardware-faults", 2, { door_zone_sensor: false }],
    ["hardware-faults", 1, { door_contact: false }],
    ["hardware-faults", 2, { door_contact: false }],
    ["passengers-jumping", 6, { door_zone_sensor: false, barometer: true }],
    ["door-contact-chatter", 1, { door_zone_sensor: false, accelerometer_hz: 50 }],
    ["door-contact-chatter", 2, { door_zone_sensor: false, accelerometer_hz: 50 }],
  ];
  it.each(variants)("%s, seed %i, on a box with %o raises the insured events it expects", (name, seed, box) => {
    const scenario = loadScenario(name);
    scenario.seed = seed;
    Object.assign(scenario.box, box);
    const counts: Record<string, number> = {};
    for (const envelope of runScenario(scenario).envelopes) if (insuredEventTypes.has(envelope.type)) counts[envelope.type] = (counts[envelope.type] ?? 0) + 1;
    expect(counts).toEqual(scenario.expect);
  });
});
