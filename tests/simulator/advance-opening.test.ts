/**
 * Advance door opening (EN 81-20 permits it under conditions): the car door starts opening in
 * the destination's door zone before the car stops, during its braking or its levelling crawl.
 * The box must not take a crawl the door opened in for drift: a rule that did (reverted) raised
 * a false leveling fault of 100-200 mm at every stop of a crawling lift, and an unintended
 * movement where the rest of the crawl, the door open, read as a new start.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { judgedRun } from "../support/judged-run.ts";

/** hydraulic-day's lift and box, four trips, the door opening once the car is in the zone at 0.3 m/s or less. */
function earlyOpening(lift: Partial<Scenario["lift"]>, building: Partial<Scenario["building"]> = {}, box: Partial<Scenario["box"]> = {}): Scenario {
  const scenario = structuredClone(loadScenario("hydraulic-day"));
  Object.assign(scenario.lift, { advance_opening_mps: 0.3, ...lift });
  Object.assign(scenario.building, building);
  Object.assign(scenario.box, box);
  scenario.duration_s = 260;
  scenario.traffic.passengers_per_hour = 0;
  scenario.passengers = [{ at: 5, from: 0, to: 2 }, { at: 60, from: 2, to: 1 }, { at: 120, from: 1, to: 0 }, { at: 180, from: 0, to: 1 }];
  return scenarioSchema.parse(scenario);
}

/** A 0.4 m/s lift in a four-storey building (normal-hour's box at 100 Hz), called `from`, `to`, `at` as listed. */
function slowLift(zoneSensor: boolean, zoneHalfM: number, lift: Partial<Scenario["lift"]>, calls: number[][], durationS: number): Scenario {
  const scenario = structuredClone(loadScenario("normal-hour"));
  scenario.box.door_zone_sensor = zoneSensor;
  scenario.building.landings_m = [0, 3, 6, 9];
  scenario.building.door_zone_half_m = zoneHalfM;
  Object.assign(scenario.lift, { rated_speed_mps: 0.4, ...lift });
  Object.assign(scenario.box, { accelerometer_hz: 100, noise_mps2: 0.02 });
  scenario.traffic.passengers_per_hour = 0;
  scenario.passengers = calls.map(([from, to, at]) => ({ at, from, to }));
  scenario.duration_s = durationS;
  return scenarioSchema.parse(scenario);
}

/** The run's trips, and those whose car door opened more than `beforeS` before the car stopped. */
function openedBefore(scenario: Scenario, run: ReturnType<typeof runScenario>, beforeS: number) {
  const { frames } = parseTrace(scenarioTrace(scenario, 1), `${scenario.name}.csv`);
  const trips = run.truth.flatMap((entry) => (entry.type === "trip" ? [entry] : []));
  return { trips, openedEarly: trips.filter((trip) => trip.end - frames.find((frame) => frame.t > trip.start && frame.door_closed === false)!.t > beforeS) };
}

const twoSpeed = { rated_speed_mps: 1.6, down_speed_mps: undefined, acceleration_mps2: 0.8, deceleration_mps2: 0.8, jerk_mps3: 1.2, leveling_speed_mps: 0.15, leveling_distance_m: 0.3 };

