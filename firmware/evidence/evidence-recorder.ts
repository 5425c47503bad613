/**
 * The raw samples behind an insured event: the box remembers the last readings (as the
 * trace format's columns, so a window can be replayed) and cuts the window around an
 * event's onset, to be stored by digest with it.
 */
import { TimeWindow } from "../conditioning/filters.ts";

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

export class EvidenceRecorder {
  private readonly history: TimeWindow<{ t: number; row: (number | null)[] }>;

  /** `columns`: the value columns after t (ax, ay, az, pressure, door_closed, ...). */
  constructor(
    private readonly deviceId: string,
    private readonly columns: string[],
    historyS: number,
  ) {
    this.history = new TimeWindow(historyS);
  }

  /** One reading at t (s): values by column name; missing ones are null. */
  record(t: number, values: Record<string, number | boolean | undefined>): void {
    const row = [t, ...this.columns.map((column) => toCell(values[column]))];
    this.history.push({ t, row });
  }

  /** Readings with from ≤ t ≤ to (s), oldest first. */
  window(fromS: number, toS: number): EvidenceWindow {
    const rows = this.history.items().filter((entry) => entry.t >= fromS && entry.t <= toS).map((entry) => entry.row);
    return { v: 1, kind: "evidence_window", device_id: this.deviceId, from_mono_ms: Math.round(fromS * 1000), to_mono_ms: Math.round(toS * 1000), columns: ["t", ...this.columns], rows };
  }
}

function toCell(value: number | boolean | undefined): number | null {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return null;
  return typeof value === "boolean" ? (value ? 1 : 0) : value;
}
