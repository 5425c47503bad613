/**
 * A box without a door-zone sensor finds someone shut in between floors: the car stopped
 * outside every zone by the reckoning, or by an emergency stop's braking where the reckoning
 * cannot put it inside one. Judged against the simulated lift's truth (assessAccuracy): the
 * corpus's stops between floors are all found, with an accelerometer alone or a barometer too,
 * and nothing is raised that did not happen.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function judged(name: string, barometer: boolean, seed: number) {
  const scenario = loadScenario(name);
  Object.assign(scenario.box, { door_zone_sensor: false, barometer });
  const [accuracy] = assessAccuracy([{ name, run: runScenario(scenario, { seed }), end: scenario.duration_s }]).scenarios;
  return {
    missed: accuracy.missed.map((record) => record.event),
    falseAlarms: accuracy.false_alarms.map((record) => record.type),
  };
}

describe("a box without a door-zone sensor", () => {
  // Before: every entrapment and stopped_outside_door_zone here was missed.
  const stops = ["between-floors", "power-loss", "stopped-outside-door-zone", "free-fall", "unintended-movement"];
  for (const name of stops) {
    for (const barometer of [false, true]) {
      it(`finds everything in ${name}${barometer ? " with a barometer" : ""}, and nothing more`, () => {
        for (const seed of [1, 2]) expect(judged(name, barometer, seed), `seed ${seed}`).toEqual({ missed: [], falseAlarms: [] });
      });
    }
  }

  it("does not take the rescue from an overtravel for a stop below the top landing (the overtravel's stop was placed at it)", () => {
    // The overtravel itself, and the entrapment above the top landing, are still missed: 3 σ of an 18 m run's integration is 1.8 m.
    for (const barometer of [false, true]) for (const seed of [1, 2, 3]) expect(judged("overtravel", barometer, seed).falseAlarms, `seed ${seed}`).toEqual([]);
  });
});
