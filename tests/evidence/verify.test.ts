/** verifyExport and ChainVerifier: a good log passes; each kind of damage is named at its first line. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { ChainVerifier, verifyExport } from "../../firmware/evidence/verify.ts";
import { exportedLog } from "./fixtures.ts";

const keys = generateDeviceKeys();
const good = await exportedLog(10, keys);
const lines = good.trimEnd().split("\n");
const verify = (text: string, deviceId?: string) => verifyExport(text, { publicKey: keys.publicKey, deviceId });
const joined = (records: string[]) => records.join("\n") + "\n";
/** line index (0-based) of the event with this seq */
const lineOf = (seq: number) => lines.findIndex((line) => JSON.parse(line).seq === seq && JSON.parse(line).kind === undefined);

function problemAt(text: string, deviceId?: string): { line: number; message: string } {
  const verdict = verify(text, deviceId);
  if (verdict.ok) throw new Error("expected a problem, the log verified");
  return { line: verdict.line, message: verdict.problem.message };
}

describe("verifyExport", () => {
  it("accepts a good export: 10 events, checkpoints every 4 events and at the end", () => {
    const verdict = verify(good);
    expect(verdict).toMatchObject({ ok: true, summary: { events: 10, checkpoints: 3, seq: 10 } });
    expect(lines).toHaveLength(13);
  });

  it("names a record with a flipped byte: its signature fails", () => {
    const index = lineOf(5);
    const altered = [...lines];
    altered[index] = altered[index].replace('"entrapment"', '"entrapmenu"');
    expect(problemAt(joined(altered))).toEqual({ line: index + 1, message: expect.stringMatching(/^bad signature on event seq 5: .*altered/) });
  });

  it("names the record after a missing one", () => {
    const index = lineOf(6);
    const altered = lines.filter((_, line) => line !== index);
    expect(problemAt(joined(altered))).toEqual({ line: index + 1, message: "missing record: seq 6 is absent (seq 5 is followed by 7)" });
  });

  it("names two swapped records as reordered, at the first of them", () => {
    const [first, second] = [lineOf(2), lineOf(3)];
    const altered = [...lines];
    [altered[first], altered[second]] = [altered[second], altered[first]];
    expect(problemAt(joined(altered))).toEqual({ line: first + 1, message: `reordered: seq 2 comes later, at line ${second + 1}` });
  });

  it("names truncation: a partial last line, events after the last checkpoint, a checkpoint covering more than is there", () => {
    expect(problemAt(good.slice(0, good.length - 20))).toEqual({ line: 13, message: expect.stringMatching(/^truncated: the last line is incomplete/) });
    expect(problemAt(joined(lines.slice(0, -1)))).toEqual({ line: 12, message: "truncated: events after seq 8 are not covered by a checkpoint (the log ends at seq 10)" });
    const withoutLastEvent = lines.filter((_, line) => line !== lineOf(10));
    expect(problemAt(joined(withoutLastEvent))).toEqual({ line: 12, message: expect.stringMatching(/^truncated: checkpoint at seq 10 covers 1 event\(s\) more than the log holds/) });
  });

  it("names a wrong key at the first record", () => {
    const verdict = verifyExport(good, { publicKey: generateDeviceKeys().publicKey });
    expect(verdict).toMatchObject({ ok: false, line: 1, problem: { kind: "signature", message: expect.stringMatching(/wrong key/) } });
  });

  it("names a wrong device: the one asked for, or a record of another device spliced in", async () => {
    expect(problemAt(good, "box-8")).toEqual({ line: 1, message: 'wrong device: record of "box-7", expected "box-8"' });
    const other = (await exportedLog(3, keys, { deviceId: "box-9" })).split("\n")[1];
    const altered = [...lines];
    altered[4] = other;
    expect(problemAt(joined(altered))).toEqual({ line: 5, message: 'wrong device: record of "box-9", expected "box-7"' });
  });

  it("detects any single changed byte anywhere in the export", () => {
    const bytes = Buffer.from(good, "utf8");
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (position, delta) => {
        const altered = Buffer.from(bytes);
        altered[position] = (altered[position] + delta) % 256;
        expect(verify(altered.toString("utf8")).ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});

describe("ChainVerifier, record by record", () => {
  it("accepts records as they come and refuses everything after the first bad one", () => {
    const records = lines.map((line) => JSON.parse(line));
    const verifier = new ChainVerifier({ publicKey: keys.publicKey });
    for (const record of records.slice(0, 5)) expect(verifier.feed(record)).toBeUndefined();
    expect(verifier.feed(records[6])?.kind).toBe("gap");
    expect(verifier.feed(records[5])?.kind).toBe("gap");
  });

  it("resumes from a chain head verified earlier", () => {
    const records = lines.map((line) => JSON.parse(line)).filter((record) => record.kind === undefined);
    const first = new ChainVerifier({ publicKey: keys.publicKey });
    for (const record of records.slice(0, 4)) expect(first.feed(record)).toBeUndefined();
    const { seq, head } = first.summary;
    const resumed = new ChainVerifier({ publicKey: keys.publicKey, resumeFrom: { seq, head, boot: 1 } });
    for (const record of records.slice(4)) expect(resumed.feed(record)).toBeUndefined();
    expect(resumed.summary.seq).toBe(10);
  });
});
