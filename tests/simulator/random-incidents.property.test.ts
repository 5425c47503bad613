/**
 * One incident on a lift and box drawn at random (see ../support/random-lift.ts), with every
 * sensor fitted but the presence sensor on half of them, judged against the simulated lift's
 * own truth (assessAccuracy): the box raises what happened, when it happened, and nothing
 * else. The incidents: a power cut mid-run, the safety circuit stopping the car between
 * floors, a free fall from the top, a parked car falling from its floor, an overspeed on a full run, a door that fails to open at
 * the floor, a door opened at speed, a brake slipping at a landing with the door open, an
 * overtravel at either end, passengers jumping in the parked car, a worn guide roller shaking
 * every run for five minutes, and a maintenance visit in inspection mode.
 *
 * The seed is fixed, so a run is repeatable; a failure prints the scenario to replay.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractViolation } from "../../protocols/contract.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { randomBox, randomLift, scenarioOf, type Drawn } from "../support/random-lift.ts";
import { judgedRun } from "../support/judged-run.ts";

const incidentKinds = [
  "power_loss",
  "stop_between_floors",
  "free_fall",
  "free_fall_at_rest",
  "overspeed",
  "door_fails_to_open",
  "door_open_while_moving",
  "unintended_movement",
  "overtravel",
  "passengers_jumping",
  "vibration",
  "inspection",
] as const;

const incident = fc.record({
  kind: fc.constantFrom(...incidentKinds),
  /** where in the run, or in its range, the incident falls */
  fraction: fc.double({ min: 0.3, max: 0.7, noNaN: true }),
  destination: fc.double({ min: 0, max: 1, noNaN: true }),
  lasting: fc.double({ min: 0, max: 1, noNaN: true }),
  upward: fc.boolean(),
  presenceSensor: fc.boolean(),
});

