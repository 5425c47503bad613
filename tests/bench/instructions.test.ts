// The benchmarks' instruction count needs valgrind; a machine without it still runs the rest.
import { describe, expect, it, vi } from "vitest";
import { instructionFigures } from "../../bench/instructions.ts";

describe("the pipeline's instruction count", () => {
  it("is left out, with one line saying why, where valgrind is not installed", async () => {
    const path = process.env.PATH;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    process.env.PATH = "/nonexistent-liftwatch";
    let figures: unknown;
    let lines: unknown[][];
    try {
      figures = await instructionFigures(true);
    } finally {
      process.env.PATH = path;
      lines = [...errors.mock.calls];
      errors.mockRestore();
    }
    expect(figures).toEqual([]);
    expect(lines).toEqual([["bench: valgrind not found (Debian's valgrind package): the pipeline's instruction count is left out"]]);
  });
});
