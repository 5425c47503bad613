/**
 * The door-zone sensor against the position reckoned from its own edges. Through a zone and
 * at a stop the integration is good to a few cm, so a sensor that disagrees by a zone's length
 * is the one at fault: a vane missed where the car stopped, a zone left long before its far
 * edge, a reading of "inside" through a whole trip, or of "outside" through one past whole
 * zones or from a car at rest. Each is a sensor fault (cause "data") until the sensor next
 * changes.
 */
import { round } from "../rounding.ts";
import type { SensorHealth } from "./sensor-health.ts";

const SENSOR = "door_zone";

export class DoorZoneCheck {
  constructor(
    private readonly health: SensorHealth,
    /** m, lift.door_zone_half_m */
    private readonly halfM: number,
  ) {}

  /** Not faulty, for any cause. */
  get sound(): boolean {
    return !this.health.isFaulty(SENSOR);
  }

  /** Found at fault by this check (not chattering, not failed to read): its "outside" is doubted. */
  get doubted(): boolean {
    return this.health.causeOf(SENSOR) === "data";
  }

  /** The sensor changed: believed again. */
  changed(t: number, at: number): void {
    this.health.recover(SENSOR, "data", t, at);
  }

  /** It read outside where the car stopped at `at`, `offM` (signed) from `landing`; found so at `t`. */
  missedVane(t: number, at: number, landing: number, offM: number): void {
    this.health.fault(SENSOR, "data", t, at, `reads outside the door zone where the car stopped ${round(offM, 3)} m from landing ${landing}`, { landing });
  }

  /** It read the car out of `landing`'s zone after only `travelledM` in it. */
  leftEarly(at: number, landing: number, travelledM: number): void {
    this.health.fault(SENSOR, "data", at, at, `left the door zone of landing ${landing} ${round(travelledM, 3)} m after entering it (it is ${this.height} m high)`, { landing });
  }

  /** It read inside at both ends of a `tripM` trip and never changed. */
  stuckInside(at: number, tripM: number): void {
    this.health.fault(SENSOR, "data", at, at, `read inside the door zone all through a ${round(tripM, 3)} m trip (a zone is ${this.height} m high)`);
  }

  /** It read outside at both ends of a `tripM` trip and never changed, though the car passed `zones` landings' zones (and stopped at `landing`, where that is known). */
  stuckOutside(at: number, tripM: number, zones: number, landing?: number): void {
    const reason = `read outside the door zone all through a ${round(tripM, 3)} m trip past ${zones} landing${zones === 1 ? "'s zone" : "s' zones"}`;
    this.health.fault(SENSOR, "data", at, at, reason, landing === undefined ? {} : { landing });
  }

  /** It read the car out of `landing`'s zone at `at` though nothing moved it (see UnseenCrawl); found so at `t`. */
  leftUnmoved(t: number, at: number, landing: number): void {
    this.health.fault(SENSOR, "data", t, at, `read the car out of the door zone of landing ${landing} at rest, with no movement felt`, { landing });
  }

  /** It reads outside at the start, as when it was found reading nothing before the box stopped. */
  deadBeforeStart(t: number, at: number): void {
    this.health.fault(SENSOR, "data", t, at, "reads outside, as when it was found reading nothing through whole zones before the box started");
  }

  private get height(): number {
    return round(2 * this.halfM, 3);
  }
}
