/**
 * A car stopped between floors with a passenger inside while a contact chatters. A review
 * helper's box-maker scenarios raised no entrapment at all: a chattering door contact made the
 * door unknown, which the lift model does not lean on, and a chattering presence sensor held
 * whichever flip had settled last, a vacant car. Between floors the landing doors stay locked,
 * so the door does not matter there, as for a box with none; and a presence sensor that chatters
 * says no more than none: the entrapment is raised, suspected.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

function betweenFloorsWithChatter(input: "door_contact" | "presence", fromS: number) {
  const scenario = loadScenario("between-floors");
  const stop = scenario.faults.findIndex((fault) => fault.kind === "stop_between_floors");
  const rescue = scenario.faults.find((fault) => fault.kind === "rescue");
  expect(stop).toBeGreaterThanOrEqual(0);
  scenario.faults.push({ at: fromS, kind: "contact_chatter", input, duration_s: (rescue?.at ?? scenario.duration_s) - fromS - 10 });
  const run = runScenario(scenario);
  return { run, judged: judgedRun(scenario.name, run, scenario.duration_s) };
}

describe("a contact chattering while a passenger is stopped between floors", () => {
  it("still raises the entrapment when the door contact chatters", () => {
    const { run, judged } = betweenFloorsWithChatter("door_contact", 25);
    expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.kind)).toEqual(["between_floors"]);
    expect(judged.missed).toEqual([]);
  });

  it("raises it, suspected, when the presence sensor chatters from before the stop", () => {
    const { run, judged } = betweenFloorsWithChatter("presence", 5);
    const entrapments = run.records.filter((record) => record.type === "entrapment");
    expect(entrapments.map((record) => [record.kind, record.suspected])).toEqual([["between_floors", true]]);
    expect(judged.missed).toEqual([]);
  });
});
