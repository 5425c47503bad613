/**
 * A door-zone sensor that misses the vane of the landing where the car stops: the box, which
 * reckons the stop a few cm from the landing, reports the sensor and keeps the car in the zone
 * until it moves again. What happens to the passengers must still be found either side of it.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

describe("a missed vane at a stop", () => {
  // Up two floors, arriving with the door stuck shut; the sensor misses landing 2's vane (armed
  // while the car is between landings 1 and 2). Later, going down, the car stops between floors.
  const scenario = loadScenario("entrapment-at-floor");
  scenario.duration_s = 300;
  scenario.faults.push({ at: 20, kind: "missing_leveling_pulse", count: 1 });
  scenario.faults.push({ at: 125, kind: "stop_between_floors", after_departure_s: 3 });
  scenario.passengers.push({ at: 130, from: 2, to: 0 });
  const { envelopes } = runScenario(scenario);
  const arrival = 23.35;
  const stall = 143.3;
  const near = (type: string, at: number) => envelopes.filter((envelope) => envelope.type === type && Math.abs(envelope.onset.mono_ms / 1000 - at) < 1);

  it("is a door-zone sensor fault, and the passenger shut in at that floor an entrapment at floor", () => {
    expect(near("sensor_fault", arrival).map((envelope) => envelope.details)).toEqual([expect.objectContaining({ sensor: "door_zone", landing: 2 })]);
    expect(near("entrapment", arrival).map((envelope) => envelope.details?.kind)).toEqual(["at_floor"]);
    expect(envelopes.filter((envelope) => envelope.type === "stopped_outside_door_zone" && envelope.onset.mono_ms / 1000 < stall - 1)).toEqual([]);
  });

  it("leaves the car in the zone only until it moves: the stop between floors after it is one", () => {
    expect(near("entrapment", stall).map((envelope) => envelope.details?.kind)).toEqual(["between_floors"]);
    expect(near("stopped_outside_door_zone", stall)).toHaveLength(1);
  });
});
