/**
 * A door-zone sensor that misses the vane of the landing where the car stops: the box, which
 * reckons the stop a few cm from the landing, reports the sensor and keeps the car in the zone
 * until it moves again. What happens to the passengers must still be found either side of it.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { judgedRun } from "../support/judged-run.ts";

describe("a missed vane at a stop", () => {
  // Up two floors, arriving with the door stuck shut; the sensor misses landing 2's vane (armed
  // while the car is between landings 1 and 2). Later, going down, the car stops between floors.
  const scenario = loadScenario("entrapment-at-floor");
  scenario.duration_s = 300;
  scenario.faults.push({ at: 20, kind: "missing_leveling_pulse", count: 1 });
  scenario.faults.push({ at: 125, kind: "stop_between_floors", after_departure_s: 3 });
  scenario.passengers.push({ at: 130, from: 2, to: 0 });
  const { envelopes } = runScenario(scenario);
  const arrival = 23.35;
  const stall = 143.3;
  const near = (type: string, at: number) => envelopes.filter((envelope) => envelope.type === type && Math.abs(envelope.onset.mono_ms / 1000 - at) < 1);

  it("is a door-zone sensor fault, and the passenger shut in at that floor an entrapment at floor", () => {
    expect(near("sensor_fault", arrival).map((envelope) => envelope.details)).toEqual([expect.objectContaining({ sensor: "door_zone", landing: 2 })]);
    // Raised once the sensor has read outside for detection.late_arrival_s (a crawl may still be carrying the car in).
    expect(near("sensor_fault", arrival).map((envelope) => envelope.raised.mono_ms / 1000 - arrival)).toEqual([expect.closeTo(10, 0)]);
    expect(near("entrapment", arrival).map((envelope) => envelope.details?.kind)).toEqual(["at_floor"]);
    expect(envelopes.filter((envelope) => envelope.type === "stopped_outside_door_zone" && envelope.onset.mono_ms / 1000 < stall - 1)).toEqual([]);
  });

  it("is in the truth as well: the judge counts the fault as found, not as a false alarm", () => {
    // The hardware-faults scenario's missed vanes fell at stops on 12 of seeds 11-40: each a
    // sensor fault the box rightly reported and the judge called false.
    const run = runScenario(scenario);
    const faults = run.truth.filter((entry) => entry.type === "expected" && (entry.event === "sensor_fault" || entry.event === "sensor_recovered"));
    // Not recovered: the car next stops between floors, and the sensor sees no vane again.
    expect(faults.map((entry) => entry.type === "expected" && [entry.event, entry.details.sensor])).toEqual([["sensor_fault", "door_zone"]]);
    expect(faults[0].type === "expected" && faults[0].onset).toBeCloseTo(arrival, 0);
    const { missed, falseAlarms } = judgedRun("missed vane at a stop", run, scenario.duration_s);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });

  it("leaves the car in the zone only until it moves: the stop between floors after it is one", () => {
    expect(near("entrapment", stall).map((envelope) => envelope.details?.kind)).toEqual(["between_floors"]);
    expect(near("stopped_outside_door_zone", stall)).toHaveLength(1);
  });
});

describe("a missed vane at a stop, the car going on to the next landing", () => {
  it("is a fault in the truth until the sensor sees the next vane, and the box's fault and recovery match it", () => {
    // hardware-faults at seed 13: its two missed vanes fall at a stop at landing 0, at 154 s.
    const scenario = loadScenario("hardware-faults");
    const run = runScenario(scenario, { seed: 13 });
    const expected = run.truth.flatMap((entry) => (entry.type === "expected" && entry.details.sensor === "door_zone" ? [entry.event] : []));
    expect(expected).toEqual(["sensor_fault", "sensor_recovered"]);
    const { missed, falseAlarms } = judgedRun("hardware-faults, seed 13", run, scenario.duration_s);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });
});

describe("a missed vane still waiting when a replayed trace ends", () => {
  // The same arrival, the trace cut 4.6 s after it: well within late_arrival_s, so the wait is
  // not over, but nothing more will come to end it. The input's end reports it, dated at the stop.
  const scenario = loadScenario("entrapment-at-floor");
  scenario.duration_s = 28;
  scenario.faults.push({ at: 20, kind: "missing_leveling_pulse", count: 1 });

  it("is reported at the trace's end", () => {
    const trace = parseTrace(scenarioTrace(scenario), "missed-vane-cut.csv");
    const faults = replayTrace(trace, configFromMetadata(trace, "missed-vane-cut.csv")).filter((record) => record.type === "sensor_fault");
    expect(faults).toEqual([expect.objectContaining({ sensor: "door_zone", landing: 2, onset: expect.closeTo(23.4, 0) })]);
    expect(faults[0].t).toBeGreaterThan(27.9);
  });
});

describe("a car the safety gear stopped near a landing", () => {
  // Drawn by the random incidents (seed 8282, draw 108): a 6 m/s lift of 30 landings falls from
  // the top and is arrested at 0.6 g from over 8 m/s, metres past the last zone edge it passed. The
  // box, its chip 5 % over-sensitive and not yet learnt, reckoned the stop 8 cm from landing 24
  // and took the sensor's "outside" for a missed vane: a false sensor fault, and an entrapment at
  // the floor where the passenger was shut in between floors.
  const scenario = structuredClone(loadScenario("free-fall"));
  scenario.building = { landings_m: [0, 2.88, 5.68, 8.74, 12.74, 16.94, 21.14, 24.54, 27.53, 31.21, 34.7, 37.72, 40.98, 43.78, 46.85, 51.05, 54.4, 57.66, 60.92, 64.53, 67.46, 71.15, 73.95, 78.08, 81.09, 84.26, 87.67, 91.23, 94.03, 96.83], door_zone_half_m: 0.1, air_temperature_c: 15 };
  Object.assign(scenario.lift, { rated_speed_mps: 6, acceleration_mps2: 0.84, jerk_mps3: 1.26, emergency_deceleration_mps2: 2.5, start_landing: 29, leveling_speed_mps: 0.082, leveling_distance_m: 0.19 });
  Object.assign(scenario.box, { mount: { roll_deg: -10, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 400, noise_mps2: 0.01, bias_mps2: [0, 0, 0], sensitivity: 1.05, ride_vibration_mps2: 0.02, presence_sensor: false, door_zone_sensor: true, barometer: true });
  scenario.traffic.passengers_per_hour = 0;
  scenario.passengers = [{ at: 5, from: 29, to: 0 }];
  scenario.faults = [{ kind: "free_fall", at: 0, after_departure_s: 4, friction: 0.05, fall_s: 0.6, arrest_deceleration_g: 0.6 }, { kind: "rescue", at: 300 }] as typeof scenario.faults;
  scenario.duration_s = 360;

  it("is stopped outside the door zone with someone shut in between floors, and the sensor is believed", () => {
    const run = runScenario(scenarioSchema.parse(scenario), { seed: 1 });
    // The case itself: the car came to rest outside every zone, within a zone's height of one.
    const arrest = run.truth.find((entry) => entry.type === "expected" && entry.event === "stopped_outside_door_zone");
    expect(arrest).toBeDefined();
    const { missed, falseAlarms } = judgedRun("free fall arrested near a landing", run, scenario.duration_s);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });
});

describe("a car the safety circuit stopped just short of a landing's zone, on a chip not yet learnt", () => {
  // A review helper's sweep: a 6 m/s lift stopped in its final approach 0.22 m
  // short of landing 2, outside its 0.15 m zone. The chip, 5 % over-sensitive and not yet
  // learnt, reckoned the stop 0.1 m off after 3.8 m from the last edge; that was taken for a
  // missed vane: a false sensor fault, and the passenger shut in between floors found as one at
  // a floor, or after a power cut not at all. The door stays shut: nothing says the car is in.
  function shortStop(faults: readonly Scenario["faults"][number][]): Scenario {
    const scenario = structuredClone(loadScenario("normal-hour"));
    scenario.building = { landings_m: [0, 4.5, 8.66, 12.86, 17.06], door_zone_half_m: 0.15, air_temperature_c: 15 };
    Object.assign(scenario.lift, { rated_speed_mps: 6, acceleration_mps2: 0.84, jerk_mps3: 2, emergency_deceleration_mps2: 2.5, start_landing: 0, leveling_speed_mps: 0.1, leveling_distance_m: 0.17, advance_opening_mps: 0 });
    Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 50, noise_mps2: 0.011, bias_mps2: [0, -0.3, 0], sensitivity: 1.05, ride_vibration_mps2: 0.021, presence_sensor: true, door_zone_sensor: true, barometer: true, barometer_noise_pa: 3 });
    scenario.traffic.passengers_per_hour = 0;
    scenario.passengers = [{ at: 5, from: 0, to: 2 }];
    scenario.faults = [...faults];
    scenario.duration_s = 90;
    return scenarioSchema.parse(scenario);
  }

  it.each([
    ["the safety circuit", [{ kind: "stop_between_floors", at: 0, after_departure_s: 6.3 }]],
    ["a power cut", [{ kind: "power_loss", at: 20.6, duration_s: 40 }]],
  ] as const)("stopped by %s, is outside the zone with the passenger shut in between floors; the sensor is believed", (_, faults) => {
    const run = runScenario(shortStop(faults), { seed: 1 });
    const stop = run.truth.find((entry) => entry.type === "expected" && entry.event === "stopped_outside_door_zone");
    expect(stop).toBeDefined();
    expect(run.records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.kind)).toEqual(["between_floors"]);
    const { missed, falseAlarms } = judgedRun("stop short of the zone, chip not learnt", run, 90);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });

  it("is outside the zone though a cut wire reads the door open: it read so all through the run, not as the car came in", () => {
    const stuck = { kind: "contact_stuck", at: 0, input: "door_contact", present: false } as const;
    const run = runScenario(shortStop([{ kind: "stop_between_floors", at: 0, after_departure_s: 6.3 }, stuck]), { seed: 1 });
    expect(run.records.filter((record) => record.type === "sensor_fault" && record.sensor === "door_zone")).toEqual([]);
    expect(run.records.filter((record) => record.type === "stopped_outside_door_zone")).toHaveLength(1);
  });
});

describe("a missed vane 6.8 m past the last edge, on a chip not yet learnt", () => {
  // One storey of 7 m: 1.5 σ of 3.5 % over 6.8 m is more than the zone's 0.2 m, so the reckoning
  // alone cannot say the car is in (detection.missed_vane_sigma). A lift opens its door only in
  // the zone: the door opening as the car arrives says it. A box without a door contact has only
  // the reckoning, and keeps to missed_vane_m.
  function tallStorey(doorStuck: boolean, doorContact = true): Scenario {
    const scenario = loadScenario("entrapment-at-floor");
    scenario.box.door_contact = doorContact;
    scenario.building.landings_m = [0, 7, 10.5];
    scenario.duration_s = 120;
    scenario.passengers = [{ at: 5, from: 0, to: 1 }];
    // The scenario's own fault holds the door shut for 90 s.
    scenario.faults = [...(doorStuck ? scenario.faults : []), { at: 19, kind: "missing_leveling_pulse", count: 1 }];
    return scenario;
  }

  it("is a sensor fault when the door opens, and the trip ends at its landing: nothing insured", () => {
    const run = runScenario(tallStorey(false));
    expect(run.envelopes.map((envelope) => [envelope.type, envelope.details?.landing])).toEqual([["sensor_fault", 1]]);
    expect(run.records.filter((record) => record.type === "trip")).toEqual([expect.objectContaining({ from_landing: 0, to_landing: 1 })]);
    const { missed, falseAlarms } = judgedRun("missed vane, door opens", run, 120);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });

  it("is, on a box with no door contact to tell, taken from the reckoning as before: a sensor fault", () => {
    const run = runScenario(tallStorey(false, false));
    expect(run.envelopes.map((envelope) => [envelope.type, envelope.details?.landing])).toEqual([["sensor_fault", 1]]);
    const { missed, falseAlarms } = judgedRun("missed vane, no door contact", run, 120);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });

  it("is, with the door stuck shut, a stop outside the zone: the sensor is believed (the trade missed_vane_sigma makes)", () => {
    const run = runScenario(tallStorey(true));
    expect(run.envelopes.map((envelope) => envelope.type).sort()).toEqual(["entrapment", "stopped_outside_door_zone"]);
    expect(run.envelopes.find((envelope) => envelope.type === "entrapment")?.details?.kind).toBe("between_floors");
  });
});

describe("a missed vane on a lift that opens its doors early", () => {
  // The door opens at up to 0.5 m/s as the car comes into the zone the sensor does not see: read
  // against the limit outside every zone (0.3 m/s), that was a door opened while moving, raised
  // at every such stop (a review helper's grid: 168 of 168), and the door, opened at speed, was
  // no word for the landing (a stop outside the zone as well, on a chip not yet learnt).
  /** `faultAt`: while the car is between landings 0 and 1 (the sensor misses the next vane) */
  function earlyOpening(landingsM: number[], faultAt: number): Scenario {
    const scenario = loadScenario("entrapment-at-floor");
    scenario.building.landings_m = landingsM;
    scenario.lift.advance_opening_mps = 0.5;
    scenario.duration_s = 120;
    scenario.passengers = [{ at: 5, from: 0, to: 1 }];
    scenario.faults = [{ at: faultAt, kind: "missing_leveling_pulse", count: 1 }];
    return scenario;
  }

  it.each([
    ["a 3.5 m storey", [0, 3.5, 7], 17],
    ["a 7 m storey, 1.5 σ of the chip's doubt more than the zone", [0, 7, 10.5], 19],
  ] as const)("is a sensor fault, and the trip ends at its landing: %s", (_, landingsM, faultAt) => {
    const scenario = earlyOpening([...landingsM], faultAt);
    const run = runScenario(scenario);
    // The case itself: the door began to open faster than doors open outside a zone.
    const trip = run.truth.find((entry) => entry.type === "trip")!;
    const { frames } = parseTrace(scenarioTrace(scenario), "early-opening.csv");
    expect(trip.end - frames.find((frame) => frame.t > trip.start && frame.door_closed === false)!.t).toBeGreaterThan(0.3);
    expect(run.envelopes.map((envelope) => [envelope.type, envelope.details?.landing])).toEqual([["sensor_fault", 1]]);
    expect(run.records.filter((record) => record.type === "trip")).toEqual([expect.objectContaining({ from_landing: 0, to_landing: 1 })]);
    const { missed, falseAlarms } = judgedRun("missed vane, early opening", run, 120);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });
});

