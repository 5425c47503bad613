/**
 * The last trip's profile for the page: the car-frame vertical acceleration the pipeline
 * worked from (Device.listenMotion), kept for the last few minutes only while the page runs,
 * cut to the trip when its record arrives and integrated to speed and position as the
 * ride-quality report does (quality/trip-profile.ts). The SVG is rendered on first request.
 */
import type { DetectionRecord } from "../frame.ts";
import type { MotionSample } from "../pipeline.ts";
import type { RideQuality } from "../quality/ride-metrics.ts";
import { tripProfile } from "../quality/trip-profile.ts";
import type { Subscribe } from "./live-feed.ts";
import { addListener } from "../../hal/io/listeners.ts";

/** Rest shown either side of the trip. */
const MARGIN_S = 1;

export interface TripSummary {
  /** 1 for the first trip the page saw */
  number: number;
  /** s, the box's monotonic time */
  start: number;
  end: number;
  direction: string;
  from_landing?: number;
  to_landing?: number;
  distance_m?: number;
  max_speed_mps?: number;
  ride_quality?: Partial<RideQuality>;
}

interface Trip {
  summary: TripSummary;
  samples: MotionSample[];
  svg?: Promise<string>;
}

export class LastTripRecorder {
  private history: MotionSample[] = [];
  private trip?: Trip;
  private count = 0;
  private readonly stops: (() => void)[];
  private readonly tripListeners = new Set<(summary: TripSummary) => void>();

  constructor(
    motion: Subscribe<MotionSample>,
    records: Subscribe<DetectionRecord>,
    private readonly landingsM: number[],
    /** s of samples kept: a longer trip's plot starts late */
    private readonly historyS = 180,
  ) {
    this.stops = [motion((sample) => this.sample(sample)), records((record) => record.type === "trip" && this.tripEnded(record))];
  }

  last(): TripSummary | undefined {
    return this.trip?.summary;
  }

  onTrip(listener: (summary: TripSummary) => void): () => void {
    return addListener(this.tripListeners, listener);
  }

  /** The last trip's acceleration, speed and position against time as SVG (undefined: no trip yet). */
  svg(): Promise<string> | undefined {
    const trip = this.trip;
    if (!trip) return undefined;
    // Rendered once the rest after the trip has been recorded (or on the first request after).
    trip.svg ??= this.render(trip);
    return trip.svg;
  }

  close(): void {
    for (const stop of this.stops) stop();
  }

  private sample(sample: MotionSample): void {
    this.history.push(sample);
    // Trimmed in chunks, not per sample: an array shift per sample would cost at 400 Hz.
    if (this.history.length % 1024 === 0 && this.history[0].t < sample.t - this.historyS) {
      this.history = this.history.filter((kept) => kept.t >= sample.t - this.historyS);
    }
    const trip = this.trip;
    if (trip && trip.svg === undefined && sample.t <= trip.summary.end + MARGIN_S) trip.samples.push(sample);
  }

  private tripEnded(record: DetectionRecord): void {
    const start = Number(record.start);
    const end = Number(record.end);
    if (!Number.isFinite(start) || !Number.isFinite(end)) return;
    const summary: TripSummary = {
      number: ++this.count,
      start,
      end,
      direction: String(record.direction),
      from_landing: record.from_landing as number | undefined,
      to_landing: record.to_landing as number | undefined,
      distance_m: record.distance_m as number | undefined,
      max_speed_mps: record.max_speed_mps as number | undefined,
      ride_quality: record.ride_quality as Partial<RideQuality> | undefined,
    };
    this.trip = { summary, samples: this.history.filter((sample) => sample.t >= start - MARGIN_S) };
    for (const listener of this.tripListeners) listener(summary);
  }

  private async render(trip: Trip): Promise<string> {
    const { summary } = trip;
    const startHeightM = summary.from_landing !== undefined ? this.landingsM[summary.from_landing] : undefined;
    const points = tripProfile(trip.samples, summary.start, summary.end, MARGIN_S, startHeightM);
    const positionLabel = startHeightM !== undefined ? "position above the lowest landing (m)" : "position from the trip's start (m)";
    const landings = summary.from_landing === undefined && summary.to_landing === undefined ? "" : `, landings ${summary.from_landing ?? "?"}→${summary.to_landing ?? "?"}`;
    const title = `trip ${summary.number}: ${summary.direction}${landings}, ${summary.distance_m ?? "?"} m`;
    // Vega is loaded on the first plot asked for, not at the box's start.
    const { renderPlot, tripProfileSpec } = await import("../quality/plots.ts");
    return String(await renderPlot(tripProfileSpec(title, points, positionLabel), "svg"));
  }
}
