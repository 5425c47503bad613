/**
 * The fleet's report: what the boxes sealed against what the receivers stored and the boxes
 * saw acknowledged, how late, whether the boxes kept real time, and what each box cost.
 */
import type { PacingStats, SealedEvent, WorkerMemory } from "./messages.ts";

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface FleetReport {
  devices: number;
  connected: number;
  workers: number;
  receivers: number;
  scenario: string;
  rate_hz: number;
  event_every_s: number | null;
  /** wall time the boxes ran in real time, start to stop (s) */
  ran_s: number;
  events: {
    /** sealed in the boxes' journals */
    generated: number;
    /** stored by the local receivers (null with --receivers 0: the platform is elsewhere) */
    received: number | null;
    /** acknowledged by the platform back at the box */
    acknowledged: number;
    /** sealed but never stored (null without local receivers) */
    lost: number | null;
    /** sealed, not acknowledged by the end of the drain (still in the journals) */
    unacknowledged: number;
    /** events the receivers were sent again after storing them (deduplicated, acknowledged again) */
    duplicates: number | null;
    by_type: Record<string, number>;
    /** boxes that sealed at least one event */
    boxes_with_events: number;
  };
  trips: number;
  lag_ms: {
    /** event raised at the box (its virtual instant on the wall clock: a tick's wait and a box's lateness count) → stored by a receiver */
    raised_to_stored: Percentiles | null;
    /** event raised at the box → the platform's acknowledgement back at the box */
    raised_to_acknowledged: Percentiles | null;
  };
  real_time: {
    /** every worker kept its boxes within a second of the wall clock */
    kept: boolean;
    /** the busiest worker's time spent advancing boxes, as a fraction of wall time */
    busiest_worker: number;
    max_tick_ms: number;
    p99_tick_ms: number;
    behind_at_stop_ms: number;
  };
  per_box: {
    /** process CPU time (all threads, receivers included) / devices / ran_s: fraction of one core */
    cpu_core_fraction: number;
    rss_bytes: number;
    /** RSS grown since before the boxes were made, per box */
    rss_added_bytes: number;
    /** the workers' V8 heaps, per box */
    heap_bytes: number;
    /** typed arrays (ride-quality buffers and the like), per box */
    array_buffer_bytes: number;
  };
  process: { cpu_s: number; rss_bytes: number; rss_before_boxes_bytes: number; cores: number };
}

export interface ReportInputs {
  devices: number;
  connected: number;
  workers: number;
  receivers: number;
  scenario: string;
  rateHz: number;
  eventEveryS?: number;
  ranMs: number;
  events: SealedEvent[];
  trips: number;
  unacknowledged: number;
  /** `device_id/seq` → when stored (ms); absent without local receivers */
  stored?: Map<string, number>;
  duplicates?: number;
  pacing: PacingStats[];
  memory: WorkerMemory[];
  cpuMicros: number;
  rssBytes: number;
  rssBeforeBytes: number;
  cores: number;
}

/** A second behind the wall clock is as far as a box may fall and still count as real time. */
const REAL_TIME_SLACK_MS = 1000;

