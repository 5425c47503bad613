/**
 * `liftwatch report ride-quality <trace.csv | journal.db> [--out dir] [--format svg|png]`.
 * A trace is replayed through the detection pipeline: the table comes from its trip records
 * and each trip's plot from the car-frame vertical acceleration the pipeline worked from (a
 * second replay keeps each trip's), integrated to speed and position (trip-profile.ts). A
 * journal holds trip records only: the table, and the metrics across trips. Everything is
 * computed and rendered before the first file is written.
 */
import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { InputError } from "../../firmware/config/input-error.ts";
import { loadConfig } from "../../firmware/config/load.ts";
import type { Config } from "../../firmware/config/schema.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import type { MotionSample } from "../../firmware/pipeline.ts";
import { configFromMetadata, replayFrames } from "../../firmware/replay/replay.ts";
import { readTraceFile, type TraceFile } from "../../firmware/replay/trace-file.ts";
import { writeFileAtomically } from "../output.ts";
import { looksLikeSqlite, readJournal } from "./journal-reader.ts";
import type { TopLevelSpec } from "vega-lite";
import { metricsOverTripsSpec, renderPlot, tripProfileSpec, type PlotFormat } from "../../firmware/quality/plots.ts";
import { tripProfile } from "../../firmware/quality/trip-profile.ts";
import { formatTripTable, landingsOf, metricsPoints, type TripRow } from "./trip-table.ts";

export interface RideQualityOptions {
  out?: string;
  format?: string;
  config?: string;
}

/** Samples shown either side of a trip, so its start and stop are seen from rest. */
const MARGIN_S = 1;

interface Plot {
  /** file name without extension */
  name: string;
  /** made when it is rendered, so that one trip's points at a time are held, not every trip's */
  spec: () => TopLevelSpec;
}

export async function rideQualityCommand(input: string, options: RideQualityOptions): Promise<void> {
  const format = plotFormat(options.format);
  const outDir = options.out ?? `${basename(input).replace(/\.[^.]*$/, "")}-ride-quality`;
  const report = looksLikeSqlite(input) ? fromJournal(input) : fromTrace(input, options.config);
  const plots = [...report.plots];
  if (report.rows.length > 0) {
    plots.push({ name: "metrics-over-trips", spec: () => metricsOverTripsSpec(`${basename(input)}: ride quality across trips`, metricsPoints(report.rows)) });
  }
  const rendered = [];
  for (const plot of plots) rendered.push({ file: join(outDir, `${plot.name}.${format}`), contents: await renderPlot(plot.spec(), format) });

  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new InputError(`--out ${outDir}: cannot make the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  for (const { file, contents } of rendered) writeFileAtomically(file, contents);
  process.stdout.write(`${report.heading}\n${formatTripTable(report.rows, report.startUnit)}`);
  for (const note of report.notes) process.stdout.write(`${note}\n`);
  process.stdout.write(rendered.length > 0 ? `plots: ${rendered.map(({ file }) => file).join(", ")}\n` : "no trips: no plots\n");
}

function plotFormat(value: string | undefined): PlotFormat {
  if (value === undefined || value === "svg" || value === "png") return value ?? "svg";
  throw new InputError(`--format: "${value}" (expected svg or png)`);
}

interface Report {
  heading: string;
  startUnit: string;
  rows: TripRow[];
  plots: Plot[];
  notes: string[];
}

function fromTrace(file: string, configFile: string | undefined): Report {
  const trace = readTraceFile(file);
  const config = configFile !== undefined ? loadConfig(configFile) : configFromMetadata(trace, file);
  const trips = replayFrames(trace.frames(), trace.fitted, config).filter((record) => record.type === "trip");
  const samples = tripSamples(trace, config, trips);
  const rows = trips.map((trip, index): TripRow => ({
    number: index + 1,
    start: (trip.start as number).toFixed(3),
    direction: String(trip.direction),
    from_landing: trip.from_landing as number | undefined,
    to_landing: trip.to_landing as number | undefined,
    distance_m: trip.distance_m as number,
    max_speed_mps: trip.max_speed_mps as number,
    ride_quality: trip.ride_quality as TripRow["ride_quality"],
  }));
  const plots = trips.map((trip, index) => tripPlot(trip, rows[index], samples[index], config.lift.landings_m));
  const notes = trace.fitted.accelerometer ? [] : ["the trace has no accelerometer columns: no ride-quality metrics or profiles"];
  return { heading: `${file}: ${rows.length} trip(s), replayed through the detection pipeline`, startUnit: "s", rows, plots, notes };
}

/**
 * The car-frame samples each trip's plot shows (the trip and MARGIN_S either side), from a
 * second replay: the same computation gives the same samples, and only these are kept, so a
 * day's trace (35 million samples at 400 Hz) is not held whole. Trips come in order and do
 * not overlap; their margins may.
 */
function tripSamples(trace: TraceFile, config: Config, trips: DetectionRecord[]): MotionSample[][] {
  const windows = trips.map((trip) => ({ from: (trip.start as number) - MARGIN_S, to: (trip.end as number) + MARGIN_S, samples: [] as MotionSample[] }));
  let first = 0;
  replayFrames(trace.frames(), trace.fitted, config, (sample) => {
    while (first < windows.length && sample.t > windows[first].to) first++;
    for (let index = first; index < windows.length && windows[index].from <= sample.t; index++) windows[index].samples.push(sample);
  });
  return windows.map((window) => window.samples);
}

function tripPlot(trip: DetectionRecord, row: TripRow, samples: MotionSample[], landingsM: number[]): Plot {
  const start = trip.start as number;
  const startHeightM = row.from_landing !== undefined ? landingsM[row.from_landing] : undefined;
  const positionLabel = startHeightM !== undefined ? "position above the lowest landing (m)" : "position from the trip's start (m)";
  const title = `trip ${row.number}: ${row.direction}, landings ${landingsOf(row)}, ${row.distance_m} m, from ${start.toFixed(2)} s`;
  return { name: `trip-${String(row.number).padStart(3, "0")}`, spec: () => tripProfileSpec(title, tripProfile(samples, start, trip.end as number, MARGIN_S, startHeightM), positionLabel) };
}

function fromJournal(file: string): Report {
  const journal = readJournal(file);
  const rows = journal.trips.map((trip, index): TripRow => ({
    number: index + 1,
    start: trip.start.wall,
    direction: trip.direction,
    from_landing: trip.from_landing,
    to_landing: trip.to_landing,
    distance_m: trip.distance_m,
    max_speed_mps: trip.max_speed_mps,
    ride_quality: trip.ride_quality as TripRow["ride_quality"],
  }));
  const notes = [
    "a journal keeps trip records, not samples: no per-trip profile plots (replay a trace for those)",
    "delivered trip records leave the journal first when storage runs short: older trips may be missing",
    ...(journal.shedTelemetry > 0 ? [`${journal.shedTelemetry} undelivered trip or status record(s) were shed for lack of storage`] : []),
  ];
  return { heading: `${file}: ${rows.length} trip(s) still in the journal`, startUnit: "UTC", rows, plots: [], notes };
}
