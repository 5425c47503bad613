/**
 * Reads a sensor trace (../shared/spec/trace-format.md §2) into frames. The whole file is
 * checked before anything runs, so a bad trace never yields a partial result: the first
 * problem is one InputError naming the file, line and column (see also trace-file.ts).
 */
import { InputError } from "../config/input-error.ts";
import type { FittedSensors, SensorFrame } from "../frame.ts";

const accelerationColumns = ["ax", "ay", "az"] as const;
const binaryColumns = ["door_closed", "door_zone", "occupied", "alarm", "mains", "inspection"] as const;
const knownColumns = new Set<string>(["t", ...accelerationColumns, "pressure", ...binaryColumns]);

/** What a trace says before its rows: its metadata lines and its columns. */
export interface TraceHeader {
  metadata: Record<string, { value: string; line: number }>;
  columns: string[];
}

export interface Trace extends TraceHeader {
  frames: SensorFrame[];
  fitted: FittedSensors;
}

export function parseTrace(text: string, file: string): Trace {
  const reader = new TraceReader(file);
  const frames: SensorFrame[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const frame = reader.line(lines[index], index + 1);
    if (frame) frames.push(frame);
  }
  return { ...reader.end(), frames };
}

/**
 * A trace read a line at a time (1-based line numbers, in order): the metadata, the header,
 * then each row as a frame. What the whole trace says of its sensors (`end`) is gathered on
 * the way, so a trace too long to hold (a day at 400 Hz is 1.6 GB) can be read without its frames.
 */
export class TraceReader {
  private readonly metadata: TraceHeader["metadata"] = {};
  private columns?: string[];
  private headerLine = 0;
  private column: Record<string, number> = {};
  private hasAcceleration = false;
  private readonly held = { ax: 0, ay: 0, az: 0 };
  private previousT = -Infinity;
  private rows = 0;
  /** the accelerometer's rate, from its frames' times */
  private readonly rate = new MedianInterval();
  private readonly units = new AccelerationUnits();

  constructor(private readonly file: string) {}

  /** One line: its frame, or undefined for metadata, the header and blank lines. */
  line(raw: string, lineNumber: number): SensorFrame | undefined {
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (this.columns === undefined) {
      if (line.trim() !== "" && !line.startsWith("#")) this.header(line, lineNumber);
      else {
        const match = /^#\s*([A-Za-z0-9_]+)\s*:\s*(.*)$/.exec(line);
        if (match) this.metadata[match[1]] = { value: match[2].trim(), line: lineNumber };
      }
      return undefined;
    }
    if (line.trim() === "") return undefined;
    // Said as what it is: it had read as a row of 1 cell (a field engineer's).
    if (line.startsWith("#")) this.fail(lineNumber, `a metadata line after the header row (expected every "# key: value" line before it)`);
    const frame = this.row(line, lineNumber, this.columns);
    this.rows++;
    if (frame.acceleration) {
      this.rate.add(frame.t);
      this.units.add(frame.acceleration);
    }
    return frame;
  }

  /** After the last line: the header and what the trace's columns and rows say of its sensors. */
  end(): TraceHeader & { fitted: FittedSensors } {
    const columns = this.columns;
    if (columns === undefined) throw new InputError(`${this.file}: no header row (expected a line of column names starting with "t")`);
    if (this.rows === 0) this.fail(this.headerLine, "no sample rows after the header");
    const unit = this.units.mistaken();
    if (unit) this.fail(this.headerLine, `the accelerometer's readings are about ${unit.gravity} at rest: in ${unit.name}, where a trace's are in m/s² (gravity included, about 9.81)`);
    return { metadata: this.metadata, columns, fitted: fittedFrom(columns, this.rate.rateHz()) };
  }

  private fail(line: number, message: string): never {
    throw new InputError(`${this.file}:${line}: ${message}`);
  }

  private header(line: string, lineNumber: number): void {
    const columns = line.split(",").map((name) => name.trim());
    columns.forEach((name, position) => {
      if (!knownColumns.has(name)) this.fail(lineNumber, `unknown column "${name}" (expected: ${[...knownColumns].join(", ")})`);
      if (columns.indexOf(name) !== position) this.fail(lineNumber, `column "${name}" appears twice`);
    });
    if (!columns.includes("t")) this.fail(lineNumber, `no "t" column (time in seconds is required)`);
    this.columns = columns;
    this.headerLine = lineNumber;
    this.column = Object.fromEntries(columns.map((name, position) => [name, position]));
    this.hasAcceleration = accelerationColumns.some((name) => name in this.column);
    // An axis not yet read is no reading of 0: frames wait until every logged axis has one.
    for (const axis of accelerationColumns) this.held[axis] = axis in this.column ? NaN : 0;
  }

