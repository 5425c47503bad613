/**
 * A box fitted without a door contact (`box.door_contact: false`, or `sensors.door_contact:
 * false`). A review helper's box-maker scenario stopped such a car between floors with a
 * passenger inside, the alarm pressed: the box reported the stop outside the zone and no
 * entrapment, since the lift model raised nothing on a door it never heard of. Between floors the
 * landing doors stay locked, so the door does not matter there; at a floor it does, and the box
 * still raises no entrapment it cannot tell.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function withoutDoorContact(name: string, durationS?: number) {
  const scenario = loadScenario(name);
  scenario.box.door_contact = false;
  if (durationS !== undefined) scenario.duration_s = durationS;
  const run = runScenario(scenario);
  const [accuracy] = assessAccuracy([{ name, run, end: scenario.duration_s }]).scenarios;
  return { run, accuracy };
}

describe("a box without a door contact", () => {
  it("raises the entrapment of a car stopped between floors with someone inside", () => {
    const { run, accuracy } = withoutDoorContact("between-floors");
    expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.kind)).toContain("between_floors");
    expect(accuracy.missed.map((record) => record.event)).not.toContain("entrapment");
    expect(accuracy.false_alarms).toEqual([]);
  });

  it("raises nothing insured over ten minutes of ordinary traffic", () => {
    const { run } = withoutDoorContact("normal-hour", 600);
    expect(run.envelopes.filter((envelope) => envelope.insured).map((envelope) => envelope.type)).toEqual([]);
  });
});
