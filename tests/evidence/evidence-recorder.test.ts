/**
 * The evidence recorder keeps what a plain list of rows would keep: every reading of the last
 * history seconds, with null where a reading was not taken, however the readings interleave (a
 * FIFO's sample may be stamped before the last poll's reading) and however long the box runs
 * (its rings grow and wrap). A window gives them in time order, those of one time in the order
 * taken: a trace (a client review found rows going back by up to 4 ms, which no trace may).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EvidenceRecorder } from "../../firmware/evidence/evidence-recorder.ts";

const COLUMNS = ["ax", "ay", "az", "pressure", "door_closed"];
const HISTORY_S = 2;

type Reading = { kind: "sample"; dt: number; x: number; y: number; z: number } | { kind: "frame"; dt: number; pressure?: number; door?: boolean };

/** What the recorder should hold: rows not older than the history before the newest, oldest first. */
function reference(readings: Reading[], historyS = HISTORY_S): (number | null)[][] {
  const rows: (number | null)[][] = [];
  let t = 0;
  for (const reading of readings) {
    t += reading.dt;
    const row =
      reading.kind === "sample"
        ? [t, reading.x, reading.y, reading.z, null, null]
        : [t, null, null, null, reading.pressure ?? null, reading.door === undefined ? null : reading.door ? 1 : 0];
    rows.push(row);
    while (rows.length > 0 && (rows[0][0] as number) < t - historyS) rows.shift();
  }
  return rows;
}

const finite = fc.double({ min: -100, max: 100, noNaN: true });
const reading: fc.Arbitrary<Reading> = fc.oneof(
  fc.record({ kind: fc.constant("sample" as const), dt: fc.double({ min: -0.003, max: 0.01, noNaN: true }), x: finite, y: finite, z: finite }),
  fc.record({ kind: fc.constant("frame" as const), dt: fc.double({ min: 0, max: 0.05, noNaN: true }), pressure: fc.option(fc.double({ min: 90_000, max: 110_000, noNaN: true }), { nil: undefined }), door: fc.option(fc.boolean(), { nil: undefined }) }),
);

describe("EvidenceRecorder", () => {
  it("holds the last history's readings as a list of rows would, through growth and wrapping", () => {
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), (readings, cut) => {
        const recorder = new EvidenceRecorder("box", COLUMNS, HISTORY_S);
        let t = 0;
        for (const one of readings) {
          t += one.dt;
          if (one.kind === "sample") recorder.recordAcceleration(t, one.x, one.y, one.z);
          else recorder.recordReadings(t, [one.pressure, one.door]);
        }
        // Stable: rows of one time stay in the order taken.
        const kept = reference(readings).sort((first, second) => (first[0] as number) - (second[0] as number));
        const all = recorder.window(-Infinity, Infinity);
        expect(all.columns).toEqual(["t", ...COLUMNS]);
        expect(all.rows).toEqual(kept);
        // A window in the middle: from ≤ t ≤ to.
        const from = t - HISTORY_S * cut;
        const window = recorder.window(from, t);
        expect(window.rows).toEqual(kept.filter((row) => (row[0] as number) >= from && (row[0] as number) <= t));
        // Its bounds, in whole ms, take in every row.
        for (const row of window.rows) expect(window.from_mono_ms <= (row[0] as number) * 1000 && (row[0] as number) * 1000 <= window.to_mono_ms).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps every row of a long run at 400 Hz with polls between, the ring grown and wrapped", () => {
    const historyS = 5;
    const recorder = new EvidenceRecorder("box", COLUMNS, historyS);
    const readings: Reading[] = [];
    for (let poll = 0; poll < 2000; poll++) {
      for (let sample = 0; sample < 4; sample++) readings.push({ kind: "sample", dt: 0.0025, x: poll, y: sample, z: -poll });
      readings.push({ kind: "frame", dt: 0, pressure: 100_000 + poll, door: poll % 2 === 0 });
    }
    let t = 0;
    for (const one of readings) {
      t += one.dt;
      if (one.kind === "sample") recorder.recordAcceleration(t, one.x, one.y, one.z);
      else recorder.recordReadings(t, [one.pressure, one.door]);
    }
    const rows = recorder.window(-Infinity, Infinity).rows;
    // 5 s at 400 Hz plus 100 polls a second: past the ring's first 1024 rows, and 20 s of them: wrapped.
    expect(rows.length).toBeGreaterThan(1024);
    expect(rows).toEqual(reference(readings, historyS));
  });

  it("grows when a faster stream needs more rows than the ring holds after it has wrapped", () => {
    const recorder = new EvidenceRecorder("box", COLUMNS, 1);
    const readings: Reading[] = [];
    // 20 s at 500 rows a second (the ring wraps many times), then 1 s at 5,000.
    for (let index = 0; index < 10_000; index++) readings.push({ kind: "sample", dt: 0.002, x: index, y: 0, z: 1 });
    for (let index = 0; index < 5_000; index++) readings.push({ kind: "frame", dt: 0.0002, pressure: index, door: true });
    let t = 0;
    for (const one of readings) {
      t += one.dt;
      if (one.kind === "sample") recorder.recordAcceleration(t, one.x, one.y, one.z);
      else recorder.recordReadings(t, [one.pressure, one.door]);
    }
    expect(recorder.window(-Infinity, Infinity).rows).toEqual(reference(readings, 1));
  });

  it("stores a reading that is not a finite number as not taken", () => {
    const recorder = new EvidenceRecorder("box", COLUMNS, HISTORY_S);
    recorder.recordAcceleration(1, Number.NaN, Infinity, 3);
    recorder.recordReadings(1.5, [Number.NaN, true]);
    expect(recorder.window(0, 2)).toMatchObject({ from_mono_ms: 0, to_mono_ms: 2000, rows: [[1, null, null, 3, null, null], [1.5, null, null, null, null, 1]] });
  });
});
