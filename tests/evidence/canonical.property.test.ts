/**
 * canonicalJson writes a table of numbers (an evidence window's rows) whole, not cell by cell:
 * the text must be the library's RFC 8785 text, byte for byte, whatever the numbers.
 */
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../firmware/evidence/canonical.ts";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const cell = fc.oneof(finite, fc.integer(), fc.constant(-0), fc.constant(null), fc.constantFrom(1e21, 1e-7, 5e-324, 123456789.125));
const table = fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 20 });
const window = fc.record({
  v: fc.constant(1),
  kind: fc.constant("evidence_window"),
  device_id: fc.string(),
  from_mono_ms: fc.integer(),
  to_mono_ms: fc.integer(),
  columns: fc.array(fc.string(), { maxLength: 8 }),
  rows: table,
  note: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.string(), finite, table)), { nil: undefined }),
});

describe("canonicalJson", () => {
  it("writes a record with tables of numbers exactly as canonicalize does", () => {
    fc.assert(
      fc.property(window, (record) => {
        expect(canonicalJson(record)).toBe(canonicalize(record));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses what JCS cannot write inside a table, as canonicalize does", () => {
    for (const bad of [NaN, Infinity]) {
      const record = { rows: [[1, bad]] };
      expect(() => canonicalJson(record)).toThrow();
      expect(() => canonicalize(record)).toThrow();
    }
  });
});
