/**
 * A record as the replay contract writes it (../shared/spec/trace-format.md §3). The contract
 * knows two kinds of entrapment, `between_floors` and `at_floor`; the firmware has a third,
 * `unknown`, for a car it could not place in or out of a door zone (no sensor, or a faulty one,
 * and a stop its reckoning cannot place, such as one past an end landing). On the contract's
 * stream that is `between_floors`, with `zone: "unknown"` saying it was not seen: a car not
 * known to stand at a floor is not at one for a rescue (and the one such stop the built-in
 * scenarios make, an overtravel's stall above the top landing, is outside every zone). It was
 * raised after the at-floor delay (detection.entrapment_at_floor_s, 45 s), not the
 * between-floors one (30 s): the longer wait, as the box could not tell. The MQTT wire contract
 * (protocols/spec.md) keeps `unknown`: evidence says what the box knew.
 */
import type { DetectionRecord } from "../frame.ts";

export function contractRecord(record: DetectionRecord): DetectionRecord {
  if (record.type === "entrapment" && record.kind === "unknown") return { ...record, kind: "between_floors", zone: "unknown" };
  return record;
}
