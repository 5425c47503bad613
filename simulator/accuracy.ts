/**
 * How well the firmware's detections agree with what physically happened: the records a
 * scenario run raised, judged against the simulated lift's ground truth (./truth.ts).
 *
 * Pure: it takes finished runs and returns numbers, so it can be tested on hand-made runs
 * and its report does not depend on how the runs were made. ./accuracy-main.ts runs the
 * corpus; ./accuracy-report.ts prints the result.
 *
 * Rules:
 * - A truth record is expected of the firmware, except a durable condition (entrapment,
 *   stopped outside the door zone) that did not last its configured delay; one that fell
 *   short by less than the grace may still be reported (a matter of when the timer runs),
 *   so it is neither expected nor a false alarm when reported. Likewise an overspeed over
 *   before the firmware's `overspeed_hold_s` (a falling car arrested just past the governor's
 *   speed, 26 ms over it): no box holds it, and one that saw it is no false alarm. So is a
 *   worn roller's vibration that began within the box's `vibration_hold_s` of the trip's end, and a
 *   slip that moved the car less than the box's `unintended_movement_m`, inside the zone. A stop's
 *   leveling error is due only beyond the box's tolerance and a band (see levelingDue). A
 *   suspected entrapment (no presence sensor, no alarm) that matches nothing is no false alarm;
 *   nor is an overspeed's second level (severe), raised within an overspeed the truth holds
 *   that went past the severe level, or within a band short of it (see SEVERE_BAND). A contact
 *   stuck at one level may be found (sensor_fault) any time while stuck, and believed again
 *   (sensor_recovered) any time after, or not at all: neither is expected (see stuckContact).
 * - A detected record matches a truth record of the same type whose onset is within the
 *   tolerance of its own onset (for an unintended movement, of any time from the truth's onset
 *   to the car leaving the door zone); an entrapment must also be of the same `kind`, or of kind
 *   `unknown` (a box that could not tell whether the car stood in a zone claims neither); a durable
 *   condition must be raised before it ended (plus the grace). One detected record per
 *   truth record; truth records are served in onset order, each by the nearest onset.
 * - An entrapment or stop outside the zone a restarted box raised again, marked
 *   `open_before_restart` (see the wire spec), is dated at its boot: it matches a truth record
 *   of its type that held at that time, and where that one was matched already (the same
 *   incident raised before the restart) it is neither found nor false.
 * - A detected record of a type in the truth's vocabulary that matches nothing is a false
 *   alarm. Types outside the vocabulary (trips) are not judged.
 * - Latency: raised time minus the truth onset; for durable conditions minus the configured
 *   delay too, so it reads as lateness beyond the delay.
 */
import type { DetectionConfig } from "../firmware/config/schema.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import { eventTypes } from "../protocols/contract.ts";
import type { ScenarioRun } from "./simulated-box.ts";
import type { ExpectedEvent, ExpectedRecord, TruthRecord } from "./truth.ts";

/** Every event type the truth can expect (the contract's): the types this harness judges. */
export const truthVocabulary: readonly ExpectedEvent[] = eventTypes;

const judged: ReadonlySet<string> = new Set(truthVocabulary);

/**
 * mm: a stop's leveling error within this of the box's tolerance may be reported or not: the box
 * measures it to a few millimetres (see levelingDue).
 */
const LEVELING_BAND_MM = 5;

/**
 * Whether a leveling truth is due: off the landing by more than the box's tolerance and the
 * band, optional within the band of it, and none below (a stop within the tolerance is no fault,
 * whatever made it: a leveling_error fault of 12 mm, or a drive's scatter).
 */
export function levelingDue(record: ExpectedRecord, detection: Pick<DetectionConfig, "leveling_tolerance_mm">): "due" | "optional" | "none" {
  const errorMm = record.details.error_mm;
  if (typeof errorMm !== "number") return "due";
  const off = Math.abs(errorMm) - detection.leveling_tolerance_mm;
  return off > LEVELING_BAND_MM ? "due" : off >= -LEVELING_BAND_MM ? "optional" : "none";
}

