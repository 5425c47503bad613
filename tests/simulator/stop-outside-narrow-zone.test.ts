/**
 * A car stopped 0.22 m short of its landing, outside a door zone of ±0.1 m, by the safety
 * circuit or a power cut, on its first trip: the box reckoned the stop 3.8 m from its last
 * edge on a chip reading 5 % high, not yet learnt, and put it 0.09 m from the landing. With
 * `missed_vane_m` at its old fixed 0.1 m (a setting a box given this zone refused to start on)
 * it took the sensor's "outside" for a missed vane: a false sensor fault, the passenger's
 * entrapment raised at floor 15 s late, and the stop outside the zone not raised (a review
 * helper's random draw). By default it is now 5 cm inside a zone's edge where 0.1 m is not. A
 * setting closer to the edge (0.09 m here, which the box accepts) still leaves the reckoning no
 * margin: a known limit.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

/** Up from the lobby to landing 2 on a 6 m/s lift, stopped short of it by `fault`. */
function stoppedShort(fault: Scenario["faults"][number], durationS: number): Scenario {
  const scenario = structuredClone(loadScenario("normal-hour"));
  scenario.building = { landings_m: [0, 4.5, 8.66, 12.86, 17.06], door_zone_half_m: 0.1, air_temperature_c: 15 };
  Object.assign(scenario.lift, { rated_speed_mps: 6, acceleration_mps2: 0.84, jerk_mps3: 2, emergency_deceleration_mps2: 2.5, start_landing: 0, leveling_speed_mps: 0.1, leveling_distance_m: 0.17 });
  Object.assign(scenario.box, { mount: { roll_deg: 0, pitch_deg: 0, yaw_deg: 0 }, accelerometer_hz: 50, noise_mps2: 0.011, bias_mps2: [0, -0.3, 0], sensitivity: 1.05, ride_vibration_mps2: 0.021, barometer: true });
  scenario.traffic.passengers_per_hour = 0;
  scenario.passengers = [{ at: 5, from: 0, to: 2 }];
  scenario.faults = [fault];
  scenario.duration_s = durationS;
  return scenarioSchema.parse(scenario);
}

const safetyCircuit = stoppedShort({ kind: "stop_between_floors", at: 0, after_departure_s: 6.304 }, 90);
const powerCut = stoppedShort({ kind: "power_loss", at: 20.604, duration_s: 40 }, 70);

describe("a stop just outside a narrow door zone, missed_vane_m left at its default", () => {
  for (const [cause, scenario] of [["the safety circuit", safetyCircuit], ["a power cut", powerCut]] as const) {
    it(`made by ${cause}: no sensor fault, the passenger shut in between floors`, () => {
      const run = runScenario(scenario, { seed: 1 });
      expect(run.envelopes.filter((envelope) => envelope.type === "sensor_fault").map((envelope) => envelope.details)).toEqual([]);
      expect(run.envelopes.filter((envelope) => envelope.type === "entrapment").map((envelope) => envelope.details?.kind)).toEqual(["between_floors"]);
      const { missed, falseAlarms } = judgedRun(`stopped short by ${cause}`, run, scenario.duration_s);
      expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
    });
  }
});

describe("missed_vane_m as wide as the scenario's door zone", () => {
  // Its old fixed default at this zone: the simulated box ran on it, though a box refuses to start on it.
  it("is refused in one line, as a box refuses it, not run", () => {
    expect(() => runScenario(safetyCircuit, { seed: 1, config: { detection: { missed_vane_m: 0.1 } } })).toThrow(
      /^scenario normal-hour: detection\.missed_vane_m: expected less than lift\.door_zone_half_m \(0\.1\) \(got 0\.1\)$/,
    );
  });
});
