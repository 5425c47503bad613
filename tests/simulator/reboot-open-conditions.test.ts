/**
 * A box that starts again while a passenger it reported is still shut in. The lift machine's
 * conditions started clear at every boot, so the new boot's first sight of the car at rest began
 * a fresh wait: a review helper's reboot 100 s into the built-in between-floors stop raised the
 * entrapment and the stop outside the zone a second time, dated at the boot, `stopped_s` 30 for a
 * passenger shut in for 135 s: two incidents in a claim where there was one, which no platform
 * could tell from a new one. The journal now keeps which conditions were raised and not seen to
 * end (cli/live.ts), and the next boot raises one still holding, the car not moved nor its door
 * opened since, marked open_before_restart: not silently, since a new passenger may have been
 * shut in while the box was down (another review helper's rescue, new passenger and stall within
 * a 25 s outage, which a box that took it for the same stop never raised).
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema } from "../../simulator/scenario.ts";
import { asLiveCarries, rebootedBox } from "../support/rebooted-box.ts";

const raised = (records: { type: string; boot: number }[], type: string) => records.filter((record) => record.type === type).map((record) => record.boot);

describe("a box started again during an entrapment it had raised", () => {
  const scenario = loadScenario("between-floors");

  it("raises it and the stop outside the zone again marked open_before_restart, and carries nothing on once the passenger is rescued", () => {
    for (const seed of [1, 2]) {
      const { problems, records, kept } = rebootedBox(scenario, seed, { rebootAtS: 120, downS: 5, carry: asLiveCarries });
      expect(raised(records, "entrapment"), `seed ${seed}`).toEqual([0, 1]);
      expect(raised(records, "stopped_outside_door_zone"), `seed ${seed}`).toEqual([0, 1]);
      expect(records.filter((record) => record.boot === 1 && (record.type === "entrapment" || record.type === "stopped_outside_door_zone")).every((record) => record.open_before_restart === true), `seed ${seed}`).toBe(true);
      expect(problems, `seed ${seed}`).toBe("");
      // The first boot kept both open; the second's ended with the rescue (kept is the last told).
      expect(kept.openConditions, `seed ${seed}`).toEqual([]);
    }
  });

  it("raised them again unmarked where told nothing (the box before the journal kept them)", () => {
    const { records } = rebootedBox(scenario, 1, { rebootAtS: 120, downS: 5, carry: (kept) => ({ ...asLiveCarries(kept), raisedBeforeStart: [] }) });
    expect(records.filter((record) => record.type === "entrapment").map((record) => [record.boot, record.open_before_restart])).toEqual([
      [0, undefined],
      [1, undefined],
    ]);
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

  it("raises the next entrapment unmarked, a new incident after the car moved", () => {
    for (const seed of [1, 2]) {
      const { problems, records } = rebootedBox(doubleStall, seed, { rebootAtS: 90, downS: 5, carry: asLiveCarries });
      expect(raised(records, "entrapment"), `seed ${seed}`).toEqual([0, 1]);
      expect(records.find((record) => record.boot === 1 && record.type === "entrapment")?.open_before_restart, `seed ${seed}`).toBeUndefined();
      expect(raised(records, "stopped_outside_door_zone"), `seed ${seed}`).toEqual([0]);
      expect(problems, `seed ${seed}`).toBe("");
    }
  });
});

describe("a box started again while it was down a new passenger was shut in", () => {
  // Rescued at 86 s, a new passenger boards and the car stalls again at 107 s, all while the box is
  // down (85-110 s): the box cannot tell this stop from the one it raised, and must not lose it.
  const twoStalls = scenarioSchema.parse({
    name: "two-stalls-while-down",
    duration_s: 420,
    building: { landings_m: [0, 3.5, 7, 10.5, 14, 17.5, 21] },
    lift: { rated_speed_mps: 1.6 },
    box: { accelerometer_hz: 100 },
    passengers: [
      { at: 5, from: 0, to: 5 },
      { at: 90, from: 2, to: 6 },
    ],
    faults: [
      { at: 0, kind: "stop_between_floors", after_departure_s: 4.2 },
      { at: 86, kind: "rescue" },
      { at: 87, kind: "stop_between_floors", after_departure_s: 4 },
      { at: 360, kind: "rescue" },
    ],
  });

  it("raises the new entrapment, marked open_before_restart and dated at its start", () => {
    for (const seed of [1, 2]) {
      const { problems, records } = rebootedBox(twoStalls, seed, { rebootAtS: 85, downS: 25, carry: asLiveCarries });
      const again = records.filter((record) => record.boot === 1 && record.type === "entrapment");
      expect(again, `seed ${seed}`).toHaveLength(1);
      expect(again[0], `seed ${seed}`).toMatchObject({ open_before_restart: true, kind: "between_floors" });
      expect(problems, `seed ${seed}`).toBe("");
    }
  });
});