/** Conditions whose report waits a configured delay (a door that fails to open: the box's door_open_timeout_s). */
const durableEvents: ReadonlySet<string> = new Set(["entrapment", "stopped_outside_door_zone", "door_fault"]);

/**
 * An overspeed's second level (severe) may be raised for a truth this fraction short of it: the
 * box's speed is a chip's reading, a few per cent off (the ADXL345's ±10 % is 3 σ), and a run at
 * 1.37-1.39 × rated read past 1.4 ×, as it would have flagged its one event severe before.
 */
const SEVERE_BAND = 0.05;

export interface AccuracyOptions {
  /** s: largest |detected onset − truth onset| that still matches */
  onsetToleranceS: number;
  /** s: a durable condition may be reported this long after it ended, and may fall this much short of its delay */
  graceS: number;
}

export const defaultAccuracyOptions: AccuracyOptions = { onsetToleranceS: 2, graceS: 2 };

/** One scenario's run; `end` (s) is when the run stopped, for conditions still holding then. */
export interface AccuracyInput {
  name: string;
  run: Pick<ScenarioRun, "records" | "truth" | "config">;
  end?: number;
}

export interface Match {
  scenario: string;
  type: string;
  truth: ExpectedRecord;
  detected: DetectionRecord;
  /** false when the truth record fell just short of its delay (a borderline durable condition) */
  due: boolean;
  /** s: raised − truth onset (− the configured delay for durable conditions) */
  latency_s: number;
  /** mm: |detected error − truth error|, leveling faults only */
  error_difference_mm?: number;
}

export interface Latency {
  /** ms */
  p50: number;
  p95: number;
  max: number;
}

export interface TypeAccuracy {
  type: string;
  /** truth records due */
  expected: number;
  /** due truth records matched (true positives) */
  found: number;
  missed: number;
  false_alarms: number;
  /** found / expected; null when nothing was expected */
  recall: number | null;
  /** over every match of this type (due or borderline); null without matches */
  latency_ms: Latency | null;
  /** leveling_fault: largest |detected error_mm − truth error_mm| */
  error_difference_max_mm?: number;
}

export interface ScenarioAccuracy {
  name: string;
  matched: number;
  missed: ExpectedRecord[];
  false_alarms: DetectionRecord[];
}

export interface AccuracyReport {
  options: AccuracyOptions;
  /** every type of the vocabulary, in its order */
  types: TypeAccuracy[];
  scenarios: ScenarioAccuracy[];
  matches: Match[];
}

/** The configured delay (s) before a durable condition is reported; 0 for instant events. */
export function reportDelay(record: ExpectedRecord, detection: DetectionConfig): number {
  if (record.event === "entrapment") {
    return record.details.kind === "at_floor" ? detection.entrapment_at_floor_s : detection.entrapment_between_floors_s;
  }
  if (record.event === "stopped_outside_door_zone") return detection.stopped_outside_door_zone_s;
  if (record.event === "door_fault" && record.details.kind === "fails_to_open") return detection.door_open_timeout_s;
  return 0;
}

