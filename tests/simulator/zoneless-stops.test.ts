/**
 * A box without a door-zone sensor finds someone shut in: between floors where the car stopped
 * outside every zone by the reckoning, or by an emergency stop's braking where the reckoning
 * cannot put it inside one; at a floor where it landed as lifts do at the landing it was placed
 * at. Judged against the simulated lift's truth (assessAccuracy): the corpus's entrapments and
 * stops outside the zone are all found, with an accelerometer alone or a barometer too, and
 * nothing is raised that did not happen.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { scenarioOf } from "../support/random-lift.ts";
import { misplacedTrips } from "../support/trip-landings.ts";

function judged(name: string, barometer: boolean, seed: number, changes: (scenario: Scenario) => void = () => {}) {
  const scenario = loadScenario(name);
  Object.assign(scenario.box, { door_zone_sensor: false, barometer });
  changes(scenario);
  const [accuracy] = assessAccuracy([{ name, run: runScenario(scenarioSchema.parse(scenario), { seed }), end: scenario.duration_s }]).scenarios;
  return {
    missed: accuracy.missed.map((record) => record.event),
    falseAlarms: accuracy.false_alarms.map((record) => record.type),
  };
}

describe("a box without a door-zone sensor", () => {
  // Before: every entrapment, stopped_outside_door_zone and door fault here was missed.
  const stops = ["between-floors", "power-loss", "stopped-outside-door-zone", "free-fall", "unintended-movement", "entrapment-at-floor", "door-fault"];
  for (const name of stops) {
    for (const barometer of [false, true]) {
      it(`finds everything in ${name}${barometer ? " with a barometer" : ""}, and nothing more`, () => {
        for (const seed of [1, 2]) expect(judged(name, barometer, seed), `seed ${seed}`).toEqual({ missed: [], falseAlarms: [] });
      });
    }
  }

  it("tells a slow lift's emergency stop from a landing by its own start (its braking peaks under emergency_stop_mps2: read as landed at the floor it was placed at, it raised an entrapment there and a door fault)", () => {
    // A 0.62 m/s lift stopped 8.6 s into a run from the ground floor to the top, 0.4 m short of landing 2.
    const slowLift = (scenario: Scenario) => {
      Object.assign(scenario.building, { landings_m: [0, 5.49, 9.65, 13.67], door_zone_half_m: 0.25 });
      Object.assign(scenario.lift, { rated_speed_mps: 0.62, acceleration_mps2: 0.74, jerk_mps3: 1.64 });
      Object.assign(scenario.box, { mount: { roll_deg: 2.1, pitch_deg: -8.4, yaw_deg: 122 }, noise_mps2: 0.024, bias_mps2: [0.29, 0.06, -0.12], sensitivity: 0.991, ride_vibration_mps2: 0.01 });
      scenario.passengers = [{ at: 5, from: 0, to: 3 }];
      scenario.faults = [{ kind: "stop_between_floors", at: 0, after_departure_s: 8.64 }, { kind: "rescue", at: 295 }];
    };
    expect(judged("between-floors", false, 1, slowLift)).toEqual({ missed: [], falseAlarms: [] });
  });

  it("does not take the rescue from an overtravel for a stop below the top landing (the overtravel's stop was placed at it)", () => {
    for (const barometer of [false, true]) for (const seed of [1, 2, 3]) expect(judged("overtravel", barometer, seed).falseAlarms, `seed ${seed}`).toEqual([]);
  });

  it("finds the passenger shut in above the top landing, in a zone it cannot tell (it raised nothing: the stop could be put neither inside nor outside a zone)", () => {
    // The overtravel itself, and the stop outside the zone, are still missed: 3 σ of an 18 m run's integration is 1.8 m.
    for (const barometer of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const scenario = loadScenario("overtravel");
        Object.assign(scenario.box, { door_zone_sensor: false, barometer });
        const run = runScenario(scenario, { seed });
        const [accuracy] = assessAccuracy([{ name: "overtravel", run, end: scenario.duration_s }]).scenarios;
        expect(accuracy.missed.map((record) => record.event), `seed ${seed}`).toEqual(["overtravel", "stopped_outside_door_zone"]);
        expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.kind)).toEqual(["unknown"]);
      }
    }
  });

  it("finds a door that fails to open after a trip it could not place: lifts stop at floors (both were missed)", () => {
    // Drawn by the random-incidents property test run without the sensor: 9 m up from the ground
    // floor on a chip 5 % under-sensitive at 50 Hz, with landings every 3-4 m (seed 3132 #95).
    const tallBuilding = (scenario: Scenario) => {
      Object.assign(scenario.building, { landings_m: [0, 6, 9.06, 12.25, 15.26, 18.06, 22.1, 25.4, 28.71, 32.68, 35.67, 39.41, 43.2, 46, 49.21, 52.78, 56.43, 60.56, 64, 67.71], door_zone_half_m: 0.2 });
      Object.assign(scenario.lift, { rated_speed_mps: 2.5, acceleration_mps2: 0.5, jerk_mps3: 1.34, start_landing: 0, leveling_speed_mps: 0.035, leveling_distance_m: 0.19 });
      Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 10, yaw_deg: 0 }, accelerometer_hz: 50, noise_mps2: 0.025, bias_mps2: [0, 0, 0], sensitivity: 0.95, ride_vibration_mps2: 0.037, presence_sensor: false });
      scenario.traffic.passengers_per_hour = 0;
      scenario.passengers = [{ at: 5, from: 0, to: 2 }];
      scenario.faults = [{ kind: "door_fault", at: 0, door: "fails_to_open", attempts: 6, duration_s: 60 }] as Scenario["faults"];
      scenario.duration_s = 300;
    };
    expect(judged("door-fault", true, 1, tallBuilding)).toEqual({ missed: [], falseAlarms: [] });
  });

  it("places no stop between floors of one height by the trip that led there: a technician's inspection stop, taken for a landing, raised a false overtravel later", () => {
    // maintenance-moves at 400 Hz, seed 2: a stop reckoned 1.7 m from the landings either side
    // was put at the nearer one, and the trips after it counted from there went past the bottom.
    expect(judged("maintenance-moves", false, 2, (scenario) => (scenario.box.accelerometer_hz = 400))).toEqual({ missed: [], falseAlarms: [] });
  });

  // Drawn by the random-lifts property test at other seeds. Each raised false overtravels at an
  // end landing: the integration drifted a metre in a 0.4 m/s lift's 18-35 s runs, the
  // barometer's correction, a second behind, had taken most of it but claimed to have taken it
  // all; and a stop seen seconds after the car came to rest had its drift since taken for the
  // car's movement, placing it between floors.
  const slowLifts = [
    { landings: [0, 2.8, 6.76], acceleration: 0.5, jerk: 1.77, crawl: { speed: 0.1, distance: 0.05 }, rateHz: 50 as const, noise: 0.045, pitch: 0, sensitivity: 0.993, vibration: 0.029, passengersPerHour: 150 },
    { landings: [0, 5.75, 9.16, 12.47], acceleration: 1.2, jerk: 0.97, crawl: { speed: 0.044, distance: 0.09 }, rateHz: 400 as const, noise: 0.01, pitch: 10, sensitivity: 0.989, vibration: 0.036, passengersPerHour: 46 },
  ];
  for (const lift of slowLifts) {
    it(`keeps a slow lift's long runs between ${lift.landings.length} landings at ${lift.rateHz} Hz within what a barometer can tell: nothing insured, no trip placed wrong`, () => {
      const scenario = scenarioOf(
        { landings: lift.landings, zoneHalf: 0.1, speedWithin: 0, acceleration: lift.acceleration, jerk: lift.jerk, crawl: lift.crawl },
        { rateHz: lift.rateHz, noise: lift.noise, bias: [0, 0, 0], mount: { roll: 0, pitch: lift.pitch, yaw: 0 }, sensitivity: lift.sensitivity, vibration: lift.vibration, doorZone: false, barometer: true, passengersPerHour: lift.passengersPerHour },
      );
      const run = runScenario(scenario, { seed: 1 });
      expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type)).toEqual([]);
      expect(misplacedTrips(run)).toEqual([]);
      expect(run.trips.filter((trip) => trip.to_landing !== undefined).length).toBeGreaterThan(run.trips.length * 0.8);
    });
  }
});
