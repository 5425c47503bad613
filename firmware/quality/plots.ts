/**
 * The report's charts as Vega-Lite specs, rendered headless by Vega: SVG needs nothing
 * native; PNG needs the optional `canvas` package (a native build), so it is only tried
 * when asked for. Vega and Vega-Lite load at the first render: they take most of a second,
 * which every command's start-up would pay otherwise.
 */
import type { TopLevelSpec } from "vega-lite";
import { InputError } from "../config/input-error.ts";
import type { ProfilePoint } from "./trip-profile.ts";

export type PlotFormat = "svg" | "png";

const WIDTH = 640;
const PANEL_HEIGHT = 150;

/** Acceleration, speed and position against time since the trip's start, one panel each. */
export function tripProfileSpec(title: string, points: ProfilePoint[], positionLabel: string): TopLevelSpec {
  const panel = (field: string, label: string) => ({
    width: WIDTH,
    height: PANEL_HEIGHT,
    title: label,
    mark: { type: "line" as const, interpolate: "linear" as const },
    encoding: {
      x: { field: "time_s", type: "quantitative" as const, title: "time since the trip started (s)" },
      y: { field, type: "quantitative" as const, title: label, scale: { zero: false } },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values: points },
    vconcat: [panel("acceleration_mps2", "vertical acceleration (m/s²)"), panel("speed_mps", "speed (m/s)"), panel("position_m", positionLabel)],
  };
}

export interface TripMetricsPoint {
  trip: number;
  metric: string;
  value: number;
}

/** Each ISO 18738 metric across the trips: m/s² metrics in one panel, jerk in another. */
export function metricsOverTripsSpec(title: string, points: TripMetricsPoint[]): TopLevelSpec {
  const panel = (filter: string, label: string) => ({
    width: WIDTH,
    height: 200,
    title: label,
    transform: [{ filter }],
    mark: { type: "line" as const, point: true },
    encoding: {
      x: { field: "trip", type: "quantitative" as const, title: "trip", axis: { tickMinStep: 1 } },
      y: { field: "value", type: "quantitative" as const, title: label },
      color: { field: "metric", type: "nominal" as const, title: "metric" },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values: points },
    vconcat: [panel("datum.metric !== 'max jerk'", "acceleration and vibration (m/s²)"), panel("datum.metric === 'max jerk'", "max jerk (m/s³)")],
    resolve: { scale: { color: "independent" } },
  };
}

/** The chart as file contents in `format`. */
export async function renderPlot(spec: TopLevelSpec, format: PlotFormat): Promise<string | Buffer> {
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    if (format === "svg") return await view.toSVG();
    await requireCanvas();
    const canvas = (await view.toCanvas(2)) as unknown as { toBuffer(type: string): Buffer };
    return canvas.toBuffer("image/png");
  } finally {
    view.finalize();
  }
}

async function requireCanvas(): Promise<void> {
  try {
    // A variable name keeps the type checker from asking for a package that is optional.
    const name = "canvas";
    await import(name);
  } catch {
    throw new InputError(`--format png: needs the optional native package "canvas" (npm install canvas); --format svg needs nothing`);
  }
}
