/**
 * What a maintenance report says, worked out from a journal's contents: the usage counters
 * as the box last journaled them, the last maintenance visit (the box entering maintenance
 * mode, by the inspection switch or a signed `set_mode`: both journal a `mode_change` event
 * with details.mode "maintenance"), and the faults and insured events since then.
 */
import type { EventEnvelope, Instant, StatusMessage } from "../../protocols/contract.ts";
import type { JournalContents, JournaledEvent } from "./journal-reader.ts";

/** Not insured, but what a maintenance engineer comes for. */
export const faultTypes: ReadonlySet<string> = new Set(["sensor_fault", "door_fault", "leveling_fault", "abnormal_vibration", "overspeed", "overtravel", "free_fall"]);

export type Counters = NonNullable<StatusMessage["counters"]>;

export interface MaintenanceReport {
  deviceId?: string;
  /** the latest journaled status with counters */
  counters?: { at: string; boot?: number; values: Counters };
  /** counters gained since the visit, where a status from before it is kept that the latest counted on from (see countedOn) */
  countersSinceVisit?: Counters;
  visit?: { seq: number; at: string; endedAt?: string; durationS?: number };
  /** from when the report counts: the visit, a date, or the start of the journal */
  since: { kind: "visit" | "date" | "journal"; at?: string };
  tripsSince: { count: number; distanceM: number };
  findings: EventEnvelope[];
  /** by a sensor_fault's seq: when that sensor recovered, if it did */
  recoveredAt: Map<number, string>;
  /** events after the start whose bodies were evicted (acknowledged, not insured) */
  evictedSince: number;
  shedTelemetry: number;
}

const isVisit = (envelope: EventEnvelope | undefined) => envelope?.type === "mode_change" && envelope.details?.mode === "maintenance";
const wallMs = (wall: string | undefined) => (wall === undefined ? NaN : Date.parse(wall));

/** `since`: ms since the epoch, or undefined for the last visit. */
export function maintenanceReport(journal: JournalContents, sinceMs?: number): MaintenanceReport {
  const withCounters = journal.statuses.filter((status) => status.counters && status.at);
  const latest = withCounters.at(-1);
  const visitEvent = sinceMs === undefined ? lastOf(journal.events, (event) => isVisit(event.envelope)) : undefined;
  const visit = visitEvent && describeVisit(visitEvent, journal.events);

  // Events are numbered in the order they were raised: from one on, all are later.
  const fromSeq =
    sinceMs !== undefined
      ? (journal.events.find((event) => event.envelope && wallMs(event.envelope.onset.wall) >= sinceMs)?.seq ?? Infinity)
      : visitEvent !== undefined
        ? visitEvent.seq + 1
        : 0;
  // Since a date, by the wall clock; since the visit, by the box's own clocks (its boot, then
  // its monotonic time), which stay in order where the wall clock was wrong or set back.
  const visitAt = sinceMs === undefined ? visitEvent?.envelope : undefined;
  const since = (boot: number | undefined, at: Instant) =>
    visitAt ? boot !== undefined && onBoxClocks(boot, at, visitAt.boot, visitAt.onset) >= 0 : sinceMs === undefined || wallMs(at.wall) >= sinceMs;
  const laterEvents = journal.events.filter((event) => event.seq >= fromSeq);
  const findings = laterEvents.flatMap((event) => (event.envelope && (event.insured || faultTypes.has(event.envelope.type)) ? [event.envelope] : []));
  const tripsSince = journal.trips.filter((trip) => since(trip.boot, trip.start));

  let countersSinceVisit: Counters | undefined;
  if (latest && (visitAt || sinceMs !== undefined)) {
    // The counters as the visit began: the last status journaled by the time it was raised (the
    // box journals one then); ordered by the box's clocks, a status must say its boot.
    const before = (status: StatusMessage) =>
      visitAt ? status.boot !== undefined && onBoxClocks(status.boot, status.at!, visitAt.boot, visitAt.raised) <= 0 : wallMs(status.at!.wall) < sinceMs!;
    const baseline = lastOf(withCounters, before);
    if (baseline && countedOn(baseline, latest, journal.usageSinceBoot)) countersSinceVisit = difference(latest.counters!, baseline.counters!);
  }

  return {
    deviceId: latest?.device_id ?? journal.events.find((event) => event.envelope)?.envelope?.device_id,
    ...(latest ? { counters: { at: latest.at!.wall, boot: latest.boot, values: latest.counters! } } : {}),
    ...(countersSinceVisit ? { countersSinceVisit } : {}),
    ...(visit ? { visit } : {}),
    since: sinceMs !== undefined ? { kind: "date", at: new Date(sinceMs).toISOString() } : visit ? { kind: "visit", at: visit.at } : { kind: "journal" },
    tripsSince: { count: tripsSince.length, distanceM: tripsSince.reduce((sum, trip) => sum + trip.distance_m, 0) },
    findings,
    recoveredAt: recoveries(findings, laterEvents),
    evictedSince: laterEvents.filter((event) => !event.envelope).length,
    shedTelemetry: journal.shedTelemetry,
  };
}

