/** The column-stored ring the evidence recorder, the value windows, leveling and ride quality keep their rows in. */
import { describe, expect, it } from "vitest";
import { ColumnRing } from "../../../firmware/conditioning/column-ring.ts";

/** The ring's rows, oldest first, as [column 0, column 1]. */
function rows(ring: ColumnRing): number[][] {
  return Array.from({ length: ring.size }, (_, row) => [ring.column(0)[ring.slot(row)], ring.column(1)[ring.slot(row)]]);
}

function add(ring: ColumnRing, value: number, overOldest: boolean): void {
  const slot = overOldest ? ring.appendOverOldest() : ring.append();
  ring.column(0)[slot] = value;
  ring.column(1)[slot] = -value;
}

describe("ColumnRing", () => {
  it("append() doubles a full ring and keeps every row in order, across the wrap", () => {
    const ring = new ColumnRing(2, 4);
    for (let value = 1; value <= 3; value++) add(ring, value, false);
    ring.dropOldest();
    ring.dropOldest();
    // The next rows wrap round the end of the storage, then it grows.
    for (let value = 4; value <= 9; value++) add(ring, value, false);
    expect(rows(ring)).toEqual([3, 4, 5, 6, 7, 8, 9].map((value) => [value, -value]));
  });

  it("appendOverOldest() keeps its size and the last rows only", () => {
    const ring = new ColumnRing(2, 4);
    for (let value = 1; value <= 11; value++) add(ring, value, true);
    expect(ring.size).toBe(4);
    expect(rows(ring)).toEqual([8, 9, 10, 11].map((value) => [value, -value]));
    expect(ring.column(0)).toHaveLength(4);
  });
});
