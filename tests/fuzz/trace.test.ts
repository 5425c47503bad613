/**
 * parseTrace on arbitrary text: a trace whose times never go backwards, or an InputError of one
 * line naming the file (and the line, whenever there is a header to point at).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../firmware/config/input-error.ts";
import { parseTrace, type Trace } from "../../firmware/replay/trace.ts";

const file = "trace.csv";

function parse(text: string): Trace | InputError {
  try {
    const trace = parseTrace(text, file);
    expect(trace.frames.length).toBeGreaterThan(0);
    trace.frames.forEach((frame, index) => {
      expect(Number.isFinite(frame.t)).toBe(true);
      if (index > 0) expect(frame.t).toBeGreaterThanOrEqual(trace.frames[index - 1].t);
      if (frame.pressure !== undefined) expect(frame.pressure).toBeGreaterThan(0);
    });
    expect(trace.columns).toContain("t");
    return trace;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toMatch(/^[^\n]+$/);
    // "trace.csv:<line>: ..." for every problem but a file with no header row at all
    expect(message).toMatch(/^trace\.csv(:\d+)?: /);
    if (!/no header row/.test(message)) expect(message).toMatch(/^trace\.csv:\d+: /);
    return error as InputError;
  }
}

const cell = fc.oneof(fc.constantFrom("", "0", "1", "-1", "0.5", ".5", "1e3", "1e999", "NaN", "Infinity", "0x10", " 2 ", "+3", "1.", "abc", "101325"), fc.double().map(String));
const column = fc.constantFrom("t", "ax", "ay", "az", "pressure", "door_closed", "door_zone", "occupied", "alarm", "mains", "inspection", "x", " t ", "");

describe("parseTrace fuzzed", () => {
  it("arbitrary text: a trace or an InputError", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."t,ax01.-e\n\r#: \uFEFF\t".split("")), maxLength: 120 }), (text) => void parse(text)), { numRuns: 400 });
    fc.assert(fc.property(fc.string({ maxLength: 120, unit: "binary" }), (text) => void parse(text)), { numRuns: 200 });
  });

  it("near-valid traces: header of known and unknown columns, rows of odd cells, comments and blank lines", () => {
    const known = ["ax", "ay", "az", "pressure", "door_closed", "door_zone", "occupied", "alarm", "mains", "inspection"];
    const good = fc.constantFrom("0", "1", "", "1");
    const header = fc.oneof(
      { weight: 4, arbitrary: fc.subarray(known).map((names) => ["t", ...names]) },
      { weight: 1, arbitrary: fc.array(column, { minLength: 1, maxLength: 5 }) },
    );
    const trace = header
      .chain((columns) =>
        fc.record({
          metadata: fc.array(fc.constantFrom("# rate_hz: 100", "#source:x", "#", "   "), { maxLength: 2 }),
          columns: fc.constant(columns),
          // t is the row number (never backwards) unless a cell is replaced by an odd one
          rows: fc.array(fc.array(fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: cell }), { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 6 }),
          extraCell: fc.constantFrom(false, false, false, false, false, true),
          newline: fc.constantFrom("\n", "\r\n"),
        }),
      )
      .map(({ metadata, columns, rows, extraCell, newline }) =>
        [...metadata, columns.join(","), ...rows.map((row, index) => [columns[0] === "t" && row[0] !== "" && ["0", "1"].includes(row[0]) ? String(index) : row[0], ...row.slice(1), ...(extraCell ? ["1"] : [])].join(","))].join(newline),
      );
    let parsed = 0;
    fc.assert(
      fc.property(trace, (text) => {
        if (!(parse(text) instanceof InputError)) parsed += 1;
      }),
      { numRuns: 400 },
    );
    expect(parsed).toBeGreaterThan(0);
  });
});
