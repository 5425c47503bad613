/**
 * The built-in scenarios as data: each loads, each fault leaves the truth records it
 * promises, and each `expect` agrees with the truth under the default delays — so a
 * failing firmware run points at the firmware, not at the scenario. Bad fault entries fail
 * to load with one line naming the file and the key.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../firmware/config/schema.ts";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { levelingDue } from "../../simulator/accuracy.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { SimulatedLift, type ExpectedRecord } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { builtInScenarios, loadScenario, loadScenarioFile, type Scenario, type ScenarioFault } from "../../simulator/scenario.ts";

/** The firmware's documented default delays (README, firmware/config/schema.ts). */
const ENTRAPMENT_BETWEEN_FLOORS_S = 30;
const ENTRAPMENT_AT_FLOOR_S = 45;
const STOPPED_OUTSIDE_S = 60;

function truthOf(scenario: Scenario): ExpectedRecord[] {
  const clock = new VirtualClock();
  const lift = new SimulatedLift(scenario, clock, new SeededRandom(scenario.seed));
  lift.start();
  clock.advanceTo(scenario.duration_s * 1000);
  return lift.truth.filter((record): record is ExpectedRecord => record.type === "expected");
}

/** Events each fault kind must leave in the truth, at least this many. */
function promised(fault: ScenarioFault): Record<string, number> {
  switch (fault.kind) {
    case "overspeed":
    case "free_fall":
    case "unintended_movement":
    case "door_open_while_moving":
    case "overtravel":
      return { [fault.kind]: 1 };
    case "leveling_error":
      return { leveling_fault: fault.count };
    case "vibration":
      return { abnormal_vibration: 1 };
    case "power_loss":
      return { power_loss: 1, power_restored: 1 };
    case "alarm_press":
      return { alarm_button: 1 };
    case "door_fault":
      return { door_fault: 1 };
    case "inspection":
      return { mode_change: 2 };
    case "accelerometer_disconnected":
    case "accelerometer_frozen":
    case "door_contact_chatter":
      return { sensor_fault: 1, sensor_recovered: 1 };
    default:
      return {};
  }
}

/** How many reports of an insured type the truth makes due under the default delays. */
function due(records: ExpectedRecord[], end: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) {
    if (!insuredEventTypes.has(record.event)) continue;
    if (record.event === "leveling_fault" && levelingDue(record, defaultConfig().detection) !== "due") continue;
    const lasted = (record.until ?? end) - record.onset;
    const delay =
      record.event === "entrapment"
        ? record.details.kind === "at_floor"
          ? ENTRAPMENT_AT_FLOOR_S
          : ENTRAPMENT_BETWEEN_FLOORS_S
        : record.event === "stopped_outside_door_zone"
          ? STOPPED_OUTSIDE_S
          : 0;
    if (lasted >= delay) counts[record.event] = (counts[record.event] ?? 0) + 1;
  }
  return counts;
}

describe.each(builtInScenarios().map((entry) => entry.name))("built-in scenario %s as data", (name) => {
  const scenario = loadScenario(name);
  const truth = truthOf(scenario);

  it("has a description, and its faults leave the truth records they promise", () => {
    expect(scenario.description.length).toBeGreaterThan(10);
    const wanted: Record<string, number> = {};
    for (const fault of scenario.faults) for (const [event, count] of Object.entries(promised(fault))) wanted[event] = (wanted[event] ?? 0) + count;
    for (const [event, count] of Object.entries(wanted)) expect(truth.filter((record) => record.event === event).length, event).toBeGreaterThanOrEqual(count);
  });

  it("expects exactly the insured reports its truth makes due", () => {
    expect(due(truth, scenario.duration_s)).toEqual(scenario.expect);
  });
});

describe("a scenario whose accelerometer cannot sample at its rate", () => {
  it("fails to load in one line naming file, line and key, and the rates the chip has", () => {
    const file = join(mkdtempSync(join(tmpdir(), "liftwatch-scenario-")), "fast.yaml");
    writeFileSync(file, "name: fast\nduration_s: 60\nbuilding:\n  landings_m: [0, 3.5]\nbox:\n  accelerometer_chip: mpu6050\n  accelerometer_hz: 400\n");
    expect(() => loadScenarioFile(file)).toThrow(/^\S+fast\.yaml:7: box\.accelerometer_hz: the MPU-6050 driver cannot sample at 400 Hz \(expected one of 1000, 500, 250, 200, 125, 100, 50, 40, 25, 20, 10\)$/);
  });
});

describe("a scenario with a bad fault, passenger or expectation", () => {
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-scenario-"));
  const header = "name: bad\nduration_s: 60\nbuilding:\n  landings_m: [0, 3.5, 7]\nfaults:\n";
  const cases: [string, string, RegExp][] = [
    ["an unknown kind", "  - { at: 5, kind: earthquake }\n", /bad\.yaml:6: faults\.0\.kind: expected one of "stop_between_floors", "rescue", .* \(got "earthquake"\)$/],
    ["a negative time", "  - { at: -5, kind: overspeed }\n", /bad\.yaml:6: faults\.0\.at: /],
    ["a landing out of range", "  - { at: 5, kind: leveling_error, error_mm: 30, landing: 3 }\n", /bad\.yaml:6: faults\.0\.landing: 3 is not one of the 3 landings/],
    ["a misspelt option", "  - { at: 5, kind: free_fall, fall_seconds: 1 }\n", /bad\.yaml:6: faults\.0\.fall_seconds: unknown key/],
    // Box makers' mistakes a review helper made: each had loaded, and passed untested.
    ["a fault after the end", "  - { at: 90, kind: overspeed }\n", /bad\.yaml:6: faults\.0\.at: 90 s is not before the scenario's end \(duration_s: 60\)/],
    ["a passenger after the end", "  []\npassengers:\n  - { at: 60, from: 0, to: 2 }\n", /bad\.yaml:8: passengers\.0\.at: 60 s is not before the scenario's end/],
    ["a passenger going nowhere", "  []\npassengers:\n  - { at: 5, from: 1, to: 1 }\n", /bad\.yaml:8: passengers\.0: from and to are both landing 1/],
    ["an expected event misspelt", "  []\nexpect: { entrapmnet: 1 }\n", /bad\.yaml:\d+: expect\.entrapmnet: unknown key/],
    ["an expected event that is not insured", "  []\nexpect: { trip: 3 }\n", /bad\.yaml:\d+: expect\.trip: unknown key/],
    // A required key misspelt is that key, not a missing one: its line and the name it should have.
    ["a required key misspelt", "  []\npassengers:\n  - { at: 5, from: 0, too: 1 }\n", /bad\.yaml:8: passengers\.0\.too: unknown key \(did you mean "to"\?\)$/],
  ];
  for (const [what, entry, message] of cases) {
    it(`fails to load with ${what}, in one line naming file and key`, () => {
      const file = join(folder, "bad.yaml");
      writeFileSync(file, header + entry);
      let error: Error | undefined;
      try {
        loadScenarioFile(file);
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message.split("\n")).toHaveLength(1);
    });
  }
});