export function assessAccuracy(runs: AccuracyInput[], options: Partial<AccuracyOptions> = {}): AccuracyReport {
  const settings = { ...defaultAccuracyOptions, ...options };
  const scenarios: ScenarioAccuracy[] = [];
  const matches: Match[] = [];
  const expectedCount = new Map<string, number>();
  const falseAlarmCount = new Map<string, number>();
  const bump = (counts: Map<string, number>, type: string) => counts.set(type, (counts.get(type) ?? 0) + 1);

  for (const { name, run, end } of runs) {
    const detection = run.config.detection;
    const detected = run.records.filter((record) => judged.has(record.type));
    const runEnd = end ?? lastTime(run.truth, run.records);
    const due: ExpectedRecord[] = [];
    const optional: ExpectedRecord[] = [];
    const visits = maintenanceVisits(expectedRecords(run.truth).filter((record) => record.event === "mode_change"));
    for (const record of expectedRecords(run.truth)) {
      const delay = reportDelay(record, detection);
      const lasted = (record.until ?? runEnd) - record.onset;
      const leveling = record.event === "leveling_fault" ? levelingDue(record, detection) : "due";
      if (leveling === "none" || withinMaintenance(record, visits)) continue;
      if (
        leveling === "optional" ||
        (record.event === "overspeed" && lasted < detection.overspeed_hold_s) ||
        shortVibration(record, run.truth, detection) ||
        relevellingMove(record, detection) ||
        briefDip(record, run.config.inputs.mains_settle_s) ||
        stuckContact(record) ||
        endedInMaintenance(record, delay, visits)
      )
        optional.push(record);
      else if (lasted >= delay) due.push(record);
      else if (durableEvents.has(record.event) && lasted >= delay - settings.graceS) optional.push(record);
    }
    const used = new Set<DetectionRecord>();
    const pair = (truth: ExpectedRecord, isDue: boolean): DetectionRecord | undefined => {
      const delay = reportDelay(truth, detection);
      let best: DetectionRecord | undefined;
      for (const candidate of detected) {
        if (used.has(candidate) || !compatible(truth, candidate, delay, settings)) continue;
        if (!best || Math.abs(candidate.onset - truth.onset) < Math.abs(best.onset - truth.onset)) best = candidate;
      }
      if (!best) return undefined;
      used.add(best);
      const match: Match = { scenario: name, type: truth.event, truth, detected: best, due: isDue, latency_s: best.t - truth.onset - delay };
      if (truth.event === "leveling_fault" && typeof truth.details.error_mm === "number" && typeof best.error_mm === "number") {
        match.error_difference_mm = Math.abs(best.error_mm - truth.details.error_mm);
      }
      matches.push(match);
      return best;
    };
    const missed: ExpectedRecord[] = [];
    let matched = 0;
    for (const truth of byOnset(due)) {
      bump(expectedCount, truth.event);
      if (pair(truth, true)) matched += 1;
      else missed.push(truth);
    }
    for (const truth of byOnset(optional)) pair(truth, false);
    // A suspected entrapment is the box saying it cannot tell (no presence sensor, no alarm):
    // the domain's rule for a stop it cannot see into, no claim that someone is shut in.
    const rated = run.config.lift.rated_speed_mps;
    /** The truth's condition held at the record's onset, within the tolerance. */
    const heldAt = (truth: ExpectedRecord, record: DetectionRecord) =>
      Number(record.onset) >= truth.onset - settings.onsetToleranceS && Number(record.onset) <= (truth.until ?? runEnd) + settings.onsetToleranceS;
    const secondLevel = (record: DetectionRecord) =>
      record.type === "overspeed" &&
      record.severe === true &&
      rated !== undefined &&
      [...due, ...optional].some(
        (truth) =>
          truth.event === "overspeed" &&
          Number(truth.details.speed_mps) > (1 - SEVERE_BAND) * detection.overspeed_severe_factor * rated &&
          heldAt(truth, record),
      );
    // Raised again after a restart while the truth's condition still held: the one raised before, continuing.
    const continuing = (record: DetectionRecord) => record.open_before_restart === true && [...due, ...optional].some((truth) => truth.event === record.type && heldAt(truth, record));
    const falseAlarms = detected.filter((record) => !used.has(record) && !(record.type === "entrapment" && record.suspected === true) && !secondLevel(record) && !continuing(record));
    for (const record of falseAlarms) bump(falseAlarmCount, record.type);
    scenarios.push({ name, matched, missed, false_alarms: falseAlarms });
  }

  const types = truthVocabulary.map((type): TypeAccuracy => {
    const expected = expectedCount.get(type) ?? 0;
    const ofType = matches.filter((match) => match.type === type);
    const found = ofType.filter((match) => match.due).length;
    const line: TypeAccuracy = {
      type,
      expected,
      found,
      missed: expected - found,
      false_alarms: falseAlarmCount.get(type) ?? 0,
      recall: expected > 0 ? found / expected : null,
      latency_ms: latency(ofType.map((match) => match.latency_s * 1000)),
    };
    const differences = ofType.flatMap((match) => (match.error_difference_mm === undefined ? [] : [match.error_difference_mm]));
    if (differences.length > 0) line.error_difference_max_mm = Math.max(...differences);
    return line;
  });
  return { options: settings, types, scenarios, matches };
}

