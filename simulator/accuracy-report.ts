/**
 * The accuracy report as text: one table line per event type, then what went wrong in
 * each scenario.
 */
import type { DetectionRecord } from "../firmware/frame.ts";
import { formatPercent, type AccuracyReport } from "./accuracy.ts";
import type { ExpectedRecord } from "./truth.ts";

export function formatAccuracyTable(report: AccuracyReport): string {
  const header = ["event type", "expected", "found", "missed", "false alarms", "recall", "latency p50/p95/max ms", "notes"];
  const rows = report.types
    .filter((line) => line.expected > 0 || line.found > 0 || line.false_alarms > 0 || line.latency_ms !== null)
    .map((line) => [
      line.type,
      String(line.expected),
      String(line.found),
      String(line.missed),
      String(line.false_alarms),
      formatPercent(line.recall),
      line.latency_ms ? `${line.latency_ms.p50} / ${line.latency_ms.p95} / ${line.latency_ms.max}` : "—",
      line.error_difference_max_mm !== undefined ? `leveling error off by ≤ ${line.error_difference_max_mm.toFixed(1)} mm` : "",
    ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join(" | ")
      .trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("-|-"), ...rows.map(line)].join("\n");
}

/** One line per scenario with a miss or a false alarm; empty when there is none. */
export function formatProblems(report: AccuracyReport): string {
  const lines: string[] = [];
  for (const scenario of report.scenarios) {
    if (scenario.missed.length === 0 && scenario.false_alarms.length === 0) continue;
    const parts = [
      ...scenario.missed.map((record) => `missed ${describeTruth(record)}`),
      ...groupByType(scenario.false_alarms).flatMap((records) =>
        records.length > LISTED_PER_TYPE
          ? [`${records.length} false alarms ${records[0].type}, onsets ${seconds(records[0].onset)} … ${seconds(records[records.length - 1].onset)}`]
          : records.map((record) => `false alarm ${describeDetected(record)}`),
      ),
    ];
    lines.push(`${scenario.name}: ${parts.join("; ")}`);
  }
  return lines.join("\n");
}

/** More false alarms of one type in one scenario than this are summarised in one phrase. */
const LISTED_PER_TYPE = 3;

function groupByType(records: DetectionRecord[]): DetectionRecord[][] {
  const groups = new Map<string, DetectionRecord[]>();
  for (const record of records) groups.set(record.type, [...(groups.get(record.type) ?? []), record]);
  return [...groups.values()];
}

function describeTruth(record: ExpectedRecord): string {
  const kind = typeof record.details.kind === "string" ? ` (${record.details.kind})` : "";
  const until = record.until !== undefined ? `–${seconds(record.until)}` : "";
  return `${record.event}${kind} at ${seconds(record.onset)}${until}`;
}

function describeDetected(record: DetectionRecord): string {
  const kind = typeof record.kind === "string" ? ` (${record.kind})` : "";
  return `${record.type}${kind} onset ${seconds(record.onset)} raised ${seconds(record.t)}`;
}

function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}
