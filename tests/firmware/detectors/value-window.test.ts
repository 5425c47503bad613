/**
 * The ring of numbers the pipeline keeps the last second of speeds in answers as a plain
 * list of samples would, through growth and wrapping.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ValueWindow } from "../../../firmware/conditioning/filters.ts";

describe("ValueWindow", () => {
  it("gives the largest value since a time among the samples of the last span, as a list would", () => {
    const step = fc.record({ dt: fc.double({ min: 0, max: 0.3, noNaN: true }), value: fc.double({ min: 0, max: 10, noNaN: true }), back: fc.double({ min: 0, max: 1.5, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 600, size: "max" }), (steps) => {
        const window = new ValueWindow(1);
        const samples: { t: number; value: number }[] = [];
        let t = 0;
        for (const { dt, value, back } of steps) {
          t += dt;
          window.push(t, value);
          samples.push({ t, value });
          const kept = samples.filter((sample) => sample.t >= t - 1);
          const expected = Math.max(-Infinity, ...kept.filter((sample) => sample.t >= t - back).map((sample) => sample.value));
          expect(window.maxSince(t - back)).toBe(expected);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("keeps a dense second whole as it grows past its first 64 samples", () => {
    const window = new ValueWindow(1);
    // Samples older than a second read 10,000: none of them may show.
    for (let index = 0; index <= 3000; index++) window.push(index / 1000, index < 2000 ? 10_000 : index % 997);
    // 2.0 … 3.0 s are kept: 2,000 to 3,000, whose largest value mod 997 is 996 (at 2,990).
    expect(window.maxSince(-Infinity)).toBe(996);
    expect(window.maxSince(2.995)).toBe(3000 % 997);
  });
});
