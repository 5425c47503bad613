/**
 * A box started again a second before the car sets off: the gravity reference averages its
 * first second (motion.reference_warmup_s) before any start is looked for, and that second
 * took in the start's first ramp. The reference was not put back to its still readings at the
 * run's onset (only a warm one was), so the run read 0.3 m/s at its stop where it claimed
 * 0.04 m/s, and the door opening there raised an insured door-open-while-moving: a review
 * helper's restart of tower-barometer-day at 1200 s, down 5 s (seed 2), the trip from 1205.9 s.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema } from "../../simulator/scenario.ts";
import { asLiveCarries, rebootedBox } from "../support/rebooted-box.ts";

describe("a box started again just before a trip sets off", () => {
  const scenario = structuredClone(loadScenario("tower-barometer-day"));
  scenario.duration_s = 1320;

  // Down 4.8-5.0 s, the box came up 0.86-1.06 s before the trip's start: each was false before.
  it.each([4.8, 4.9, 5])("raises nothing false, and tells the trip right (down %s s)", (downS) => {
    const { problems, records } = rebootedBox(scenarioSchema.parse(scenario), 2, { rebootAtS: 1200, downS, carry: (kept) => asLiveCarries(kept) });
    expect(problems).toBe("");
    // The trip itself, from the landing the journal kept; its end right or not at all.
    const trip = records.find((record) => record.type === "trip" && record.boot === 1);
    expect(trip).toMatchObject({ direction: "down", from_landing: 6 });
    expect([0, undefined]).toContain(trip?.to_landing);
  });
});