function compatible(truth: ExpectedRecord, detected: DetectionRecord, delay: number, settings: AccuracyOptions): boolean {
  if (detected.type !== truth.event) return false;
  if (typeof detected.onset !== "number") return false;
  // Raised again after a restart, dated at the boot (no earlier time is on its clock): any time the condition held.
  const nearest = detected.open_before_restart === true ? Math.min(Math.max(detected.onset, truth.onset), truth.until ?? Infinity) : onsetWithin(truth, detected.onset);
  if (Math.abs(detected.onset - nearest) > settings.onsetToleranceS) return false;
  if (truth.event === "entrapment" && detected.kind !== truth.details.kind && detected.kind !== "unknown") return false;
  if (delay > 0 && truth.until !== undefined && detected.t > truth.until + settings.graceS) return false;
  return true;
}

/**
 * A worn roller's vibration that began this close to the trip's end: the car stopped before the
 * box could have held it for `vibration_hold_s` (a window opening 1.4 s before a stop). Neither
 * expected nor, if raised, false.
 */
function shortVibration(record: ExpectedRecord, truth: TruthRecord[], detection: DetectionConfig): boolean {
  if (record.event !== "abnormal_vibration") return false;
  const trip = truth.find((each) => each.type === "trip" && each.start <= record.onset && record.onset < each.end);
  return trip !== undefined && trip.type === "trip" && trip.end - record.onset < detection.vibration_hold_s;
}

/** A maintenance visit: s, from its mode change to the return to normal (Infinity: none). */
interface Visit {
  from: number;
  to: number;
}

/** The maintenance visits the mode changes (in time order) make. */
function maintenanceVisits(modes: ExpectedRecord[]): Visit[] {
  return modes.flatMap((entered, index) => {
    if (entered.details.mode !== "maintenance") return [];
    return [{ from: entered.onset, to: modes.slice(index + 1).find((each) => each.details.mode === "normal")?.onset ?? Infinity }];
  });
}

/**
 * An entrapment or stop outside the zone begun and ended within one maintenance visit (a
 * passenger shut in as the technician switched to inspection while the door closed, moved in
 * inspection): a box in maintenance raises nothing of it, and should not. Not expected, and, if
 * raised, false.
 */
function withinMaintenance(record: ExpectedRecord, visits: Visit[]): boolean {
  if (!durableEvents.has(record.event) || record.until === undefined) return false;
  return visits.some((visit) => visit.from <= record.onset && record.until! <= visit.to);
}

/**
 * An entrapment or stop outside the zone not yet due when maintenance began, that ended during
 * it (a technician in inspection moved the car, the passenger out): maintenance suppresses it, as
 * the domain says, and a box in maintenance raises nothing of it (a review helper's rescue in
 * inspection 30 s into a stop). Neither expected nor, if raised, false.
 */
function endedInMaintenance(record: ExpectedRecord, delay: number, visits: Visit[]): boolean {
  if (!durableEvents.has(record.event) || record.until === undefined) return false;
  return visits.some((visit) => visit.from >= record.onset && visit.from < record.onset + delay && record.until! >= visit.from && record.until! <= visit.to);
}

