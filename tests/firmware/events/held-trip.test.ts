/**
 * A trip's record waits for its stop's leveling, so that every trip ending at a landing says
 * where the car came to rest against it; it never waits for ever, and is never lost.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import type { DetectionRecord } from "../../../firmware/frame.ts";
import { HeldTrip } from "../../../firmware/events/held-trip.ts";
import { VirtualClock } from "../../../simulator/clock.ts";
import { loadScenario, scenarioSchema } from "../../../simulator/scenario.ts";
import { runScenario } from "../../../simulator/simulated-box.ts";

const trip = (end: number): DetectionRecord => ({ type: "trip", t: end, onset: end - 10, start: end - 10, end });

describe("a trip held for its stop's leveling", () => {
  it("goes when the leveling is measured, carrying it, raised then; or without it once the wait is over on the box's clock", () => {
    const clock = new VirtualClock(20_000);
    const emitted: DetectionRecord[] = [];
    const held = new HeldTrip(10, (record) => emitted.push(record), clock);
    held.hold(trip(20), 20);
    clock.advanceTo(21_500);
    expect(emitted).toEqual([]);
    held.release(-43.2);
    expect(emitted).toEqual([{ ...trip(20), t: 21.5, leveling_error_mm: -43.2 }]);
    clock.advanceTo(40_000);
    expect(emitted).toHaveLength(1); // released: its timer is gone with it
    held.hold(trip(40), 40);
    clock.advanceTo(49_900);
    expect(emitted).toHaveLength(1);
    clock.advanceTo(50_000);
    expect(emitted[1]).toEqual({ ...trip(40), t: 50 });
  });

  it("lets the one held go when another trip ends first (no leveling came between)", () => {
    const emitted: DetectionRecord[] = [];
    const held = new HeldTrip(10, (record) => emitted.push(record), new VirtualClock(25_000));
    held.hold(trip(20), 20);
    held.hold(trip(25), 25);
    expect(emitted.map((record) => record.end)).toEqual([20]);
    held.release();
    expect(emitted.map((record) => record.end)).toEqual([20, 25]);
  });

  it("in the simulated box: each of leveling-fault's trips carries the leveling its stop was judged by; a car whose door never opens reports its trip after the wait", () => {
    const run = runScenario(loadScenario("leveling-fault"));
    const trips = run.records.filter((record) => record.type === "trip");
    const faults = run.records.filter((record) => record.type === "leveling_fault");
    expect(trips).toHaveLength(4);
    expect(faults).toHaveLength(2);
    for (const fault of faults) expect(trips.find((record) => Math.abs((record.end as number) - fault.onset) < 2)?.leveling_error_mm).toBe(fault.error_mm);
    // The good stops read within a few millimetres of their landing.
    for (const record of trips) expect(typeof record.leveling_error_mm).toBe("number");
    expect(trips.filter((record) => Math.abs(record.leveling_error_mm as number) < 10)).toHaveLength(2);

    const shut = runScenario(loadScenario("entrapment-at-floor"));
    const [ended] = shut.records.filter((record) => record.type === "trip");
    expect(ended.leveling_error_mm).toBeUndefined();
    expect(ended.t - (ended.end as number)).toBeCloseTo(defaultConfig().detection.trip_leveling_wait_s, 0);
  });

  it("holds no trip for a leveling that cannot come: a run begun as the gravity reference warmed up (a box booting as its car leaves)", () => {
    const run = runScenario(loadScenario("start-at-boot"));
    const [first] = run.records.filter((record) => record.type === "trip");
    expect(first.leveling_error_mm).toBeUndefined();
    // Raised as the stop is seen (it was held the whole wait, 9.9 s after its end).
    expect(first.t - (first.end as number)).toBeLessThan(2);
  });

  it("does not wait on an accelerometer that came loose just after the stop: the door never opens, the trip goes after the wait", () => {
    const scenario = structuredClone(loadScenario("accelerometer-disconnected"));
    scenario.passengers = [{ at: 5, from: 0, to: 3 }];
    scenario.duration_s = 120;
    // The trip ends at about 27 s; the chip reads zeros from 30 s, and is found out at 31.5 s.
    scenario.faults = [
      { kind: "door_fault", at: 0, door: "fails_to_open", duration_s: 200 },
      { kind: "accelerometer_disconnected", at: 30, duration_s: 200 },
    ] as typeof scenario.faults;
    const run = runScenario(scenarioSchema.parse(scenario));
    expect(run.records.some((record) => record.type === "sensor_fault")).toBe(true);
    const [ended] = run.records.filter((record) => record.type === "trip");
    expect(ended.t - (ended.end as number)).toBeCloseTo(defaultConfig().detection.trip_leveling_wait_s, 0);
  });
});