describe("a door that opens before the car stops", () => {
  const cases: { name: string; scenario: Scenario }[] = [
    { name: "hydraulic, 6 cm/s crawl, opening in the braking", scenario: earlyOpening({}) },
    { name: "hydraulic, opening in the crawl (zone ±0.1 m)", scenario: earlyOpening({}, { door_zone_half_m: 0.1 }) },
    { name: "hydraulic, no door-zone sensor", scenario: earlyOpening({}, {}, { door_zone_sensor: false }) },
    { name: "two-speed, 15 cm/s crawl over 0.3 m", scenario: earlyOpening(twoSpeed, { landings_m: [0, 3.5, 7, 10.5, 14] }) },
  ];
  for (const { name, scenario } of cases) {
    it(`raises nothing and ends each trip at its landing: ${name}`, () => {
      const run = runScenario(scenario, { seed: 1 });
      // The case itself: the door contact opened while the car still moved, at every stop.
      const { frames } = parseTrace(scenarioTrace(scenario, 1), `${name}.csv`);
      const truthTrips = run.truth.filter((entry) => entry.type === "trip");
      expect(truthTrips).toHaveLength(4);
      for (const trip of truthTrips) {
        const opened = frames.find((frame) => frame.t > trip.start && frame.door_closed === false)!.t;
        expect(trip.end - opened).toBeGreaterThan(0.2);
      }
      expect(judgedRun(name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
      const trips = run.records.filter((record) => record.type === "trip");
      expect(trips.map((trip) => trip.to_landing)).toEqual([2, 1, 0, 1]);
    });
  }
});

describe("a slow lift that opens its door as it enters the zone, before it brakes", () => {
  // A 0.4 m/s lift's braking is about as long as the zone's half: the door opens at cruise speed,
  // which a rule that took only openings after braking as early raised at every stop (a review
  // helper's case). Each stop here is a normal landing: nothing is raised.
  // Without a door-zone sensor the reckoning alone puts the car near a landing as its door opens,
  // and the car then landing there (not stopped hard, as a door forced open outside every zone
  // stops it) says the door opened in the zone: each such opening had been raised.
  for (const [advance, zoneSensor] of [[0.5, true], [0.8, true], [0.5, false], [0.8, false]] as const) {
    it(`raises nothing (doors opening at up to ${advance} m/s${zoneSensor ? "" : ", no door-zone sensor"})`, () => {
      const parsed = slowLift(zoneSensor, 0.2, { acceleration_mps2: 0.8, jerk_mps3: 1, advance_opening_mps: advance }, [[0, 1, 5], [1, 3, 45], [3, 2, 95], [2, 0, 135]], 200);
      const run = runScenario(parsed, { seed: 1 });
      // The case itself: the door contact opened while the car still went at cruise speed.
      const { trips, openedEarly } = openedBefore(parsed, run, 0.5);
      expect(trips).toHaveLength(4);
      expect(openedEarly.length).toBeGreaterThanOrEqual(3);
      expect(judgedRun("slow early opening", run, parsed.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
    });
  }
});

describe("a door forced open mid-run on a slow lift that opens early, with no door-zone sensor", () => {
  // Far from any landing by the reckoning, an opening faster than doors open outside a zone is
  // raised as it happens. A setting that judged such openings against the in-zone limit once
  // the run had braked was dropped: the emergency stop the forced door causes is a braking too,
  // and these went unreported (a review helper's cases).
  for (const [rated, after] of [[0.63, 2], [0.75, 3]]) {
    it(`is raised (rated ${rated} m/s, forced ${after} s into the run)`, () => {
      const scenario = structuredClone(loadScenario("door-open-while-moving"));
      Object.assign(scenario.lift, { rated_speed_mps: rated, advance_opening_mps: 0.3 });
      scenario.box.door_zone_sensor = false;
      scenario.faults = [{ ...scenario.faults[0], after_departure_s: after } as Scenario["faults"][number]];
      const run = runScenario(scenarioSchema.parse(scenario), { seed: scenario.seed });
      expect(judgedRun("forced door", run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
      expect(run.records.filter((record) => record.type === "door_open_while_moving")).toHaveLength(1);
    });
  }
});

describe("a door forced open just short of the zone on a lift that opens early", () => {
  // Opened at 0.8 m/s, 0.27 m short of the landing: near enough that the sensor may have missed
  // the zone (see the missed vane's early opening), so it is judged by the stop. The safety
  // circuit stops the car hard: forced open outside the zone, raised then, dated at the opening.
  it("is raised, dated when the door opened", () => {
    const scenario = structuredClone(loadScenario("door-open-while-moving"));
    scenario.passengers = [{ at: 5, from: 0, to: 1 }];
    scenario.lift.advance_opening_mps = 0.5;
    scenario.faults = [{ at: 0, kind: "door_open_while_moving", after_departure_s: 3.5, open_s: 3 } as Scenario["faults"][number]];
    scenario.duration_s = 60;
    const run = runScenario(scenarioSchema.parse(scenario), { seed: scenario.seed });
    // The case itself: the car came to rest short of the landing, at the door's forcing.
    const forced = run.truth.find((entry) => entry.type === "expected" && entry.event === "door_open_while_moving");
    expect(forced?.type === "expected" && forced.onset).toBeCloseTo(17.8, 1);
    const raised = run.envelopes.filter((envelope) => envelope.type === "door_open_while_moving");
    expect(raised.map((envelope) => envelope.onset.mono_ms / 1000)).toEqual([expect.closeTo(17.8, 1)]);
    expect(judgedRun("door forced short of the zone", run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});

describe("a door forced open 1.25 s before the arrival, on a box without a door-zone sensor", () => {
  // A review helper's sweep (seed 7504, lift 24): a 2.5 m/s lift that does not open early, its
  // door forced open at 0.6 m/s in the last 0.35 m before the landing, the reckoning within
  // reach of its zone. The safety chain stops the car on its brake, harder than it started but,
  // from so slow, no emergency by its braking alone: the stop, placed at the landing, was taken
  // for an early opening's landing and nothing raised.
  function forcedBeforeArrival(durationS: number): Scenario {
    const scenario = structuredClone(loadScenario("normal-hour"));
    scenario.building = { landings_m: [0, 3.3, 7.24, 11.43], door_zone_half_m: 0.1, air_temperature_c: 15 };
    Object.assign(scenario.lift, { rated_speed_mps: 2.5, acceleration_mps2: 0.97, jerk_mps3: 0.85, start_landing: 0, leveling_speed_mps: 0, leveling_distance_m: 0, advance_opening_mps: 0 });
    Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 200, noise_mps2: 0.026, bias_mps2: [0, 0, 0], sensitivity: 0.95, ride_vibration_mps2: 0.044, presence_sensor: true, door_zone_sensor: false, barometer: true, barometer_noise_pa: 3 });
    scenario.traffic.passengers_per_hour = 0;
    scenario.passengers = [{ at: 5, from: 0, to: 2 }];
    scenario.faults = [{ kind: "door_open_while_moving", at: 0, after_departure_s: 5.473, open_s: 3, relevel_after_s: 5 } as Scenario["faults"][number]];
    scenario.duration_s = durationS;
    return scenarioSchema.parse(scenario);
  }
  const forcedAt = (run: ReturnType<typeof runScenario>) => run.truth.flatMap((entry) => (entry.type === "expected" && entry.event === "door_open_while_moving" ? [entry.onset] : []));

  it("is raised, dated when the door opened: the car braked harder than it started", () => {
    const run = runScenario(forcedBeforeArrival(170), { seed: 1 });
    const [forced] = forcedAt(run);
    expect(forced).toBeDefined();
    const raised = run.envelopes.filter((envelope) => envelope.type === "door_open_while_moving");
    expect(raised.map((envelope) => envelope.onset.mono_ms / 1000)).toEqual([expect.closeTo(forced, 1)]);
    expect(judgedRun("door forced before the arrival, no zone sensor", run, 170)).toMatchObject({ missed: [], falseAlarms: [] });
  });

  // Held until the run is judged, about 1.5 s: a box stopped (an update, a watchdog) or a trace
  // ending before then had dropped it (a review helper's finding).
  it("is raised when the box stops before the car has", () => {
    const [forced] = forcedAt(runScenario(forcedBeforeArrival(170), { seed: 1 }));
    const run = runScenario(forcedBeforeArrival(Math.ceil((forced + 0.6) * 10) / 10), { seed: 1 });
    expect(run.envelopes.filter((envelope) => envelope.type === "door_open_while_moving").map((envelope) => envelope.onset.mono_ms / 1000)).toEqual([expect.closeTo(forced, 1)]);
  });
});


describe("a lift that brakes harder than it starts, opening early, with no door-zone sensor", () => {
  // Many drives brake into a landing harder than they start. Judged against the start alone, every
  // early opening of such a lift (1.2 times or more) read as a door forced open, the safety chain
  // stopping the car: a false insured event at about every arrival (a review helper's sweep: 164 in
  // 257 trips of 30 lifts). Its braking until the door opened is its own landing braking.
  function hardBraking(decelerationMps2: number): Scenario {
    const scenario = structuredClone(loadScenario("normal-hour"));
    scenario.building.landings_m = [0, 3.5, 7, 10.5, 14];
    Object.assign(scenario.lift, { rated_speed_mps: 1.6, acceleration_mps2: 0.8, deceleration_mps2: decelerationMps2, jerk_mps3: 1, advance_opening_mps: 0.5 });
    scenario.box.door_zone_sensor = false;
    scenario.traffic.passengers_per_hour = 0;
    scenario.passengers = [{ at: 5, from: 0, to: 2 }, { at: 45, from: 2, to: 4 }, { at: 85, from: 4, to: 1 }, { at: 125, from: 1, to: 0 }];
    scenario.duration_s = 170;
    return scenarioSchema.parse(scenario);
  }

  for (const deceleration of [0.96, 1.04, 1.2]) {
    it(`raises nothing (braking at ${deceleration} m/s² after a 0.8 m/s² start)`, () => {
      const scenario = hardBraking(deceleration);
      const run = runScenario(scenario, { seed: 1 });
      // The case itself: the door contact opened while the car still moved, at every stop.
      const { frames } = parseTrace(scenarioTrace(scenario, 1), "hard-braking.csv");
      const truthTrips = run.truth.filter((entry) => entry.type === "trip");
      expect(truthTrips).toHaveLength(4);
      for (const trip of truthTrips) expect(trip.end - frames.find((frame) => frame.t > trip.start && frame.door_closed === false)!.t).toBeGreaterThan(0.2);
      expect(judgedRun("hard braking, early opening", run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
    });
  }

  // Its door forced open 1.2 s before the arrival, at about 0.6 m/s: the brake stops the car
  // 0.11 m short, in the zone, harder than the lift was braking. Raised, dated at the opening.
  it("raises a door forced open as the car brakes into its landing", () => {
    const scenario = hardBraking(1.04);
    scenario.passengers = [{ at: 5, from: 0, to: 2 }];
    scenario.faults = [{ kind: "door_open_while_moving", at: 0, after_departure_s: 5.86, open_s: 3, relevel_after_s: 5 } as Scenario["faults"][number]];
    scenario.duration_s = 60;
    const run = runScenario(scenario, { seed: 1 });
    const forced = run.truth.flatMap((entry) => (entry.type === "expected" && entry.event === "door_open_while_moving" ? [entry.onset] : []));
    expect(forced).toEqual([expect.closeTo(20.16, 1)]);
    const raised = run.envelopes.filter((envelope) => envelope.type === "door_open_while_moving");
    expect(raised.map((envelope) => envelope.onset.mono_ms / 1000)).toEqual([expect.closeTo(forced[0], 1)]);
    expect(judgedRun("hard braking, door forced", run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});

describe("a slow lift that opens its door at cruise speed and brakes harder than it starts, with no door-zone sensor", () => {
  // No run of its own says how hard it lands: its door opens before it brakes. Its trips do: how
  // it lands is learnt over them, from the third trip after a boot (those before it raise a
  // door opened while moving at each early opening, a known limit).
  it("raises nothing once it has landed three times", () => {
    const calls = [[0, 1], [1, 3], [3, 2], [2, 0], [0, 2], [2, 1], [1, 3], [3, 0]].map(([from, to], index) => [from, to, 5 + 45 * index]);
    const parsed = slowLift(false, 0.25, { acceleration_mps2: 0.5, deceleration_mps2: 0.625, jerk_mps3: 1.84, advance_opening_mps: 0.65 }, calls, 380);
    const run = runScenario(parsed, { seed: 1 });
    // The case itself: the door contact opened while the car still went at cruise speed.
    const { trips, openedEarly } = openedBefore(parsed, run, 0.5);
    expect(trips).toHaveLength(8);
    expect(openedEarly.length).toBeGreaterThanOrEqual(6);
    const raised = run.envelopes.filter((envelope) => envelope.type === "door_open_while_moving").map((envelope) => envelope.onset.mono_ms / 1000);
    expect(raised.filter((onset) => onset > trips[2].end)).toEqual([]);
    expect(judgedRun("slow lift, hard braking", run, parsed.duration_s).missed).toEqual([]);
  });
});