describe("a sensor missing every vane on a slow lift that opens its doors early", () => {
  // A review helper's traffic sweep (30 lifts, six vanes missed each): 20 false door opened while
  // moving on 12 lifts. A 0.4 m/s lift, its chip 3.7 % low and not yet learnt, the sensor reading
  // no edge in a whole trip: the reckoning put the stops 0.11-0.27 m from their landings, past
  // missed_vane_m (0.1 m), and each door the lift opened early read as forced, or, opened under
  // 0.3 m/s, left the car taken for stopped outside the zone and the next trip reckoned from there.
  /** Every vane missed from the start: the trips `calls` ([from, to, at]), then 70 s. */
  function everyVaneMissed(calls: number[][]): Scenario {
    const scenario = structuredClone(loadScenario("normal-hour"));
    scenario.building.landings_m = [0, 5.9, 8.71, 12.34];
    scenario.building.door_zone_half_m = 0.25;
    Object.assign(scenario.lift, { rated_speed_mps: 0.4, acceleration_mps2: 0.5, deceleration_mps2: 0.6, leveling_speed_mps: 0, leveling_distance_m: 0, advance_opening_mps: 0.34 });
    Object.assign(scenario.box, { mount: { roll_deg: 10, pitch_deg: -10, yaw_deg: 0 }, accelerometer_hz: 50, noise_mps2: 0.01, sensitivity: 0.963, door_zone_sensor: true });
    scenario.traffic.passengers_per_hour = 0;
    scenario.passengers = calls.map(([from, to, at]) => ({ at, from, to }));
    scenario.faults = [{ at: 3, kind: "missing_leveling_pulse", count: 6 }];
    scenario.duration_s = calls.at(-1)![2] + 70;
    return scenarioSchema.parse(scenario);
  }

  it.each([
    // The first door opens at 0.29 m/s as the lift reads it, under the limit outside a zone.
    ["three trips, a sensor fault at the first stop", [[0, 2, 5], [2, 1, 45], [1, 3, 80]], 2],
    // The whole shaft: the stop reckoned 0.34 m short over 12 m, the door opened at 0.26 m/s as
    // the car came in. Before, no sensor fault and the trip went nowhere.
    ["one trip the whole shaft", [[0, 3, 5]], 3],
  ])("is a sensor fault, and no door opened while moving: %s", (_, calls, landing) => {
    const scenario = everyVaneMissed(calls);
    const run = runScenario(scenario);
    const arrival = run.truth.find((entry) => entry.type === "trip")!.end;
    expect(run.envelopes.map((envelope) => [envelope.type, envelope.details?.landing])).toEqual([["sensor_fault", landing]]);
    expect(run.envelopes[0].onset.mono_ms / 1000).toBeCloseTo(arrival, 0);
    expect(run.records.filter((record) => record.type === "trip").map((trip) => trip.type === "trip" && [trip.from_landing, trip.to_landing])).toEqual(calls.map(([from, to]) => [from, to]));
    const { missed, falseAlarms } = judgedRun("every vane missed, early opening", run, scenario.duration_s);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });
});