  private row(raw: string, lineNumber: number, columns: string[]): SensorFrame {
    const column = this.column;
    const held = this.held;
    const cells = raw.split(",");
    if (cells.length !== columns.length) this.fail(lineNumber, `${cells.length} cells, expected ${columns.length} (${columns.join(",")})`);
    const number = (name: string): number | undefined => {
      const cell = cells[column[name]]?.trim();
      if (cell === undefined || cell === "") return undefined;
      const value = Number(cell);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell) || !Number.isFinite(value)) {
        this.fail(lineNumber, `column "${name}": "${cell}" is not a number`);
      }
      return value;
    };

    const t = number("t");
    if (t === undefined) this.fail(lineNumber, `column "t" is empty (every row needs a time)`);
    if (t < this.previousT) this.fail(lineNumber, `t goes backwards (${t} s after ${this.previousT} s)`);
    this.previousT = t;
    let acceleration: SensorFrame["acceleration"];
    if (this.hasAcceleration) {
      let fresh = false;
      for (const axis of accelerationColumns) {
        const value = axis in column ? number(axis) : undefined;
        if (value !== undefined) {
          held[axis] = value;
          fresh = true;
        }
      }
      if (fresh && !Number.isNaN(held.ax + held.ay + held.az)) acceleration = { x: held.ax, y: held.ay, z: held.az };
    }
    let pressure: number | undefined;
    if ("pressure" in column) {
      pressure = number("pressure");
      if (pressure !== undefined && pressure <= 0) this.fail(lineNumber, `column "pressure": ${pressure} Pa is not a pressure (expected > 0)`);
    }
    const inputs: Pick<SensorFrame, (typeof binaryColumns)[number]> = {};
    let readings = pressure !== undefined;
    for (const name of binaryColumns) {
      if (!(name in column)) continue;
      const value = number(name);
      if (value === undefined) continue;
      if (value !== 0 && value !== 1) this.fail(lineNumber, `column "${name}": ${value} (expected 0 or 1)`);
      inputs[name] = value === 1;
      readings = true;
    }
    // Two shapes of frame, not one per set of columns present: the pipeline reads every field
    // of every frame, and a load that meets more than four shapes is a slow (megamorphic) one.
    return readings
      ? { t, acceleration, pressure, door_closed: inputs.door_closed, door_zone: inputs.door_zone, occupied: inputs.occupied, alarm: inputs.alarm, mains: inputs.mains, inspection: inputs.inspection }
      : { t, acceleration };
  }
}

function fittedFrom(columns: string[], accelerometerHz: number): FittedSensors {
  const has = (name: string) => columns.includes(name);
  return {
    accelerometer: accelerationColumns.some(has),
    accelerometerHz,
    barometer: has("pressure"),
    door_closed: has("door_closed"),
    door_zone: has("door_zone"),
    occupied: has("occupied"),
    alarm: has("alarm"),
    mains: has("mains"),
    inspection: has("inspection"),
  };
}

/**
 * Whether a trace's accelerations were written in g or mg rather than m/s²: most readings of a
 * car, moving or not, are near gravity, and a trace in m/s² has some there (at rest, if ever).
 * A field engineer's trace in g lost every trip, silently (read as 1 m/s², gravity is a tenth of
 * itself). A phone's high-passed readings (gravity taken out) stay near 0; a drop test in m/s²
 * whose fall at 0.1 g fills most of it still has its rest near 9.81 (a review helper's).
 */
class AccelerationUnits {
  private readings = 0;
  private nearGravity = 0;
  private inG = 0;
  private inMilliG = 0;

  add({ x, y, z }: { x: number; y: number; z: number }): void {
    const magnitude = Math.sqrt(x * x + y * y + z * z);
    this.readings++;
    if (magnitude >= 5 && magnitude <= 20) this.nearGravity++;
    else if (magnitude >= 0.8 && magnitude <= 1.25) this.inG++;
    else if (magnitude >= 800 && magnitude <= 1250) this.inMilliG++;
  }

  mistaken(): { name: string; gravity: string } | undefined {
    if (this.nearGravity > this.readings / 100) return undefined;
    if (this.inG > this.readings / 2) return { name: "g", gravity: "1" };
    if (this.inMilliG > this.readings / 2) return { name: "mg", gravity: "1000" };
    return undefined;
  }
}

/** Hz: no accelerometer samples faster; rows closer in time size the box's buffers as this (a step of 1e-320 s is an infinite rate) */
const FASTEST_RATE_HZ = 1e6;

/**
 * Typical rate of an irregular series: 1 / its median interval. The intervals are counted by
 * value, not kept: a recording's steps take few distinct values however long it runs.
 */
class MedianInterval {
  private readonly counts = new Map<number, number>();
  private intervals = 0;
  private lastT = NaN;

  add(t: number): void {
    if (t > this.lastT) {
      const interval = t - this.lastT;
      this.counts.set(interval, (this.counts.get(interval) ?? 0) + 1);
      this.intervals++;
    }
    this.lastT = t;
  }

  rateHz(): number {
    if (this.intervals === 0) return 0;
    const middle = Math.floor(this.intervals / 2);
    let below = 0;
    for (const interval of [...this.counts.keys()].sort((a, b) => a - b)) {
      below += this.counts.get(interval)!;
      if (below > middle) return Math.min(1 / interval, FASTEST_RATE_HZ);
    }
    return 0;
  }
}
