/**
 * parsePlatformAck on outside input: never throws; either a one-line problem or an
 * acknowledgement that is for this box and well formed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlatformAck } from "../../firmware/delivery/platform-ack.ts";

const deviceId = "box-7";

function parse(payload: Uint8Array) {
  const result = parsePlatformAck(payload, deviceId);
  if ("problem" in result) {
    expect(result.problem).toMatch(/^[^\n]+$/);
  } else {
    expect(result.v).toBe(1);
    expect(result.device_id).toBe(deviceId);
    for (const seq of result.acked) expect(Number.isInteger(seq) && seq >= 1).toBe(true);
    for (const range of result.resend ?? []) {
      expect(Number.isInteger(range.from) && Number.isInteger(range.to)).toBe(true);
      expect(range.from).toBeGreaterThanOrEqual(1);
      expect(range.to).toBeGreaterThanOrEqual(range.from);
    }
  }
  return result;
}
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");

describe("parsePlatformAck fuzzed", () => {
  it("arbitrary bytes and arbitrary JSON: never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.jsonValue({ maxDepth: 3 }).map(bytes)), (payload) => {
        parse(payload);
      }),
      { numRuns: 500 },
    );
  });

  it("near-valid acknowledgements (any device, seqs, ranges, extra keys): a problem or a valid ack for this box", () => {
    const number = fc.oneof(fc.integer({ min: -3, max: 50 }), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2));
    const seq = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 50 }) }, { weight: 1, arbitrary: number });
    const fields = {
      v: fc.constantFrom(1, 1, 1, 2, "1"),
      device_id: fc.constantFrom(deviceId, deviceId, deviceId, "box-8", "", 7),
      acked: fc.array(seq, { maxLength: 5 }),
      resend: fc.array(fc.record({ from: seq, to: seq }, { requiredKeys: ["from"] }), { maxLength: 3 }),
    };
    const ack = fc.oneof(
      fc.record(fields, { requiredKeys: ["v", "device_id", "acked"] }),
      fc.record({ ...fields, extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
    );
    let valid = 0;
    fc.assert(
      fc.property(ack, (value) => {
        if (!("problem" in parse(bytes(value)))) valid += 1;
      }),
      { numRuns: 500 },
    );
    expect(valid).toBeGreaterThan(0);
  });

  it("an acknowledgement with fields this box does not know: taken, the fields ignored", () => {
    const result = parse(bytes({ v: 1, device_id: deviceId, acked: [3, 4], received_at: "2026-12-05T00:00:00Z" }));
    expect(result).toMatchObject({ acked: [3, 4] });
  });

  it("a number beyond a double (1e400) and a huge integer seq", () => {
    expect(parse(Buffer.from(`{"v":1,"device_id":"box-7","acked":[1e400]}`))).toHaveProperty("problem");
    parse(Buffer.from(`{"v":1,"device_id":"box-7","acked":[1],"resend":[{"from":1e400,"to":1e400}]}`));
  });
});
