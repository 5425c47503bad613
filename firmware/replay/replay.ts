/**
 * Runs a trace through the detection pipeline on a virtual clock that follows the trace's
 * own time, so every delay and timing is the one a device would have had.
 */
import { VirtualClock } from "../../simulator/clock.ts";
import { InputError, located } from "../config/input-error.ts";
import { describeExpectation } from "../config/issue-words.ts";
import { valueAt } from "../config/settings-list.ts";
import { configSchema, type Config, type ConfigInput } from "../config/schema.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "../frame.ts";
import { DetectionPipeline, type MotionSample } from "../pipeline.ts";
import { flaggedTrace } from "../config/fitted-flags.ts";
import { landingOutOfOrder, zonesOverlap } from "../config/cross-checks.ts";
import type { Trace } from "./trace.ts";

/** Configuration from the trace's metadata lines; what they do not say takes the defaults. */
export function configFromMetadata(trace: Pick<Trace, "metadata">, file: string): Config {
  const lift: NonNullable<ConfigInput["lift"]> = {};
  const entry = trace.metadata;
  const number = (key: string): number | undefined => {
    if (!entry[key]) return undefined;
    const value = Number(entry[key].value);
    if (entry[key].value === "" || !Number.isFinite(value)) {
      throw new InputError(`${file}:${entry[key].line}: metadata ${key}: "${entry[key].value}" is not a number`);
    }
    return value;
  };
  if (entry.landings_m) {
    const heights = entry.landings_m.value.split(",").map((cell) => Number(cell.trim()));
    if (heights.some((height) => !Number.isFinite(height)) || entry.landings_m.value.trim() === "") {
      throw new InputError(`${file}:${entry.landings_m.line}: metadata landings_m: "${entry.landings_m.value}" is not a list of heights in m`);
    }
    // Bottom first (the contract): a shaft placed from landings out of order puts every stop at the wrong one.
    const outOfOrder = heights.map((_height, index) => landingOutOfOrder(heights, index)).find((problem) => problem !== undefined);
    if (outOfOrder) throw new InputError(`${file}:${entry.landings_m.line}: metadata landings_m: ${outOfOrder}`);
    lift.landings_m = heights;
  }
  lift.start_landing = number("start_landing");
  lift.rated_speed_mps = number("rated_speed_mps");
  lift.door_zone_half_m = number("door_zone_half_m");
  if (lift.landings_m && lift.start_landing !== undefined && lift.start_landing >= lift.landings_m.length) {
    throw new InputError(`${file}:${entry.start_landing.line}: metadata start_landing: ${lift.start_landing} is not one of the ${lift.landings_m.length} landings`);
  }
  const result = configSchema.safeParse({ lift: Object.fromEntries(Object.entries(lift).filter(([, value]) => value !== undefined)) });
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue.path.slice(1).join(".");
    const value = valueAt(lift, issue.path.slice(1).map(String));
    // A landing's issue is placed at the landings' line.
    throw new InputError(located(file, (entry[key] ?? entry[String(issue.path[1])])?.line, `metadata ${key}: ${describeExpectation(issue, value, undefined)}`));
  }
  // As a configuration's are checked (cross-checks.ts): a door zone of 5 m read every stop 4.8 m off its landing.
  const overlap = zonesOverlap(result.data.lift.landings_m, result.data.lift.door_zone_half_m);
  if (overlap) {
    const key = entry.door_zone_half_m ? "door_zone_half_m" : "landings_m";
    throw new InputError(`${file}:${entry[key].line}: metadata door_zone_half_m: ${overlap}${entry.door_zone_half_m ? "" : " (the default, as the metadata gives none)"}`);
  }
  return result.data;
}

/** `onMotion`: each accelerometer sample in the car frame, vertical (a report's plot); it feeds nothing back. */
export function replayTrace(trace: Pick<Trace, "frames" | "fitted">, config: Config, onMotion?: (sample: MotionSample) => void): DetectionRecord[] {
  return replayFrames(trace.frames, trace.fitted, config, onMotion);
}

/** Frames in time order (an array, or read as they come: see trace-file.ts) through a fresh pipeline. */
export function replayFrames(allFrames: Iterable<SensorFrame>, allFitted: FittedSensors, config: Config, onMotion?: (sample: MotionSample) => void): DetectionRecord[] {
  const { frames, fitted } = flaggedTrace(allFitted, allFrames, config.sensors);
  const records: DetectionRecord[] = [];
  let clock: VirtualClock | undefined;
  let pipeline: DetectionPipeline | undefined;
  for (const frame of frames) {
    if (!clock || !pipeline) {
      clock = new VirtualClock(frame.t * 1000);
      pipeline = new DetectionPipeline(config, fitted, clock, (record) => records.push(record), onMotion);
    }
    if (frame.t * 1000 > clock.now()) clock.advanceTo(frame.t * 1000);
    pipeline.push(frame);
  }
  pipeline?.finish();
  pipeline?.stop();
  return records;
}
