/**
 * Writes what a simulated box's sensors read during a scenario as a trace in the replay
 * contract (../shared/spec/trace-format.md), so recorded and simulated rides go through the
 * same door: `liftwatch replay`.
 */
import { HalError } from "../hal/io/hal-error.ts";
import { binaryInputColumns, type SensorSet } from "../hal/sensors.ts";
import { VirtualClock } from "./clock.ts";
import { SimulatedLift } from "./lift.ts";
import { SeededRandom } from "./random.ts";
import type { Scenario } from "./scenario.ts";
import { simulatedHardware } from "./simulated-board.ts";

const POLL_MS = 20;

export function scenarioTrace(scenario: Scenario, seed = scenario.seed): string {
  return collected((write) => writeScenarioTrace(scenario, seed, write));
}

/** The trace written a piece at a time as the scenario runs (a day at 400 Hz is 1.6 GB). */
export function writeScenarioTrace(scenario: Scenario, seed: number, write: (text: string) => void): void {
  const clock = new VirtualClock();
  const random = new SeededRandom(seed);
  const lift = new SimulatedLift(scenario, clock, random);
  const { sensors } = simulatedHardware(scenario, lift, clock, random);
  lift.start();
  const metadata = [
    `source: liftwatch simulator, scenario ${scenario.name}, seed ${seed}`,
    `rated_speed_mps: ${scenario.lift.rated_speed_mps}`,
    `landings_m: ${scenario.building.landings_m.join(",")}`,
    `start_landing: ${scenario.lift.start_landing}`,
    `door_zone_half_m: ${scenario.building.door_zone_half_m}`,
    ...(sensors.accelerometer ? [`sample_rate_hz: ${scenario.box.accelerometer_hz}`] : []),
  ];
  writeSensorTrace(sensors, clock, scenario.duration_s, metadata, write);
}

function collected(produce: (write: (text: string) => void) => void): string {
  const pieces: string[] = [];
  produce((text) => pieces.push(text));
  return pieces.join("");
}

/** The trace's time resolution: t is written to 10 µs. */
const TICKS_PER_S = 1e5;
/**
 * s: rows are written once the polls are this far past them. They arrive at most a debounce,
 * a bounce or a FIFO's backlog (tens of ms) out of order; a row later than this is an error.
 */
const ROWS_SETTLE_S = 60;
/** s: how often the settled rows are written */
const WRITE_EVERY_S = 10;

/** A reading column: how it is read, how much it lags its wire, and what was last written. */
interface ReadingColumn {
  name: string;
  lagS: number;
  /** the cell, or undefined where the sensor gave no number */
  read: () => string | undefined;
  /** the driver's time (s) for the edge behind the value read (NaN: none) */
  changedAt: () => number;
  lastCell?: string;
  lastTick: number;
}

/**
 * Polls `sensors` every 20 ms of `clock` for `durationS` and writes the trace: a row per
 * accelerometer sample, and the other readings once per poll. A trace's row is the state at
 * its t (trace-format.md §2), but a debounced input's reading follows its wire by the
 * debounce (`DigitalInput.lagS`), so each reading is written at the poll less its lag, on a
 * row of its own with the readings that lag as much. (On the nearest sample row instead, it
 * would move by whole sample spacings: a chip's samples keep their phase to the polls, so that
 * rounding does not average out.) A change whose edge the driver timed is written at that
 * edge, the old value 10 µs before it: a replay then dates it where the live box does.
 */
export function sensorTrace(sensors: SensorSet, clock: VirtualClock, durationS: number, metadata: string[]): string {
  return collected((write) => writeSensorTrace(sensors, clock, durationS, metadata, write));
}

