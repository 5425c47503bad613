/**
 * The configuration's `sensors.*` flags: a part flagged not fitted is left out whatever the
 * board wires or the trace records (a PIR the engineer knows is broken must not have its
 * floating pin judged: read as "vacant", it would hide an entrapment). A flag left true
 * fits nothing the board lacks.
 */
import type { Board } from "../../hal/boards/board-schema.ts";
import type { SensorSet } from "../../hal/sensors.ts";
import type { FittedSensors, SensorFrame } from "../frame.ts";
import type { Config } from "./schema.ts";

/** Each flag, with the part it stands for in a sensor set and in a frame. */
const flagged = [
  { flag: "accelerometer", part: "accelerometer", column: "acceleration", fitted: "accelerometer", input: undefined },
  { flag: "door_contact", part: "doorClosed", column: "door_closed", fitted: "door_closed", input: "door_contact" },
  { flag: "door_zone", part: "doorZone", column: "door_zone", fitted: "door_zone", input: "door_zone" },
  { flag: "presence", part: "occupied", column: "occupied", fitted: "occupied", input: "presence" },
] as const satisfies { flag: keyof Config["sensors"]; part: keyof SensorSet; column: keyof SensorFrame; fitted: keyof FittedSensors; input: keyof Board["inputs"] | undefined }[];

const unflagged = (flags: Config["sensors"]) => flagged.filter(({ flag }) => !flags[flag]);

/** Parts that failed to open less those flagged not fitted: a part the engineer left out is no fault of the box. */
export function flaggedFailures<Failure extends { sensor: string }>(failures: readonly Failure[], flags: Config["sensors"]): Failure[] {
  const left = new Set<string>(unflagged(flags).map(({ fitted }) => fitted));
  return failures.filter(({ sensor }) => !left.has(sensor));
}

/** The board less the parts flagged not fitted: they are not opened (a broken part's pin or chip is left alone). */
export function flaggedBoard(board: Board, flags: Config["sensors"]): Board {
  const left = unflagged(flags);
  if (left.length === 0) return board;
  const inputs = { ...board.inputs };
  for (const { input } of left) if (input) delete inputs[input];
  return { ...board, inputs, ...(left.some(({ flag }) => flag === "accelerometer") ? { accelerometer: undefined } : {}) };
}

/** The box's sensors less those flagged not fitted. */
export function flaggedSensors(sensors: SensorSet, flags: Config["sensors"]): SensorSet {
  const kept = { ...sensors };
  for (const { part } of unflagged(flags)) delete kept[part];
  return kept;
}

/** A trace's fitted sensors and frames less those flagged not fitted (the frames as they are where nothing is). */
export function flaggedTrace(fitted: FittedSensors, frames: Iterable<SensorFrame>, flags: Config["sensors"]): { fitted: FittedSensors; frames: Iterable<SensorFrame> } {
  const left = unflagged(flags).filter(({ fitted: key }) => fitted[key]);
  if (left.length === 0) return { fitted, frames };
  const masked = { ...fitted };
  for (const { fitted: key } of left) masked[key] = false;
  // Every frame still goes, its time too: the box's timers run on it.
  return {
    fitted: masked,
    frames: (function* () {
      for (const frame of frames) {
        const kept = { ...frame };
        for (const { column } of left) delete kept[column];
        yield kept;
      }
    })(),
  };
}
