import { describe, expect, it } from "vitest";
import { BlockAverage, blockSize } from "../../../firmware/conditioning/block-average.ts";

describe("BlockAverage", () => {
  it("closes a block every `size` readings, its mean at their mean time", () => {
    const block = new BlockAverage(4, 0.00625);
    const closed = [0, 1, 2, 3].map((index) => block.add(10 + index * 0.0025, index, 2 * index, 9.8));
    expect(closed).toEqual([false, false, false, true]);
    expect(block.t).toBeCloseTo(10.00375, 9);
    expect(block.mean).toEqual({ x: 1.5, y: 3, z: expect.closeTo(9.8, 12) });
    // Nothing left over: the block closed with the fourth reading.
    expect(block.close()).toBe(false);
    expect(block.add(10.01, 0, 0, 0)).toBe(false);
  });

  it("never spans a gap: readings further apart than the step close the block before them, short", () => {
    const block = new BlockAverage(4, 0.00625);
    block.add(1, 1, 1, 1);
    block.add(1.0025, 3, 3, 3);
    expect(block.gapBefore(1.005)).toBe(false);
    expect(block.gapBefore(1.5)).toBe(true);
    expect(block.close()).toBe(true);
    expect(block.t).toBeCloseTo(1.00125, 9);
    expect(block.mean).toEqual({ x: 2, y: 2, z: 2 });
    expect(block.close()).toBe(false);
    expect(block.gapBefore(3)).toBe(false);
  });

  it("takes the nearest whole number of readings per step, at least one", () => {
    expect(blockSize(400, 100)).toBe(4);
    // A chip running 1,000 ppm slow, or a trace's measured rate, is still four.
    expect(blockSize(399.6, 100)).toBe(4);
    expect(blockSize(500, 100)).toBe(5);
    expect(blockSize(3200, 100)).toBe(32);
    expect(blockSize(100, 100)).toBe(1);
    expect(blockSize(50, 100)).toBe(1);
    expect(blockSize(0, 100)).toBe(1);
    expect(blockSize(NaN, 100)).toBe(1);
  });
});
