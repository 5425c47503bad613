/**
 * The raw samples behind an insured event: the box remembers the last readings (as the
 * trace format's columns, so a window can be replayed) and cuts the window around an
 * event's onset, to be stored by digest with it.
 *
 * The readings are kept in one ring of numbers (a row is t then one cell per column, NaN where
 * the reading was not taken), not as a row object per reading: at 400 Hz a box remembers tens
 * of thousands of rows, and objects would cost three times the memory and a collector's work.
 */

/** A window of raw readings: each row is [t, ...values] with null where that reading was not taken. */
export interface EvidenceWindow {
  v: 1;
  kind: "evidence_window";
  device_id: string;
  from_mono_ms: number;
  to_mono_ms: number;
  columns: string[];
  rows: (number | null)[][];
}

/** Rows the ring starts with, at least; it doubles while the history needs more. */
const INITIAL_ROWS = 1024;

export class EvidenceRecorder {
  /** cells per row: t and the columns */
  private readonly width: number;
  private cells: Float64Array;
  private capacity: number;
  /** ring index of the oldest row kept */
  private first = 0;
  private size = 0;
  /** cell of ax, ay and az in a row (0: no such column) */
  private readonly axCell: number;
  private readonly ayCell: number;
  private readonly azCell: number;

  /**
   * `columns`: the value columns after t (ax, ay, az, pressure, door_closed, ...).
   * `rowsPerS`: how many rows a second to expect, so the ring is the history's size from the
   * start (doubling it while it fills copied it again and again, every box at once in a fleet).
   */
  constructor(
    private readonly deviceId: string,
    private readonly columns: string[],
    private readonly historyS: number,
    rowsPerS = 0,
  ) {
    this.width = columns.length + 1;
    this.capacity = Math.max(INITIAL_ROWS, Math.ceil(historyS * rowsPerS * 1.05));
    this.cells = new Float64Array(this.capacity * this.width);
    this.axCell = columns.indexOf("ax") + 1;
    this.ayCell = columns.indexOf("ay") + 1;
    this.azCell = columns.indexOf("az") + 1;
  }

  /** One reading at t (s): values by column name; missing ones are null. */
  record(t: number, values: Record<string, number | boolean | undefined>): void {
    const offset = this.append(t);
    for (let column = 0; column < this.columns.length; column++) this.cells[offset + column + 1] = toCell(values[this.columns[column]]);
  }

  /** One accelerometer sample at t (s), m/s²: the columns ax, ay, az, the others not taken. */
  recordAcceleration(t: number, x: number, y: number, z: number): void {
    const offset = this.append(t);
    const cells = this.cells;
    for (let cell = 1; cell < this.width; cell++) cells[offset + cell] = NaN;
    if (this.axCell > 0) cells[offset + this.axCell] = toCell(x);
    if (this.ayCell > 0) cells[offset + this.ayCell] = toCell(y);
    if (this.azCell > 0) cells[offset + this.azCell] = toCell(z);
  }

  /** Readings with from ≤ t ≤ to (s), oldest first. */
  window(fromS: number, toS: number): EvidenceWindow {
    const rows: (number | null)[][] = [];
    for (let index = 0; index < this.size; index++) {
      const offset = this.offsetOf(index);
      const t = this.cells[offset];
      if (t < fromS || t > toS) continue;
      const row: (number | null)[] = [t];
      for (let cell = 1; cell < this.width; cell++) {
        const value = this.cells[offset + cell];
        row.push(Number.isNaN(value) ? null : value);
      }
      rows.push(row);
    }
    return { v: 1, kind: "evidence_window", device_id: this.deviceId, from_mono_ms: Math.round(fromS * 1000), to_mono_ms: Math.round(toS * 1000), columns: ["t", ...this.columns], rows };
  }

  /** A new newest row at t, older rows beyond the history dropped; returns where its cells start. */
  private append(t: number): number {
    const oldest = t - this.historyS;
    // As readings come, oldest first: a row is dropped once the newest is more than the history after it.
    while (this.size > 0 && this.cells[this.offsetOf(0)] < oldest) {
      this.first = (this.first + 1) % this.capacity;
      this.size--;
    }
    if (this.size === this.capacity) this.grow();
    const offset = this.offsetOf(this.size);
    this.size++;
    this.cells[offset] = t;
    return offset;
  }

  private offsetOf(index: number): number {
    return ((this.first + index) % this.capacity) * this.width;
  }

  /** Twice the rows, the kept ones copied oldest first (a full ring: two runs of cells, no object per row). */
  private grow(): void {
    const cells = new Float64Array(this.capacity * 2 * this.width);
    const start = this.first * this.width;
    cells.set(this.cells.subarray(start));
    cells.set(this.cells.subarray(0, start), this.cells.length - start);
    this.cells = cells;
    this.capacity *= 2;
    this.first = 0;
  }
}

function toCell(value: number | boolean | undefined): number {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return NaN;
  return typeof value === "boolean" ? (value ? 1 : 0) : value;
}
