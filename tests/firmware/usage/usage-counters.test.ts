import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { equivalentBendsPerTrip, UsageCounters, type UsageSnapshot } from "../../../firmware/usage/usage-counters.ts";
import { usageSettings, type UsageConfig } from "../../../firmware/usage/usage-config.ts";

const counters = (settings: Partial<UsageConfig> = {}) => new UsageCounters(usageSettings.parse(settings));

describe("EN 81-50 equivalent bends per trip", () => {
  it("defaults to a plain 1:1 traction lift (Annex E.2 as reported): 5 + (600/400)^4 = 10.0625", () => {
    expect(equivalentBendsPerTrip(usageSettings.parse({}))).toBe(10.0625);
  });

  it("reproduces Annex E.1 as reported: 2:1, V groove 40°, D_t 600, D_p 500, two simple bends → 14.1472", () => {
    const bends = equivalentBendsPerTrip(
      usageSettings.parse({ traction_sheave_equivalent_bends: 10, traction_sheave_diameter_mm: 600, pulley_diameter_mm: 500, simple_bends: 2 }),
    );
    expect(bends).toBeCloseTo(14.1472, 10);
  });

  it("weights a reverse bend as four simple ones", () => {
    const same = { traction_sheave_equivalent_bends: 1, traction_sheave_diameter_mm: 400, pulley_diameter_mm: 400 };
    expect(equivalentBendsPerTrip(usageSettings.parse({ ...same, simple_bends: 1, reverse_bends: 1 }))).toBe(1 + 1 + 4);
    expect(equivalentBendsPerTrip(usageSettings.parse({ ...same, simple_bends: 0, reverse_bends: 0 }))).toBe(1);
  });
});

describe("usage counters", () => {
  it("counts trips, door cycles, run hours, distance and rope bends exactly", () => {
    const usage = counters();
    usage.trip(9.6, 12);
    usage.trip(-6.4, 9);
    usage.trip(3.2004, 15);
    usage.doorCycle();
    usage.doorCycle();
    expect(usage.snapshot()).toEqual({
      trips: 3,
      door_cycles: 2,
      run_hours: 0.01, // 36 s
      distance_m: 19.2,
      rope_bends: 30.1875, // 3 × 10.0625: once per trip, whatever its length
    });
  });

  it("rounds distance to the millimetre and ignores nonsense amounts but still counts the trip", () => {
    const usage = counters();
    usage.trip(1.23449, 1);
    usage.trip(Number.NaN, -5);
    usage.trip(Number.POSITIVE_INFINITY, Number.NaN);
    usage.trip(1e9, 1e9);
    const snapshot = usage.snapshot();
    expect(snapshot.trips).toBe(4);
    expect(snapshot.distance_m).toBe(1.234);
    expect(snapshot.run_hours).toBeCloseTo(1 / 3600, 6);
  });

  it("restores a snapshot and carries on from it (round trip)", () => {
    const usage = counters();
    for (let i = 0; i < 7; i++) usage.trip(3.3, 7.5);
    for (let i = 0; i < 5; i++) usage.doorCycle();
    const saved: UsageSnapshot = JSON.parse(JSON.stringify(usage.snapshot()));
    const revived = counters();
    revived.restore(saved);
    expect(revived.snapshot()).toEqual(saved);
    revived.trip(3.3, 7.5);
    usage.trip(3.3, 7.5);
    // Carrying on agrees to the snapshot's resolution (run hours are kept to 1e-6 h, 3.6 ms).
    const [a, b] = [revived.snapshot(), usage.snapshot()];
    expect({ ...a, run_hours: 0 }).toEqual({ ...b, run_hours: 0 });
    expect(Math.abs(a.run_hours - b.run_hours)).toBeLessThan(1.5e-6);
  });

  it("refuses a snapshot that is not one", () => {
    const usage = counters();
    const good = usage.snapshot();
    expect(() => usage.restore({ ...good, trips: -1 })).toThrow();
    expect(() => usage.restore({ ...good, door_cycles: 1.5 })).toThrow();
    expect(() => usage.restore({ ...good, run_hours: Number.NaN })).toThrow();
    expect(() => usage.restore({ ...good, extra: 1 } as UsageSnapshot)).toThrow();
  });

  it("never decreases, whatever the trips (property)", () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant("trip" as const), distance: fc.double(), duration: fc.double() }),
      fc.record({ kind: fc.constant("door" as const) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const usage = counters();
        let before = usage.snapshot();
        for (const op of operations) {
          if (op.kind === "trip") usage.trip(op.distance, op.duration);
          else usage.doorCycle();
          const after = usage.snapshot();
          for (const key of Object.keys(before) as (keyof UsageSnapshot)[]) {
            expect(Number.isFinite(after[key])).toBe(true);
            expect(after[key]).toBeGreaterThanOrEqual(before[key]);
          }
          before = after;
        }
      }),
    );
  });

  it("settings: every key has a default, a unit and a description", () => {
    for (const [key, schema] of Object.entries(usageSettings.unwrap().shape)) {
      const meta = schema.meta() as { unit?: string; description?: string } | undefined;
      expect(meta?.unit, key).toBeTruthy();
      expect(meta?.description, key).toBeTruthy();
    }
    expect(() => usageSettings.parse({ simple_bend: 2 })).toThrow();
  });
});
