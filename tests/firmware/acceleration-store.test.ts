/** The calibration's store of readings gives back what it was given, in order, past its first growth. */
import { describe, expect, it } from "vitest";
import { AccelerationStore } from "../../firmware/calibration/acceleration-store.ts";

describe("AccelerationStore", () => {
  it("keeps every reading through growth and gives those of a time span back in order", () => {
    const store = new AccelerationStore();
    expect(store.firstT).toBeUndefined();
    const samples = Array.from({ length: 10_000 }, (_, index) => ({ t: 0.5 + index / 400, x: index, y: -index, z: 9.81 + index / 1e4 }));
    for (const sample of samples) store.push(sample);
    expect(store.length).toBe(10_000);
    expect(store.firstT).toBe(0.5);
    expect(store.between(-Infinity, Infinity)).toEqual(samples);
    expect(store.between(10, 12)).toEqual(samples.filter((sample) => sample.t >= 10 && sample.t <= 12));
    store.clear();
    expect(store.length).toBe(0);
    expect(store.between(-Infinity, Infinity)).toEqual([]);
  });
});
