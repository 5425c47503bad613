/**
 * Reads a sensor trace (../shared/spec/trace-format.md §2) into frames. The whole file is
 * checked before anything runs, so a bad trace never yields a partial result: the first
 * problem is one InputError naming the file, line and column.
 */
import { InputError } from "../config/input-error.ts";
import type { FittedSensors, SensorFrame } from "../frame.ts";

const accelerationColumns = ["ax", "ay", "az"] as const;
const binaryColumns = ["door_closed", "door_zone", "occupied", "alarm", "mains", "inspection"] as const;
const knownColumns = new Set<string>(["t", ...accelerationColumns, "pressure", ...binaryColumns]);

export interface Trace {
  metadata: Record<string, { value: string; line: number }>;
  columns: string[];
  frames: SensorFrame[];
  fitted: FittedSensors;
}

export function parseTrace(text: string, file: string): Trace {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const metadata: Trace["metadata"] = {};
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === "") continue;
    if (!line.startsWith("#")) break;
    const match = /^#\s*([A-Za-z0-9_]+)\s*:\s*(.*)$/.exec(line);
    if (match) metadata[match[1]] = { value: match[2].trim(), line: index + 1 };
  }
  if (index >= lines.length) throw new InputError(`${file}: no header row (expected a line of column names starting with "t")`);

  const headerLine = index + 1;
  const columns = lines[index].split(",").map((name) => name.trim());
  const fail = (line: number, message: string): never => {
    throw new InputError(`${file}:${line}: ${message}`);
  };
  columns.forEach((name, position) => {
    if (!knownColumns.has(name)) fail(headerLine, `unknown column "${name}" (expected: ${[...knownColumns].join(", ")})`);
    if (columns.indexOf(name) !== position) fail(headerLine, `column "${name}" appears twice`);
  });
  if (!columns.includes("t")) fail(headerLine, `no "t" column (time in seconds is required)`);

  const column = Object.fromEntries(columns.map((name, position) => [name, position])) as Record<string, number>;
  const hasAcceleration = accelerationColumns.some((name) => name in column);
  const held = { ax: 0, ay: 0, az: 0 };
  const frames: SensorFrame[] = [];
  let previousT = -Infinity;

  for (index += 1; index < lines.length; index++) {
    const raw = lines[index];
    if (raw.trim() === "") continue;
    const lineNumber = index + 1;
    const cells = raw.split(",");
    if (cells.length !== columns.length) fail(lineNumber, `${cells.length} cells, expected ${columns.length} (${columns.join(",")})`);
    const number = (name: string): number | undefined => {
      const cell = cells[column[name]]?.trim();
      if (cell === undefined || cell === "") return undefined;
      const value = Number(cell);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell) || !Number.isFinite(value)) {
        fail(lineNumber, `column "${name}": "${cell}" is not a number`);
      }
      return value;
    };

    const t = number("t");
    if (t === undefined) fail(lineNumber, `column "t" is empty (every row needs a time)`);
    if (t! < previousT) fail(lineNumber, `t goes backwards (${t} s after ${previousT} s)`);
    previousT = t!;
    let acceleration: SensorFrame["acceleration"];
    if (hasAcceleration) {
      let fresh = false;
      for (const axis of accelerationColumns) {
        const value = axis in column ? number(axis) : undefined;
        if (value !== undefined) {
          held[axis] = value;
          fresh = true;
        }
      }
      if (fresh) acceleration = { x: held.ax, y: held.ay, z: held.az };
    }
    let pressure: number | undefined;
    if ("pressure" in column) {
      pressure = number("pressure");
      if (pressure !== undefined && pressure <= 0) fail(lineNumber, `column "pressure": ${pressure} Pa is not a pressure (expected > 0)`);
    }
    const inputs: Pick<SensorFrame, (typeof binaryColumns)[number]> = {};
    let readings = pressure !== undefined;
    for (const name of binaryColumns) {
      if (!(name in column)) continue;
      const value = number(name);
      if (value === undefined) continue;
      if (value !== 0 && value !== 1) fail(lineNumber, `column "${name}": ${value} (expected 0 or 1)`);
      inputs[name] = value === 1;
      readings = true;
    }
    // Two shapes of frame, not one per set of columns present: the pipeline reads every field
    // of every frame, and a load that meets more than four shapes is a slow (megamorphic) one.
    const frame: SensorFrame = readings
      ? { t: t!, acceleration, pressure, door_closed: inputs.door_closed, door_zone: inputs.door_zone, occupied: inputs.occupied, alarm: inputs.alarm, mains: inputs.mains, inspection: inputs.inspection }
      : { t: t!, acceleration };
    frames.push(frame);
  }
  if (frames.length === 0) fail(headerLine, "no sample rows after the header");

  return { metadata, columns, frames, fitted: fittedFrom(columns, frames) };
}

function fittedFrom(columns: string[], frames: SensorFrame[]): FittedSensors {
  const has = (name: string) => columns.includes(name);
  return {
    accelerometer: accelerationColumns.some(has),
    accelerometerHz: measuredRate(frames.filter((frame) => frame.acceleration).map((frame) => frame.t)),
    barometer: has("pressure"),
    door_closed: has("door_closed"),
    door_zone: has("door_zone"),
    occupied: has("occupied"),
    alarm: has("alarm"),
    mains: has("mains"),
    inspection: has("inspection"),
  };
}

/** Typical rate of an irregular series: 1 / median interval. */
function measuredRate(times: number[]): number {
  const intervals: number[] = [];
  for (let index = 1; index < times.length; index++) if (times[index] > times[index - 1]) intervals.push(times[index] - times[index - 1]);
  if (intervals.length === 0) return 0;
  intervals.sort((a, b) => a - b);
  return 1 / intervals[Math.floor(intervals.length / 2)];
}