/**
 * A contact stuck at one level, and its return: its readings are plausible, so a box finds it
 * only from what the lift did meanwhile (trips nobody rode, a door that never opened), if at all,
 * and believes it again only once it reads what the lift does. Neither expected nor, if raised
 * while it was stuck (or, its return, once freed), false.
 */
function stuckContact(record: ExpectedRecord): boolean {
  return record.details.stuck === true;
}

/**
 * A mains dip shorter than the box's mains_settle_s, and the return from it: a box ignores such
 * a brown-out, as its setting says (a review helper's 0.4 s dips, each stopping the car, went
 * unreported). Neither expected nor, if raised, false.
 */
function briefDip(record: ExpectedRecord, settleS: number): boolean {
  if (record.event === "power_loss") return record.until !== undefined && record.until - record.onset < settleS;
  return record.event === "power_restored" && typeof record.details.outage_s === "number" && record.details.outage_s < settleS;
}

/**
 * A brake's slip with the door open that moved the car less than the box's
 * `unintended_movement_m` in all and kept it in the door zone: what a box takes for relevelling
 * (a 2 cm slip). Neither expected nor, if raised, false.
 */
function relevellingMove(record: ExpectedRecord, detection: DetectionConfig): boolean {
  const { distance_m: distanceM, zone_exit: exit } = record.details;
  return record.event === "unintended_movement" && exit === undefined && typeof distanceM === "number" && distanceM < detection.unintended_movement_m;
}

/**
 * The truth's onset nearest `onset`: its own, or for an unintended movement any time until the
 * car left the door zone, the latest the domain allows it detected (a slip too gentle to feel
 * shows only there); for a stuck contact any time it was stuck, and its return any time after.
 */
function onsetWithin(truth: ExpectedRecord, onset: number): number {
  if (stuckContact(truth)) return Math.min(Math.max(onset, truth.onset), truth.event === "sensor_fault" ? (truth.until ?? Infinity) : Infinity);
  const exit = truth.details.zone_exit;
  return typeof exit === "number" && exit > truth.onset ? Math.min(Math.max(onset, truth.onset), exit) : truth.onset;
}

function expectedRecords(truth: TruthRecord[]): ExpectedRecord[] {
  return truth.filter((record): record is ExpectedRecord => record.type === "expected");
}

function byOnset(records: ExpectedRecord[]): ExpectedRecord[] {
  return [...records].sort((a, b) => a.onset - b.onset);
}

function lastTime(truth: TruthRecord[], records: DetectionRecord[]): number {
  const times = [
    ...truth.flatMap((record) => ("t" in record ? [record.t] : "end" in record ? [record.end] : [record.onset, record.until ?? record.onset])),
    ...records.map((record) => record.t),
  ];
  return times.length > 0 ? Math.max(...times) : 0;
}

/** Nearest-rank percentiles, ms rounded to 1 ms. */
export function latency(valuesMs: number[]): Latency | null {
  if (valuesMs.length === 0) return null;
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: Math.round(rank(0.5)), p95: Math.round(rank(0.95)), max: Math.round(sorted[sorted.length - 1]) };
}

/**
 * Whether the report passes: every due record found, and no false alarm of an insured type.
 * `insured`: the insured event types (../firmware/events/envelope.ts).
 */
export function accuracyFailures(report: AccuracyReport, insured: ReadonlySet<string>): string[] {
  const failures: string[] = [];
  for (const line of report.types) {
    if (line.missed > 0) failures.push(`${line.type}: recall ${formatPercent(line.recall)} (${line.missed} of ${line.expected} missed)`);
    if (line.false_alarms > 0 && insured.has(line.type)) failures.push(`${line.type}: ${line.false_alarms} false alarm(s) on an insured type`);
  }
  return failures;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? "—" : `${(fraction * 100).toFixed(fraction === 1 || fraction === 0 ? 0 : 1)} %`;
}