export function buildReport(inputs: ReportInputs): FleetReport {
  const { events, stored, devices } = inputs;
  const ranS = inputs.ranMs / 1000;
  const lost = stored ? events.filter((event) => !stored.has(keyOf(event))).length : null;
  const storedLag = stored ? events.flatMap((event) => (stored.has(keyOf(event)) ? [stored.get(keyOf(event))! - event.raisedAtMs] : [])) : undefined;
  const ackLag = events.flatMap((event) => (event.ackedAtMs === undefined ? [] : [event.ackedAtMs - event.raisedAtMs]));
  const byType: Record<string, number> = {};
  for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
  const pacing = inputs.pacing;
  const maxOf = (pick: (stats: PacingStats) => number) => Math.max(0, ...pacing.map(pick));
  const sum = (pick: (memory: WorkerMemory) => number) => inputs.memory.reduce((total, memory) => total + pick(memory), 0);
  return {
    devices,
    connected: inputs.connected,
    workers: inputs.workers,
    receivers: inputs.receivers,
    scenario: inputs.scenario,
    rate_hz: inputs.rateHz,
    event_every_s: inputs.eventEveryS ?? null,
    ran_s: round(ranS, 1),
    events: {
      generated: events.length,
      received: stored ? events.length - lost! : null,
      acknowledged: events.filter((event) => event.ackedAtMs !== undefined).length,
      lost,
      unacknowledged: inputs.unacknowledged,
      duplicates: inputs.duplicates ?? null,
      by_type: byType,
      boxes_with_events: new Set(events.map((event) => event.deviceId)).size,
    },
    trips: inputs.trips,
    lag_ms: { raised_to_stored: storedLag ? percentiles(storedLag) : null, raised_to_acknowledged: percentiles(ackLag) },
    real_time: {
      kept: maxOf((stats) => stats.maxTickMs) < REAL_TIME_SLACK_MS && maxOf((stats) => stats.behindAtStopMs) < REAL_TIME_SLACK_MS,
      busiest_worker: round(maxOf((stats) => stats.busyFraction), 3),
      max_tick_ms: round(maxOf((stats) => stats.maxTickMs), 1),
      p99_tick_ms: round(maxOf((stats) => stats.p99TickMs), 1),
      behind_at_stop_ms: round(maxOf((stats) => stats.behindAtStopMs), 1),
    },
    per_box: {
      cpu_core_fraction: ranS > 0 ? round(inputs.cpuMicros / 1e6 / devices / ranS, 6) : 0,
      rss_bytes: Math.round(inputs.rssBytes / devices),
      rss_added_bytes: Math.round((inputs.rssBytes - inputs.rssBeforeBytes) / devices),
      heap_bytes: Math.round(sum((memory) => memory.heapUsedBytes) / devices),
      array_buffer_bytes: Math.round(sum((memory) => memory.arrayBuffersBytes) / devices),
    },
    process: { cpu_s: round(inputs.cpuMicros / 1e6, 2), rss_bytes: inputs.rssBytes, rss_before_boxes_bytes: inputs.rssBeforeBytes, cores: inputs.cores },
  };
}

export function keyOf(event: { deviceId: string; seq: number }): string {
  return `${event.deviceId}/${event.seq}`;
}

function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { p50: round(at(0.5), 1), p99: round(at(0.99), 1), max: round(sorted.at(-1)!, 1) };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The report as a readable two-column table. */
export function formatReport(report: FleetReport): string {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  const lag = (value: Percentiles | null) => (value ? `p50 ${value.p50} ms, p99 ${value.p99} ms, max ${value.max} ms` : "—");
  const orDash = (value: number | null) => (value === null ? "— (no local receivers)" : String(value));
  const { events, real_time: pace, per_box: box } = report;
  const rows: [string, string][] = [
    ["boxes", `${report.devices} (${report.connected} connected) on ${report.workers} worker(s), ${report.receivers} receiver(s)`],
    ["scenario", `${report.scenario} at ${report.rate_hz} Hz${report.event_every_s ? `, an alarm press per box every ${report.event_every_s} s` : ""}`],
    ["ran", `${report.ran_s} s in real time`],
    ["real time kept", `${pace.kept ? "yes" : "NO"} (busiest worker ${(pace.busiest_worker * 100).toFixed(1)} % busy, tick p99 ${pace.p99_tick_ms} ms, max ${pace.max_tick_ms} ms, ${pace.behind_at_stop_ms} ms behind at the stop)`],
    ["events generated", `${events.generated} (by ${events.boxes_with_events} boxes)`],
    ["events received", orDash(events.received)],
    ["events acknowledged", String(events.acknowledged)],
    ["events lost", orDash(events.lost)],
    ["unacknowledged", String(events.unacknowledged)],
    ["duplicates", orDash(events.duplicates)],
    ["event types", Object.entries(events.by_type).map(([type, count]) => `${type} ${count}`).join(", ") || "—"],
    ["trips", String(report.trips)],
    ["lag raised → stored", lag(report.lag_ms.raised_to_stored)],
    ["lag raised → acknowledged", lag(report.lag_ms.raised_to_acknowledged)],
    ["CPU per box", `${(box.cpu_core_fraction * 100).toFixed(4)} % of a core (process ${report.process.cpu_s} s on ${report.process.cores} cores)`],
    ["RSS per box", `${mib(box.rss_bytes)} (${mib(box.rss_added_bytes)} added by the boxes; process ${mib(report.process.rss_bytes)})`],
    ["heap per box", mib(box.heap_bytes)],
    ["array buffers per box", mib(box.array_buffer_bytes)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join("\n");
}
