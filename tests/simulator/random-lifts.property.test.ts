/**
 * Lifts and boxes the corpus does not have, drawn at random within what is plausible (see
 * ../support/random-lift.ts). Twenty minutes of ordinary traffic each: nothing
 * insured may be raised, no sensor reported faulty, every trip found, no landing wrong.
 *
 * The seed is fixed, so a run is repeatable; a failure prints the scenario to replay.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { randomBox, randomLift, scenarioOf } from "../support/random-lift.ts";
import { misplacedTrips, reportedTrip } from "../support/trip-landings.ts";

/** What went wrong in twenty minutes of ordinary traffic, described; empty when nothing. */
function faultsOf(scenario: Scenario): string[] {
  const run = runScenario(scenario, { seed: 1 });
  const faults = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type) || envelope.type === "sensor_fault").map((envelope) => `${envelope.type} at ${(envelope.onset.mono_ms / 1000).toFixed(0)} s`);
  for (const truth of run.truth) {
    // A trip still under way when the run ends is reported after it.
    if (truth.type === "trip" && truth.end < scenario.duration_s - 5 && !reportedTrip(run, truth)) faults.push(`trip ${truth.from}→${truth.to} at ${truth.start.toFixed(0)} s not reported`);
  }
  return [...faults, ...misplacedTrips(run)];
}

describe("random plausible lifts and boxes under ordinary traffic", () => {
  it("raise nothing insured, report no sensor faulty, miss no trip and place none wrong", () => {
    fc.assert(
      fc.property(randomLift, randomBox, (drawnLift, drawnBox) => {
        const scenario = scenarioOf(drawnLift, drawnBox);
        expect(faultsOf(scenario), JSON.stringify({ building: scenario.building, lift: scenario.lift, box: scenario.box })).toEqual([]);
      }),
      { seed: 20261202, numRuns: 20, endOnFailure: true },
    );
  }, 300_000);
});