/** The scenario with the incident, or undefined where the lift cannot have it (too few floors, too short a run). */
function withIncident(drawnLift: Drawn<typeof randomLift>, drawnBox: Drawn<typeof randomBox>, drawn: Drawn<typeof incident>): Scenario | undefined {
  const heights = drawnLift.landings;
  const top = heights.length - 1;
  if (top < 2) return undefined;
  // Without a presence sensor a car stopped outside the zone is suspected to hold someone, as the
  // domain's rule says: the empty car a brake slipped away with is such a suspicion, no truth.
  if (!drawn.presenceSensor && drawn.kind === "unintended_movement") return undefined;
  // Nor, past an end landing, a levelling crawl under about 0.07 m/s: one too slow to tell from
  // drift ends its trip where it began, and where that stop is not placed at the landing (a
  // 129 m run down at 50 Hz), the crawl going on out of the zone is no overtravel the box can
  // see (1 of 57 such draws at another seed; none of the other 56 fails).
  if (drawn.kind === "overtravel" && drawnLift.crawl && drawnLift.crawl.speed < 0.07) return undefined;
  let fits = true;
  const scenario = scenarioOf(drawnLift, { ...drawnBox, doorZone: true }, (scenario) => {
    scenario.box.presence_sensor = drawn.presenceSensor;
    scenario.traffic.passengers_per_hour = 0;
    const { rated_speed_mps: speed, acceleration_mps2: acceleration, jerk_mps3: jerk } = scenario.lift;
    // Seconds a run takes (near enough): cruise, the speed changes and their jerk ramps.
    const runS = (distanceM: number) => distanceM / speed + speed / acceleration + acceleration / jerk;
    const to = Math.max(2, Math.min(top, 2 + Math.floor(drawn.destination * top)));
    const run = runS(heights[to]);
    const between = (min: number, max: number) => min + (max - min) * drawn.lasting;
    scenario.passengers = [{ at: 5, from: 0, to }];
    scenario.duration_s = 400;
    switch (drawn.kind) {
      case "power_loss":
        scenario.faults = [{ kind: "power_loss", at: 5 + 9.3 + run * drawn.fraction, duration_s: between(40, 200) }] as Scenario["faults"];
        break;
      case "stop_between_floors":
        scenario.faults = [{ kind: "stop_between_floors", at: 0, after_departure_s: run * drawn.fraction }, { kind: "rescue", at: between(150, 300) }] as Scenario["faults"];
        break;
      case "free_fall":
        fits = top >= 3;
        scenario.lift.start_landing = top;
        scenario.passengers = [{ at: 5, from: top, to: 0 }];
        scenario.faults = [{ kind: "free_fall", at: 0, after_departure_s: 4 }, { kind: "rescue", at: 300 }] as Scenario["faults"];
        scenario.duration_s = 360;
        break;
      case "free_fall_at_rest":
        // Parked at any floor since boot, past the minute in which a run's speed is not yet trusted;
        // empty, so with a presence sensor (without one, the empty car arrested between floors is
        // suspected to hold someone, as for the brake slip).
        scenario.box.presence_sensor = true;
        scenario.lift.start_landing = Math.round(drawn.destination * top);
        scenario.passengers = [];
        scenario.faults = [{ kind: "free_fall", at: between(70, 100) }, { kind: "rescue", at: 250 }] as Scenario["faults"];
        scenario.duration_s = 320;
        break;
      case "overspeed":
        // Room to reach the rated speed and go beyond it.
        fits = heights[top] >= (2 * 1.69 * speed * speed) / acceleration + 4 * speed;
        scenario.passengers = [{ at: 5, from: 0, to: top }];
        scenario.faults = [{ kind: "overspeed", at: 10, factor: between(1.25, 1.5) }] as Scenario["faults"];
        scenario.duration_s = 90 + runS(heights[top]);
        break;
      case "door_fails_to_open":
        scenario.faults = [{ kind: "door_fault", at: 0, door: "fails_to_open", duration_s: between(60, 200) }] as Scenario["faults"];
        scenario.duration_s = 300;
        break;
      case "door_open_while_moving":
        fits = run >= 8;
        scenario.faults = [{ kind: "door_open_while_moving", at: 0, after_departure_s: 3, open_s: 3 }] as Scenario["faults"];
        scenario.duration_s = 130 + run;
        break;
      case "unintended_movement":
        scenario.faults = [{ kind: "unintended_movement", at: 15, direction: drawn.upward ? "up" : "down" }, { kind: "rescue", at: 240 }] as Scenario["faults"];
        scenario.duration_s = 300;
        break;
      case "overtravel": {
        // Past the top on a run up to it, or past the bottom on a run down from the top.
        scenario.lift.start_landing = drawn.upward ? 0 : top;
        scenario.passengers = [{ at: 5, from: scenario.lift.start_landing, to: drawn.upward ? top : 0 }];
        scenario.faults = [{ kind: "overtravel", at: 0, end: drawn.upward ? "top" : "bottom", overshoot_m: between(0.35, 1) }, { kind: "rescue", at: 180 + runS(heights[top]) }] as Scenario["faults"];
        scenario.duration_s = 260 + runS(heights[top]);
        break;
      }
      case "passengers_jumping":
        scenario.faults = [{ kind: "passengers_jumping", at: 5 + 9.3 + run + 3, duration_s: between(5, 20) }] as Scenario["faults"];
        scenario.duration_s = 120 + run;
        break;
      case "vibration":
        // Runs that start in the roller's five minutes, none cut short by their end.
        scenario.passengers = [70, 130, 190, 250].map((at, index) => ({ at, from: index % 2 === 0 ? 0 : to, to: index % 2 === 0 ? to : 0 }));
        scenario.faults = [{ kind: "vibration", at: 60, duration_s: 300, rms_mps2: between(0.7, 1.2) }] as Scenario["faults"];
        scenario.duration_s = 420;
        break;
      case "inspection":
        scenario.traffic.passengers_per_hour = 60;
        scenario.faults = [{ kind: "inspection", at: 40, duration_s: between(200, 500) }] as Scenario["faults"];
        scenario.duration_s = 700;
        break;
    }
  });
  return fits ? scenario : undefined;
}

describe("random incidents on random lifts, with a door-zone sensor", () => {
  it("raise what happened, when it happened, and nothing else", () => {
    fc.assert(
      fc.property(randomLift, randomBox, incident, (drawnLift, drawnBox, drawn) => {
        const scenario = withIncident(drawnLift, drawnBox, drawn);
        fc.pre(scenario !== undefined);
        const run = runScenario(scenario!, { seed: 1 });
        // Every event as sent holds to the wire contract, its details to its type's.
        for (const envelope of run.envelopes) expect(contractViolation("EventEnvelope", envelope), JSON.stringify(envelope)).toBeUndefined();
        const { missed, falseAlarms } = judgedRun(drawn.kind, run, scenario!.duration_s);
        expect({ missed, falseAlarms }, JSON.stringify({ incident: drawn.kind, building: scenario!.building, lift: scenario!.lift, box: scenario!.box, passengers: scenario!.passengers, faults: scenario!.faults, duration_s: scenario!.duration_s })).toEqual({ missed: [], falseAlarms: [] });
      }),
      { seed: 20261202, numRuns: 120, endOnFailure: true },
    );
  }, 300_000);
});
