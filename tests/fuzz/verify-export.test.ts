/**
 * verifyExport is the parser of an export file someone hands over: whatever the text, it
 * returns a verdict and never throws; a refusal names a line of the file.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../firmware/evidence/canonical.ts";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { verifyExport } from "../../firmware/evidence/verify.ts";

const keys = generateDeviceKeys();
const verify = (text: string) => verifyExport(text, { publicKey: keys.publicKey });

function expectVerdict(text: string) {
  const verdict = verify(text);
  if (!verdict.ok) {
    const parts = text.split("\n");
    const count = parts[parts.length - 1] === "" ? parts.length - 1 : parts.length;
    expect(verdict.line).toBeGreaterThanOrEqual(1);
    expect(verdict.line).toBeLessThanOrEqual(Math.max(count, 1));
  }
  return verdict;
}

const recordKeys = ["device_id", "event_id", "seq", "kind", "sig", "prev_digest", "digest", "head", "count", "prev_checkpoint", "boot"];

describe("verifyExport fuzzed", () => {
  it("arbitrary text: a verdict, never an exception, nothing verified", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "binary" }), (text) => {
        fc.pre(text !== "");
        expect(expectVerdict(text).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("canonical JSON lines of records with the export's field names and any values: a verdict, never an exception", () => {
    const value = fc.oneof(fc.constantFrom("box-7", "checkpoint", "pruned", "0".repeat(64), "box-7:1:1"), fc.integer({ min: -1, max: 3 }), fc.jsonValue({ maxDepth: 2 }));
    const record = fc.dictionary(fc.constantFrom(...recordKeys), value, { maxKeys: 8 }).map((object) => ({ device_id: "box-7", ...object }));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 4 }), (records) => {
        const verdict = expectVerdict(records.map((object) => canonicalJson(object)).join("\n") + "\n");
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  // Product bug (see the report): verify.ts puts seq into messages with a template literal
  // (`event seq ${envelope.seq}` at line 121, `pruned stub seq ${stub.seq}` at 136, `checkpoint at seq ${checkpoint.seq}` at 145) before checking
  // that it is a number; an object whose toString is not a function makes that throw a TypeError.
  it.each([
    ['{"device_id":"box-7","event_id":"x","seq":{"toString":1}}'],
    ['{"device_id":"box-7","kind":"pruned","seq":{"toString":1}}'],
    ['{"device_id":"box-7","kind":"checkpoint","seq":{"toString":1}}'],
  ])("a record whose seq is an object with a non-callable toString gets a verdict: %s", (line) => {
    expect(() => verify(`${line}\n`)).not.toThrow();
  });
});