function describeVisit(visit: JournaledEvent, events: JournaledEvent[]): NonNullable<MaintenanceReport["visit"]> {
  const at = visit.envelope!.onset.wall;
  const ended = events.find((event) => event.seq > visit.seq && event.envelope?.type === "mode_change" && event.envelope.details?.mode === "normal")?.envelope;
  const durationS = ended?.details?.maintenance_s;
  return { seq: visit.seq, at, ...(ended ? { endedAt: ended.onset.wall } : {}), ...(typeof durationS === "number" ? { durationS } : {}) };
}

/** Two instants in the box's order, by boot, then monotonic time: negative when the first came first. */
function onBoxClocks(boot: number, at: Instant, otherBoot: number, other: Instant): number {
  return boot - otherBoot || at.mono_ms - other.mono_ms;
}

/**
 * Whether `latest`'s counters went on from `earlier`'s: the same boot, or a boot since which the
 * box has kept them across boots (usage/kept-usage.ts: none before it did, nor across a start
 * from zero), and none of them lower.
 */
function countedOn(earlier: StatusMessage, latest: StatusMessage, usageSinceBoot: number | undefined): boolean {
  const sameCount = earlier.boot === latest.boot || (usageSinceBoot !== undefined && earlier.boot !== undefined && earlier.boot >= usageSinceBoot);
  const keys = Object.keys(earlier.counters!) as (keyof Counters)[];
  return sameCount && keys.every((key) => latest.counters![key] >= earlier.counters![key]);
}

function difference(now: Counters, then: Counters): Counters {
  const gained = (key: keyof Counters, decimals: number) => Math.round((now[key] - then[key]) * 10 ** decimals) / 10 ** decimals;
  return { trips: gained("trips", 0), door_cycles: gained("door_cycles", 0), run_hours: gained("run_hours", 6), distance_m: gained("distance_m", 3), rope_bends: gained("rope_bends", 4) };
}

function lastOf<Item>(items: Item[], matches: (item: Item) => boolean): Item | undefined {
  for (let index = items.length - 1; index >= 0; index -= 1) if (matches(items[index])) return items[index];
  return undefined;
}

/** For each sensor fault, the first later `sensor_recovered` of the same sensor. */
function recoveries(findings: EventEnvelope[], events: JournaledEvent[]): Map<number, string> {
  const recovered = new Map<number, string>();
  for (const fault of findings.filter((event) => event.type === "sensor_fault")) {
    const recovery = events.find((event) => event.seq > fault.seq && event.envelope?.type === "sensor_recovered" && event.envelope.details?.sensor === fault.details?.sensor);
    if (recovery) recovered.set(fault.seq, recovery.envelope!.onset.wall);
  }
  return recovered;
}