describe("a car still crawling into the zone where its trip was taken to end", () => {
  // Drawn by the random incidents (seed 70): a levelling crawl of 0.03 m/s over the last 0.13 m,
  // into a zone 0.1 m either side of the landing, too slow for the accelerometer to tell from
  // drift, so the trip ends where the crawl began, 3 cm outside the zone. The chip, 5 % over-
  // sensitive and not yet learnt, reckons that stop 4 cm inside it. The sensor's "outside" was
  // taken for a missed vane: a false sensor fault, recovered a second later as the car came in.
  // Since 7 December it is not (missed_vane_m is 5 cm inside this zone's edge by default, 0.05 m,
  // the stop reckoned 0.06 m off): the trip ends outside, unplaced.
  const scenario = structuredClone(loadScenario("normal-hour"));
  scenario.building = { landings_m: [0, 2.8, 7], door_zone_half_m: 0.1, air_temperature_c: 15 };
  Object.assign(scenario.lift, { rated_speed_mps: 1.6, acceleration_mps2: 0.77, jerk_mps3: 1.18, start_landing: 0, leveling_speed_mps: 0.03, leveling_distance_m: 0.13 });
  Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 100, noise_mps2: 0.027, bias_mps2: [0, 0, 0], sensitivity: 1.049, ride_vibration_mps2: 0.043, presence_sensor: true, door_zone_sensor: true, barometer: true });
  scenario.traffic.passengers_per_hour = 60;
  scenario.passengers = [{ at: 5, from: 0, to: 2 }];
  scenario.faults = [];
  scenario.duration_s = 60;

  it("is no sensor fault: the car arrives, the trip ending where the crawl began", () => {
    const run = runScenario(scenarioSchema.parse(scenario), { seed: 1 });
    // The case itself: the car came to the zone at a crawl, after the box took the trip to end.
    const trip = run.records.find((record) => record.type === "trip");
    const arrived = run.truth.find((entry) => entry.type === "trip");
    expect(trip && "end" in trip && arrived && arrived.end - Number(trip.end)).toBeGreaterThan(1);
    expect(run.records.filter((record) => record.type === "sensor_fault" || record.type === "sensor_recovered")).toEqual([]);
    expect(trip).toMatchObject({ from_landing: 0 });
    expect(trip).not.toHaveProperty("to_landing");
    const { missed, falseAlarms } = judgedRun("crawl into the zone", run, scenario.duration_s);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });
});
