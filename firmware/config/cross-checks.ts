/**
 * The cross-field checks of a configuration's settings, which no single setting's schema can
 * make (landings that do not rise, a start landing the lift does not have, an evidence history
 * shorter than the detection delays it must cover): `liftwatch config check` lists them all,
 * and the box refuses to start on any (loadConfig), as it would run on settings that do not
 * hold together (an insured event's evidence window left empty).
 */
import type { CheckedFile } from "./file-check.ts";
import { configSchema } from "./schema.ts";
import { valueAt } from "./settings-list.ts";

const defaults = configSchema.parse({});

/**
 * The setting's value when the file gives a usable number, its default when it leaves it out,
 * undefined when it gives something else (that is already reported; no cross-check on it).
 */
export function numberAt(checked: CheckedFile, path: string[], effective: unknown = checked.value): number | undefined {
  const value = valueAt(effective, path);
  if (value === undefined) return valueAt(defaults, path) as number | undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Landing `index` not above the one below it, in words; undefined where it is (shared with a trace's metadata). */
export function landingOutOfOrder(heights: readonly number[], index: number): string | undefined {
  if (index === 0 || heights[index] > heights[index - 1]) return undefined;
  return `expected heights rising from the bottom landing, each above the one before (got ${heights[index]} after ${heights[index - 1]})`;
}

/**
 * Door zones of half height `half` (m) that overlap at landings `heights` apart, in words;
 * undefined where they do not (shared with a trace's metadata). Zones that overlap leave the
 * car in a zone all the way: a half height typed in mm, or too large.
 */
export function zonesOverlap(heights: readonly number[], half: number): string | undefined {
  // A loop, not Math.min(...): a list too long for the schema (150,000 landings) is still checked here, and overflowed the stack.
  let smallestGapM = Infinity;
  for (let index = 1; index < heights.length; index++) smallestGapM = Math.min(smallestGapM, heights[index] - heights[index - 1]);
  if (heights.length < 2 || !(smallestGapM > 0) || 2 * half < smallestGapM) return undefined;
  return `expected less than half the smallest distance between landings (${Number(smallestGapM.toFixed(3))} m): the zones would overlap (got ${half})`;
}

/**
 * Each cross-field problem of the settings goes into `checked`, placed at the file's lines.
 * `effective`: the settings the box runs with, where they are not the file's own (a calibration
 * record's landings, door zone and rated speed in place of lift's).
 */
export function crossCheckSettings(checked: CheckedFile, effective: unknown = checked.value): void {
  const at = (path: string[]) => numberAt(checked, path, effective);
  const landings = valueAt(effective, ["lift", "landings_m"]) ?? defaults.lift.landings_m;
  const heights = Array.isArray(landings) && landings.every((height) => typeof height === "number") ? (landings as number[]) : undefined;
  heights?.forEach((_height, index) => {
    const problem = landingOutOfOrder(heights, index);
    if (problem) checked.add(["lift", "landings_m", String(index)], problem);
  });

  liftNotCalibrated(checked, effective, heights);
  if (heights?.length === 1) checked.add(["lift", "landings_m"], `expected at least 2 landings, or none while they are not known (got 1)`);
  const half = at(["lift", "door_zone_half_m"]);
  const overlap = half !== undefined && heights ? zonesOverlap(heights, half) : undefined;
  if (overlap) checked.add(["lift", "door_zone_half_m"], overlap, [["lift", "door_zone_half_m"], ["lift", "landings_m"]]);

  const start = at(["lift", "start_landing"]);
  if (heights && start !== undefined && Number.isInteger(start) && start > 0) {
    const expected = heights.length === 0 ? "0 while lift.landings_m is empty" : `a landing index from 0 to ${heights.length - 1}`;
    if (start >= heights.length) checked.add(["lift", "start_landing"], `expected ${expected} (got ${start})`);
  }

  const pairs: [string[], string[], (first: number, second: number) => boolean, string][] = [
    [["detection", "overspeed_severe_factor"], ["detection", "overspeed_factor"], (severe, first) => severe > first, "more than detection.overspeed_factor"],
    [["detection", "overtravel_margin_m"], ["lift", "door_zone_half_m"], (margin, half) => margin >= half, "at least lift.door_zone_half_m"],
    [["detection", "missed_vane_m"], ["lift", "door_zone_half_m"], (near, half) => near < half, "less than lift.door_zone_half_m"],
    [["motion", "quiet_mps2"], ["motion", "start_mps2"], (quiet, begin) => quiet < begin, "less than motion.start_mps2"],
    [["motion", "min_lobe_s"], ["motion", "max_lobe_s"], (shortest, longest) => shortest < longest, "less than motion.max_lobe_s"],
  ];
  for (const [key, other, holds, expected] of pairs) {
    const value = at(key);
    const bound = at(other);
    if (value !== undefined && bound !== undefined && !holds(value, bound)) {
      checked.add(key, `expected ${expected} (${bound}) (got ${value})`, [key, other]);
    }
  }

  const delayKeys = ["entrapment_between_floors_s", "entrapment_at_floor_s", "stopped_outside_door_zone_s"].map((key) => ["detection", key]);
  const history = at(["journal", "evidence_history_s"]);
  const before = at(["journal", "evidence_before_s"]);
  const delays = delayKeys.map(at);
  if (history !== undefined && before !== undefined && delays.every((delay) => delay !== undefined)) {
    const needed = Math.max(...(delays as number[])) + before;
    // Placed where the file sets one of them (a delay set longer, the history left at its default).
    const where = [["journal", "evidence_history_s"], ["journal", "evidence_before_s"], ...delayKeys];
    if (history <= needed) checked.add(["journal", "evidence_history_s"], `expected more than the longest detection delay plus journal.evidence_before_s (${needed} s) (got ${history})`, where);
  }

  const tls = ["cert_file", "key_file"].map((key) => valueAt(checked.value, ["mqtt", key]) !== undefined);
  if (tls[0] !== tls[1]) {
    const [given, missing] = tls[0] ? ["cert_file", "key_file"] : ["key_file", "cert_file"];
    checked.add(["mqtt", missing], `expected with mqtt.${given}: a client certificate and its key go together (got nothing)`, [["mqtt", given]]);
  }
}

/**
 * A lift the file describes that its calibration record, used in its place, did not learn: a
 * box moved to another lift, or a lift rebuilt, judged against the old one (false overspeeds and
 * overtravels). Landings are compared within the learnt door zone, the rated speed within 10 %.
 */
function liftNotCalibrated(checked: CheckedFile, effective: unknown, learnt: number[] | undefined): void {
  if (valueAt(checked.value, ["calibration", "file"]) === undefined || effective === checked.value) return;
  const again = "a box moved to another lift, or a lift rebuilt, is calibrated again; or leave it out, the record's is used";
  const said = valueAt(checked.value, ["lift", "landings_m"]);
  const half = valueAt(effective, ["lift", "door_zone_half_m"]);
  if (learnt && Array.isArray(said) && said.length > 0 && typeof half === "number") {
    const apart = said.length !== learnt.length || said.some((height, index) => typeof height !== "number" || Math.abs(height - learnt[index]) > half);
    if (apart) checked.add(["lift", "landings_m"], `expected the calibration record's landings, ${JSON.stringify(learnt)}, within its door zone (±${half} m) (got ${JSON.stringify(said)}): ${again}`);
  }
  const saidSpeed = valueAt(checked.value, ["lift", "rated_speed_mps"]);
  const learntSpeed = valueAt(effective, ["lift", "rated_speed_mps"]);
  if (typeof saidSpeed === "number" && typeof learntSpeed === "number" && Math.abs(saidSpeed - learntSpeed) > 0.1 * learntSpeed) {
    checked.add(["lift", "rated_speed_mps"], `expected the calibration record's rated speed, ${learntSpeed} m/s, within 10 % (got ${saidSpeed}): ${again}`);
  }
}
