/** `liftwatch report maintenance <journal.db> [--since <ISO date> | --since-last-visit]`. */
import { InputError } from "../../firmware/config/input-error.ts";
import { readJournal } from "./journal-reader.ts";
import { maintenanceReport, type Counters, type MaintenanceReport } from "./maintenance-report.ts";

export function maintenanceCommand(file: string, options: { since?: string; sinceLastVisit?: boolean }): void {
  if (options.since !== undefined && options.sinceLastVisit) throw new InputError("--since and --since-last-visit: give one or the other");
  const sinceMs = options.since === undefined ? undefined : isoDate(options.since);
  process.stdout.write(formatMaintenance(file, maintenanceReport(readJournal(file), sinceMs)));
}

/** ms since the epoch; a date without a zone is UTC, as the box's wall times are. */
function isoDate(value: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  const ms = iso ? Date.parse(iso[1] && !iso[4] ? `${value}Z` : value) : NaN;
  if (Number.isNaN(ms)) throw new InputError(`--since: "${value}" is not an ISO 8601 date (expected e.g. 2026-03-01 or 2026-03-01T08:00:00Z)`);
  return ms;
}

const describeCounters = (counters: Counters) =>
  `trips ${counters.trips}, door cycles ${counters.door_cycles}, run hours ${counters.run_hours} h, distance ${counters.distance_m} m, rope bends ${counters.rope_bends}`;

function formatMaintenance(file: string, report: MaintenanceReport): string {
  const lines = [`maintenance report: ${file}${report.deviceId ? ` (device ${report.deviceId})` : ""}`];
  lines.push(
    report.counters
      ? `usage counters (as of ${report.counters.at}, boot ${report.counters.boot ?? "?"}): ${describeCounters(report.counters.values)}`
      : "usage counters: none journaled yet (the box journals them with each status heartbeat)",
  );
  if (report.visit) {
    const ended = report.visit.endedAt ? `, left ${report.visit.endedAt}${report.visit.durationS !== undefined ? ` after ${report.visit.durationS} s` : ""}` : ", still in maintenance mode";
    lines.push(`last maintenance visit: ${report.visit.at} (event ${report.visit.seq}${ended})`);
  } else if (report.since.kind === "journal") {
    lines.push("last maintenance visit: none in the journal; everything it holds is reported");
  }
  const since = report.since.kind === "date" ? `since ${report.since.at}` : report.since.kind === "visit" ? "since the visit" : "in the journal";
  if (report.countersSinceVisit) lines.push(`usage ${since}: ${describeCounters(report.countersSinceVisit)}`);
  lines.push(`trips ${since} (trip records kept): ${report.tripsSince.count}, ${report.tripsSince.distanceM.toFixed(3)} m`);
  lines.push(`faults and insured events ${since}: ${report.findings.length}`);
  for (const event of report.findings) {
    const recovered = event.type === "sensor_fault" ? (report.recoveredAt.has(event.seq) ? `  recovered ${report.recoveredAt.get(event.seq)}` : "  not recovered") : "";
    lines.push(`  ${event.onset.wall}  #${event.seq}  ${event.type}${event.insured ? " (insured)" : ""}  ${summary(event.details)}${recovered}`.trimEnd());
  }
  const byType = new Map<string, number>();
  for (const event of report.findings) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
  if (byType.size > 0) lines.push(`by type: ${[...byType].map(([type, count]) => `${type} ${count}`).join(", ")}`);
  if (report.evictedSince > 0) lines.push(`note: ${report.evictedSince} acknowledged non-insured event(s) ${since} lost their bodies to the storage budget (the platform has them)`);
  if (report.shedTelemetry > 0) lines.push(`note: ${report.shedTelemetry} trip or status record(s) were shed for lack of storage`);
  return lines.join("\n") + "\n";
}

/** The event's details in one line, evidence digests left out. */
function summary(details: Record<string, unknown> | undefined): string {
  return Object.entries(details ?? {})
    .filter(([key]) => key !== "evidence_windows")
    .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" ");
}
