/**
 * The raw samples behind an insured event: the box remembers the last readings (as the
 * trace format's columns, so a window can be replayed) and cuts the window around an
 * event's onset, to be stored by digest with it.
 *
 * The readings are kept in rings of numbers (../conditioning/column-ring.ts), not as a row
 * object per reading: at 400 Hz a box remembers tens of thousands of rows, and objects would
 * cost three times the memory and a collector's work.
 */
import type { EvidenceWindow } from "../../protocols/contract.ts";
import { ColumnRing } from "../conditioning/column-ring.ts";

/** A window of raw readings (the wire spec's EvidenceWindow): each row is [t, ...values] with null where that reading was not taken. */
export type { EvidenceWindow } from "../../protocols/contract.ts";

/** Rows each ring starts with, at least; it doubles while the history needs more. */
const INITIAL_ROWS = 1024;

const ACCELERATION_COLUMNS = ["ax", "ay", "az"];

/** Column 0 of both rings. */
const T = 0;
/** The accelerometer ring's columns: t, then the axes. */
const SAMPLE_AXES = 1;
/** The readings ring's columns: t, how many samples had been recorded before the row (their order), then the values. */
const READING_AFTER_SAMPLES = 1;
const READING_VALUES = 2;

export class EvidenceRecorder {
  /**
   * Two rings, each by column: accelerometer samples (most rows, three values) and the other
   * readings. One ring of full rows wrote a NaN in every other column of each sample: twice
   * the memory, and a fresh cache line per row.
   */
  private readonly samples: ColumnRing;
  private readonly readings: ColumnRing;
  /** samples recorded ever: the first kept is number samplesRecorded - samples.size */
  private samplesRecorded = 0;
  /** for each of `columns`: which ring holds it, and its column there */
  private readonly sources: { inSamples: boolean; column: number }[];
  private readonly readingColumns: string[];

  /**
   * `columns`: the value columns after t (ax, ay, az, pressure, door_closed, ...).
   * `rowsPerS`: how many accelerometer samples and other readings a second to expect, so
   * each ring is the history's size from the start (doubling while it fills copied it again
   * and again, every box at once in a fleet).
   */
  constructor(
    private readonly deviceId: string,
    private readonly columns: string[],
    private readonly historyS: number,
    rowsPerS: { samples: number; readings: number } = { samples: 0, readings: 0 },
  ) {
    this.readingColumns = columns.filter((name) => !ACCELERATION_COLUMNS.includes(name));
    this.sources = columns.map((name) =>
      ACCELERATION_COLUMNS.includes(name) ? { inSamples: true, column: SAMPLE_AXES + ACCELERATION_COLUMNS.indexOf(name) } : { inSamples: false, column: READING_VALUES + this.readingColumns.indexOf(name) },
    );
    const rows = (perS: number) => Math.max(INITIAL_ROWS, historyS * perS * 1.05);
    this.samples = new ColumnRing(SAMPLE_AXES + ACCELERATION_COLUMNS.length, rows(rowsPerS.samples));
    this.readings = new ColumnRing(READING_VALUES + this.readingColumns.length, rows(rowsPerS.readings));
  }

  /**
   * One reading at t (s) of the columns other than ax, ay, az: `values` in their order among
   * `columns` (undefined where not taken). In order, not by name: a lookup by a name that
   * changes at each step is slow (it was 5 % of a fleet worker's time).
   */
  recordReadings(t: number, values: ArrayLike<number | boolean | undefined>): void {
    this.forgetBefore(t - this.historyS);
    const slot = this.readings.append();
    this.readings.column(T)[slot] = t;
    this.readings.column(READING_AFTER_SAMPLES)[slot] = this.samplesRecorded;
    for (let index = 0; index < this.readingColumns.length; index++) this.readings.column(READING_VALUES + index)[slot] = toCell(values[index]);
  }

  /** One accelerometer sample at t (s), m/s²: the columns ax, ay, az. */
  recordAcceleration(t: number, x: number, y: number, z: number): void {
    this.forgetBefore(t - this.historyS);
    const slot = this.samples.append();
    this.samplesRecorded++;
    this.samples.column(T)[slot] = t;
    this.samples.column(SAMPLE_AXES)[slot] = toCell(x);
    this.samples.column(SAMPLE_AXES + 1)[slot] = toCell(y);
    this.samples.column(SAMPLE_AXES + 2)[slot] = toCell(z);
  }

  /**
   * Readings with from ≤ t ≤ to (s), in time order: a trace, as the wire spec says a window can
   * be written (recorded order went back by a few ms where a FIFO's sample times, the driver's
   * estimates, ran past the poll that read them; a trace's t never decreases).
   */
  window(fromS: number, toS: number): EvidenceWindow {
    const rows: (number | null)[][] = [];
    let sample = 0;
    let reading = 0;
    while (sample < this.samples.size || reading < this.readings.size) {
      const isSample = this.sampleIsNext(sample, reading);
      const ring = isSample ? this.samples : this.readings;
      const slot = ring.slot(isSample ? sample++ : reading++);
      const t = ring.column(T)[slot];
      if (t < fromS || t > toS) continue;
      const row: (number | null)[] = [t];
      for (const source of this.sources) {
        const value = source.inSamples === isSample ? ring.column(source.column)[slot] : NaN;
        row.push(Number.isNaN(value) ? null : value);
      }
      rows.push(row);
    }
    // Stable: readings at one time keep the order they were taken in.
    rows.sort((first, second) => (first[0] as number) - (second[0] as number));
    // Whole ms that take in every row.
    return { v: 1, kind: "evidence_window", device_id: this.deviceId, from_mono_ms: Math.floor(fromS * 1000), to_mono_ms: Math.ceil(toS * 1000), columns: ["t", ...this.columns] as EvidenceWindow["columns"], rows };
  }

  /** Whether, of the kept sample `sample` and reading `reading` (counted from the oldest kept), the sample was recorded first. */
  private sampleIsNext(sample: number, reading: number): boolean {
    if (sample >= this.samples.size) return false;
    if (reading >= this.readings.size) return true;
    const sampleNumber = this.samplesRecorded - this.samples.size + sample;
    return sampleNumber < this.readings.column(READING_AFTER_SAMPLES)[this.readings.slot(reading)];
  }

  /** Drops the oldest rows, in the order recorded, while they are older than `oldest` (s). */
  private forgetBefore(oldest: number): void {
    for (;;) {
      const isSample = this.sampleIsNext(0, 0);
      const ring = isSample ? this.samples : this.readings;
      if (ring.size === 0 || !(ring.column(T)[ring.slot(0)] < oldest)) return;
      ring.dropOldest();
    }
  }
}

function toCell(value: number | boolean | undefined): number {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return NaN;
  return typeof value === "boolean" ? (value ? 1 : 0) : value;
}
