/**
 * The ride-quality table: one row per trip, the ISO 18738-1-style metrics the firmware put
 * in the trip record, each column with its unit. Cells hold no spaces, so a row splits on
 * whitespace.
 */
import type { RideQuality } from "../../firmware/quality/ride-metrics.ts";
import type { TripMetricsPoint } from "../../firmware/quality/plots.ts";

export interface TripRow {
  number: number;
  /** s into the trace, or the box's wall time */
  start: string;
  direction: string;
  from_landing?: number;
  to_landing?: number;
  distance_m: number;
  max_speed_mps: number;
  ride_quality?: Partial<RideQuality>;
}

type Metric = keyof RideQuality;

/** Column, unit and the trip-record field it shows. */
export const metricColumns: [string, string, Metric][] = [
  ["max_acc", "m/s²", "max_acceleration_mps2"],
  ["A95_acc", "m/s²", "a95_acceleration_mps2"],
  ["max_dec", "m/s²", "max_deceleration_mps2"],
  ["A95_dec", "m/s²", "a95_deceleration_mps2"],
  ["max_jerk", "m/s³", "max_jerk_mps3"],
  ["vert_vib_pk-pk", "m/s²", "vertical_vibration_peak_to_peak_mps2"],
  ["vert_vib_A95", "m/s²", "vertical_vibration_a95_mps2"],
  ["horiz_vib_pk-pk", "m/s²", "horizontal_vibration_peak_to_peak_mps2"],
  ["horiz_vib_A95", "m/s²", "horizontal_vibration_a95_mps2"],
];

const number = (value: unknown, decimals: number) => (typeof value === "number" && Number.isFinite(value) ? value.toFixed(decimals) : "-");

export function landingsOf(row: Pick<TripRow, "from_landing" | "to_landing">): string {
  return row.from_landing === undefined && row.to_landing === undefined ? "-" : `${row.from_landing ?? "?"}→${row.to_landing ?? "?"}`;
}

/** What limited a trip's metrics, in words (empty when nothing did). */
function caveats(quality: Partial<RideQuality> | undefined): string {
  if (!quality) return "no_metrics";
  const notes = [
    quality.truncated && "truncated",
    quality.constant_speed_region === false && "no_constant_speed",
    quality.vibration_band_limited && "vibration_band_limited",
    quality.acceleration_band_limited && "acceleration_band_limited",
  ].filter(Boolean);
  return notes.length > 0 ? notes.join(",") : "-";
}

export function formatTripTable(rows: TripRow[], startUnit: string): string {
  const header = ["trip", "start", "dir", "landings", "distance", "peak_speed", ...metricColumns.map(([name]) => name), "notes"];
  const units = ["", startUnit, "", "", "m", "m/s", ...metricColumns.map(([, unit]) => unit), ""];
  const body = rows.map((row) => [
    String(row.number),
    row.start,
    row.direction,
    landingsOf(row),
    number(row.distance_m, 3),
    number(row.max_speed_mps, 3),
    ...metricColumns.map(([, , field]) => number(row.ride_quality?.[field], 3)),
    caveats(row.ride_quality),
  ]);
  const lines = [header, units.map((unit) => (unit ? `(${unit})` : "")), ...body];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()).join("\n") + "\n";
}

/** The table's metrics as chart points, one per trip and metric that has a value. */
export function metricsPoints(rows: TripRow[]): TripMetricsPoint[] {
  return rows.flatMap((row) =>
    metricColumns
      .map(([name, , field]) => ({ trip: row.number, metric: name.replaceAll("_", " "), value: row.ride_quality?.[field] }))
      .filter((point): point is TripMetricsPoint => typeof point.value === "number" && Number.isFinite(point.value)),
  );
}
