/**
 * A brake slipping so gently (a few hundredths of a m/s²) that the box cannot feel the car creep
 * away from its landing with the door open. A review helper's box-maker scenario: the box saw the
 * car leave the door zone (the unintended movement, dated there, the latest the domain allows),
 * then took the brake's stop for a start the other way and integrated it on for half a minute, so
 * the stop outside the zone was dated 32 s late. A zone left at rest with the door open now makes
 * the motion unseen, and such a run, seen by a sound zone sensor to cross no zone edge for further
 * than any two are apart, was that braking: the car stopped as it ended.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

function slowCreep(direction: "up" | "down", accelerationMps2: number, hz: number) {
  const scenario = loadScenario("unintended-movement");
  scenario.box.accelerometer_hz = hz;
  const slip = scenario.faults[0];
  if (slip.kind !== "unintended_movement") throw new Error("unintended-movement's first fault is its slip");
  scenario.faults[0] = { ...slip, direction, acceleration_mps2: accelerationMps2, distance_m: 0.6, stop_deceleration_mps2: 2 };
  return { scenario, run: runScenario(scenario) };
}

describe("a brake slipping too gently to feel, the door open", () => {
  for (const [direction, accelerationMps2, hz] of [["down", 0.03, 50], ["up", 0.05, 100], ["down", 0.05, 400]] as const) {
    it(`raises the unintended movement and the stop outside the zone when they happen (${direction}, ${accelerationMps2} m/s², ${hz} Hz)`, () => {
      const { scenario, run } = slowCreep(direction, accelerationMps2, hz);
      const judged = judgedRun(scenario.name, run, scenario.duration_s);
      expect(judged.missed).toEqual([]);
      expect(judged.falseAlarms).toEqual([]);
      const stopped = run.truth.find((record) => record.type === "expected" && record.event === "stopped_outside_door_zone");
      const raised = run.records.find((record) => record.type === "stopped_outside_door_zone");
      expect(stopped).toBeDefined();
      expect(Math.abs(raised!.onset - (stopped as { onset: number }).onset)).toBeLessThan(1);
    });
  }
});
