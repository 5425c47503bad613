/**
 * A box that starts again while a passenger it reported is still shut in. The lift machine's
 * conditions started clear at every boot, so the new boot's first sight of the car at rest began
 * a fresh wait: a review helper's reboot 100 s into the built-in between-floors stop raised the
 * entrapment and the stop outside the zone a second time, dated at the boot, `stopped_s` 30 for a
 * passenger shut in for 135 s: two incidents in a claim where there was one, which no platform
 * can dedupe (each is a new event). The journal now keeps which conditions were raised and not
 * seen to end (cli/live.ts), and the next boot takes the same stop still holding as the one
 * already raised.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema } from "../../simulator/scenario.ts";
import { asLiveCarries, rebootedBox } from "../support/rebooted-box.ts";

const raised = (records: { type: string; boot: number }[], type: string) => records.filter((record) => record.type === type).map((record) => record.boot);

describe("a box started again during an entrapment it had raised", () => {
  const scenario = loadScenario("between-floors");

  it("raises neither it nor the stop outside the zone again, and carries nothing on once the passenger is rescued", () => {
    for (const seed of [1, 2]) {
      const { problems, records, kept } = rebootedBox(scenario, seed, { rebootAtS: 120, downS: 5, carry: asLiveCarries });
      expect(raised(records, "entrapment"), `seed ${seed}`).toEqual([0]);
      expect(raised(records, "stopped_outside_door_zone"), `seed ${seed}`).toEqual([0]);
      expect(problems, `seed ${seed}`).toBe("");
      // The first boot kept both open; the second's ended with the rescue (kept is the last told).
      expect(kept.openConditions, `seed ${seed}`).toEqual([]);
    }
  });

  it("raised them again as new incidents where told nothing (the box before the journal kept them)", () => {
    const { records } = rebootedBox(scenario, 1, { rebootAtS: 120, downS: 5, carry: (kept) => ({ ...asLiveCarries(kept), raisedBeforeStart: [] }) });
    expect(raised(records, "entrapment")).toEqual([0, 1]);
  });

  it("tells the journal what is open: both once raised, as the first boot stopped", () => {
    const { kept } = rebootedBox(scenario, 1, { rebootAtS: 120, downS: 5, carry: (kept) => ({ ...asLiveCarries(kept), keepOpenConditions: () => undefined }) });
    expect(kept.openConditions).toEqual(["entrapment", "stopped_outside_door_zone"]);
  });
});

describe("a box started again after the entrapment it had raised", () => {
  // The car stops between floors twice, a rescue between: a reboot during the first stop must not hide the second (here at a floor).
  const doubleStall = scenarioSchema.parse({
    name: "double-stall",
    duration_s: 300,
    building: { landings_m: [0, 3.5, 7, 10.5, 14, 17.5, 21] },
    lift: { rated_speed_mps: 1.6 },
    box: { accelerometer_hz: 100 },
    passengers: [
      { at: 5, from: 0, to: 5 },
      { at: 115, from: 2, to: 6 },
    ],
    faults: [
      { at: 0, kind: "stop_between_floors", after_departure_s: 4.2 },
      { at: 100, kind: "rescue" },
      { at: 110, kind: "stop_between_floors", after_departure_s: 3 },
      { at: 220, kind: "rescue" },
    ],
  });

  it("raises the next entrapment, a new incident", () => {
    for (const seed of [1, 2]) {
      const { problems, records } = rebootedBox(doubleStall, seed, { rebootAtS: 90, downS: 5, carry: asLiveCarries });
      expect(raised(records, "entrapment"), `seed ${seed}`).toEqual([0, 1]);
      expect(raised(records, "stopped_outside_door_zone"), `seed ${seed}`).toEqual([0]);
      expect(problems, `seed ${seed}`).toBe("");
    }
  });
});
