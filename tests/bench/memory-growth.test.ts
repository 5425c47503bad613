// The memory benchmark's growth over a day is the trend of its hourly readings, not the last
// reading against the first: one reading moves by about ±1.5 MB from one hour to the next.
import { describe, expect, it } from "vitest";
import { growthPercent } from "../../bench/memory.ts";

const MB = 1024 * 1024;

describe("firmware RSS growth over the benchmark's day", () => {
  it("is the rise of the line through the hourly readings, over its value at the first hour", () => {
    // 100 MB at hour 1, 0.2 MB more each hour: 4.6 MB over 23 hours.
    const steady = Array.from({ length: 24 }, (_, index) => (100 + 0.2 * index) * MB);
    expect(growthPercent(steady)).toBeCloseTo(4.6, 6);
    // The same with ±0.5 MB from hour to hour, the first reading low and the last high: the
    // last against the first reads 5.6 %, the line (tilted a little by the alternation) 4.7 %.
    const wavering = steady.map((reading, index) => reading + (index % 2 === 0 ? -0.5 : 0.5) * MB);
    expect((100 * (wavering[23] - wavering[0])) / wavering[0]).toBeGreaterThan(5.5);
    expect(growthPercent(wavering)).toBeGreaterThan(4.6);
    expect(growthPercent(wavering)).toBeLessThan(4.8);
  });

  it("is not made by one high last reading or one low first reading", () => {
    // Flat at 75 MB, alternating ±1.5 MB, with the first hour low and the last high.
    const noisy = Array.from({ length: 24 }, (_, index) => (75 + (index % 2 === 0 ? -1.5 : 1.5)) * MB);
    const lastAgainstFirst = (100 * (noisy[23] - noisy[0])) / noisy[0];
    expect(lastAgainstFirst).toBeGreaterThan(4);
    expect(Math.abs(growthPercent(noisy))).toBeLessThan(0.7);
  });
});