/** sensorTrace, handed to `write` a piece at a time. */
function writeSensorTrace(sensors: SensorSet, clock: VirtualClock, durationS: number, metadata: string[], write: (text: string) => void): void {
  // A column per fitted sensor (trace-format.md §2.1: an absent column means "not fitted").
  const columns: ReadingColumn[] = [];
  const barometer = sensors.barometer;
  if (barometer) columns.push({ name: "pressure", lagS: 0, read: () => finiteCell(barometer.sample().pressure, 2), changedAt: () => NaN, lastTick: -Infinity });
  for (const [name, key] of Object.entries(binaryInputColumns)) {
    const input = sensors[key];
    if (input) columns.push({ name, lagS: input.lagS ?? 0, read: () => (input.read() ? "1" : "0"), changedAt: () => input.changedAt ?? NaN, lastTick: -Infinity });
  }
  const lags = [...new Set(columns.map(({ lagS }) => lagS))];
  const accelerometer = sensors.accelerometer;
  const noAcceleration = accelerometer ? ",,,," : ",";
  const header = ["t", ...(accelerometer ? ["ax", "ay", "az"] : []), ...columns.map(({ name }) => name)].join(",");
  write([...metadata.map((line) => `# ${line}\n`), `${header}\n`].join(""));
  const rows = new OrderedRows(write);
  const readingRow = (tick: number, cells: string[]) => rows.add(tick / TICKS_PER_S, (tick / TICKS_PER_S).toFixed(5) + noAcceleration + cells.join(","));
  for (let now = POLL_MS; now <= durationS * 1000; now += POLL_MS) {
    clock.advanceTo(now);
    const empty = columns.map(() => "");
    for (const sample of (accelerometer && unlessFailed(() => accelerometer.sample())) ?? []) {
      rows.add(sample.t, [sample.t.toFixed(5), sample.x.toFixed(4), sample.y.toFixed(4), sample.z.toFixed(4), ...empty].join(","));
    }
    for (const lagS of lags) {
      // No earlier than the trace's start: a lag longer than the first polls only repeats its first state there.
      const tick = Math.max(0, Math.round((now / 1000 - lagS) * TICKS_PER_S));
      const cells = [...empty];
      columns.forEach((column, position) => {
        if (column.lagS !== lagS) return;
        const cell = unlessFailed(column.read);
        if (cell === undefined) return;
        // The first tick at or after the edge (less a hair, so that a whole tick's float error does not skip one).
        const timedTick = column.lastCell !== undefined && cell !== column.lastCell ? Math.ceil(column.changedAt() * TICKS_PER_S - 1e-6) : NaN;
        // The old value just before the edge, the new at it; after the column's last row, which a
        // contact bouncing across it may have outlasted (by its bounce). NaN compares false.
        const edgeTick = Math.max(timedTick, column.lastTick + 2);
        if (edgeTick <= (now / 1000) * TICKS_PER_S) {
          const before = [...empty];
          before[position] = column.lastCell!;
          readingRow(edgeTick - 1, before);
          const after = [...empty];
          after[position] = cell;
          readingRow(edgeTick, after);
          column.lastTick = edgeTick;
        } else {
          cells[position] = cell;
          column.lastTick = tick;
        }
        column.lastCell = cell;
      });
      if (cells.some((cell) => cell !== "")) readingRow(tick, cells);
    }
    if (now % (WRITE_EVERY_S * 1000) === 0) rows.writeBefore(now / 1000 - ROWS_SETTLE_S);
  }
  rows.writeBefore(Infinity);
}

/** A number as the trace writes it; none where it is not one (a chip mid-reset). */
function finiteCell(value: number, digits: number): string | undefined {
  return Number.isFinite(value) ? value.toFixed(digits) : undefined;
}

/**
 * A read that fails (a bus fault, a chip gone) is a reading the box did not get: the trace has
 * no cell for it, as the box had no value (it reports the fault; a trace cannot say so).
 */
function unlessFailed<Reading>(read: () => Reading): Reading | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof HalError) return undefined;
    throw error;
  }
}

/**
 * The trace's rows in time order. They arrive nearly so: a poll's samples, its readings
 * dated up to their lag earlier, an edge up to its debounce and bounce earlier, and after a
 * gap in the accelerometer's data its FIFO's backlog, dated back from the read that drained
 * it (up to a FIFO's depth of samples). Each is put after every row not later than it, so
 * rows of the same t keep their arrival order; rows are written once none can come before them.
 */
class OrderedRows {
  private readonly times: number[] = [];
  private readonly lines: string[] = [];
  /** s: every row before this has been written */
  private writtenBefore = -Infinity;

  constructor(private readonly write: (text: string) => void) {}

  add(t: number, line: string): void {
    if (t < this.writtenBefore) throw new Error(`trace row at ${t} s came after the rows before ${this.writtenBefore} s were written`);
    let at = this.times.length;
    while (at > 0 && this.times[at - 1] > t) at--;
    if (at === this.times.length) {
      this.times.push(t);
      this.lines.push(line);
    } else {
      this.times.splice(at, 0, t);
      this.lines.splice(at, 0, line);
    }
  }

  /** Writes (and forgets) the rows before `t`. */
  writeBefore(t: number): void {
    let count = 0;
    while (count < this.times.length && this.times[count] < t) count++;
    if (count > 0) this.write(this.lines.slice(0, count).join("\n") + "\n");
    this.times.splice(0, count);
    this.lines.splice(0, count);
    this.writtenBefore = Math.max(this.writtenBefore, t);
  }
}
