/**
 * The box's binary inputs (door contact, door zone, presence, alarm button, mains monitor,
 * inspection switch), each through its own InputFilter. A settled change goes to whoever
 * knows what it means for the lift (the pipeline); a chattering contact is a sensor fault,
 * and while it lasts the door's or zone's fact is unknown to the lift machine.
 */
import type { BinaryInputColumn } from "../../hal/sensors.ts";
import type { Config } from "../config/schema.ts";
import type { FittedSensors, SensorFrame } from "../frame.ts";
import type { SensorHealth } from "../health/sensor-health.ts";
import type { LiftEvent } from "../model/lift-machine.ts";
import { InputFilter, type InputChange, type InputFilterUpdate } from "./input-filter.ts";

export type BinaryField = BinaryInputColumn;

/** Which machine event each input sends when it turns true / false, and its settle setting. */
const inputs: Record<BinaryField, { events: [LiftEvent["type"], LiftEvent["type"]]; settle: keyof Config["inputs"] }> = {
  door_closed: { events: ["DOOR_CLOSED", "DOOR_OPENED"], settle: "door_settle_s" },
  door_zone: { events: ["ZONE_ENTERED", "ZONE_LEFT"], settle: "zone_settle_s" },
  occupied: { events: ["OCCUPIED", "VACANT"], settle: "presence_settle_s" },
  alarm: { events: ["ALARM_PRESSED", "ALARM_RELEASED"], settle: "alarm_settle_s" },
  mains: { events: ["POWER_RESTORED", "POWER_LOST"], settle: "mains_settle_s" },
  inspection: { events: ["MAINTENANCE_ENTERED", "MAINTENANCE_LEFT"], settle: "inspection_settle_s" },
};

/** Inputs whose facts become unknown while the contact chatters (the others hold their last value). */
const unknownEvents: Partial<Record<BinaryField, "DOOR_UNKNOWN" | "ZONE_UNKNOWN" | "PRESENCE_UNKNOWN">> = { door_closed: "DOOR_UNKNOWN", door_zone: "ZONE_UNKNOWN", occupied: "PRESENCE_UNKNOWN" };

/** The machine event an input's settled value stands for. */
export function inputEvent(field: BinaryField, value: boolean): LiftEvent["type"] {
  return inputs[field].events[value ? 0 : 1];
}

/** Who hears what the inputs say (the pipeline, which knows what each means for the lift). */
export interface InputListener {
  /** a change that held its settle time; `t`: the reading that settled it */
  changed(field: BinaryField, change: InputChange, t: number): void;
  /** a contact began chattering (since `at`): no edge it gave lately can be leaned on */
  chatterStarted(field: BinaryField, at: number): void;
  /** a fact for the lift machine outside a settled change: a chattering contact's unknown, and its return */
  fact(event: LiftEvent): void;
}

export class BinaryInputs {
  /** each input's filter, by name (fixed fields: push() loads each by its own name) */
  private readonly filters: Record<BinaryField, InputFilter>;
  /** s: the last frame's time (NaN before one) */
  private previousT = NaN;
  /** some input has a change waiting to settle or a chatter to end (see InputFilter.hold) */
  private unsettled = false;

  constructor(
    settings: Config["inputs"],
    fitted: Pick<FittedSensors, "inputLagS">,
    private readonly health: SensorHealth,
    private readonly listener: InputListener,
  ) {
    const chatter = { transitions: settings.chatter_transitions, windowS: settings.chatter_window_s, quietS: settings.chatter_quiet_s };
    const filterOf = (field: BinaryField) => {
      const transitions = field === "door_zone" ? settings.zone_chatter_transitions : chatter.transitions;
      return new InputFilter(settings[inputs[field].settle], { ...chatter, transitions }, fitted.inputLagS?.[field] ?? 0);
    };
    this.filters = {
      door_closed: filterOf("door_closed"),
      door_zone: filterOf("door_zone"),
      occupied: filterOf("occupied"),
      alarm: filterOf("alarm"),
      mains: filterOf("mains"),
      inspection: filterOf("inspection"),
    };
  }

  /** The settled value, undefined before the input's first reading. */
  value(field: BinaryField): boolean | undefined {
    return this.filters[field].value;
  }

  /** The inputs a frame carries, at its time `t`. */
  push(frame: SensorFrame, t: number): void {
    // Each input and its filter by name, not frame[field] or a map over a list: a key that
    // changes at each call is a slow (megamorphic) load, and a replayed trace makes 550 frames a second.
    const { door_closed, door_zone, occupied, alarm, mains, inspection, changedAt: edges } = frame;
    const filters = this.filters;
    if (door_closed !== undefined) this.update("door_closed", filters.door_closed, t, door_closed, edges?.door_closed);
    if (door_zone !== undefined) this.update("door_zone", filters.door_zone, t, door_zone, edges?.door_zone);
    if (occupied !== undefined) this.update("occupied", filters.occupied, t, occupied, edges?.occupied);
    if (alarm !== undefined) this.update("alarm", filters.alarm, t, alarm, edges?.alarm);
    if (mains !== undefined) this.update("mains", filters.mains, t, mains, edges?.mains);
    if (inspection !== undefined) this.update("inspection", filters.inspection, t, inspection, edges?.inspection);
    if (this.unsettled) this.holdUnread(frame, t);
    this.previousT = t;
  }

  /** A change read once, in a trace that gives the input only as it changes: its value holds at frames without it. */
  private holdUnread(frame: SensorFrame, t: number): void {
    const filters = this.filters;
    if (frame.door_closed === undefined) this.apply("door_closed", filters.door_closed, filters.door_closed.hold(t), t);
    if (frame.door_zone === undefined) this.apply("door_zone", filters.door_zone, filters.door_zone.hold(t), t);
    if (frame.occupied === undefined) this.apply("occupied", filters.occupied, filters.occupied.hold(t), t);
    if (frame.alarm === undefined) this.apply("alarm", filters.alarm, filters.alarm.hold(t), t);
    if (frame.mains === undefined) this.apply("mains", filters.mains, filters.mains.hold(t), t);
    if (frame.inspection === undefined) this.apply("inspection", filters.inspection, filters.inspection.hold(t), t);
    this.settling();
  }

  /** `edgeAt`: when the driver saw the wire move to `reading`, where it can tell. */
  private update(field: BinaryField, filter: InputFilter, t: number, reading: boolean, edgeAt?: number): void {
    // Not read since well before the last frame: the trace gives it only as it changes, and the
    // value it had held until that frame (so a change is dated after it, not long before).
    if (filter.heldAt(this.previousT)) this.apply(field, filter, filter.hold(this.previousT), this.previousT);
    this.apply(field, filter, filter.update(t, reading, edgeAt), t);
    if (filter.unsettled) this.unsettled = true;
    else if (this.unsettled) this.settling();
  }

  private settling(): void {
    const { door_closed, door_zone, occupied, alarm, mains, inspection } = this.filters;
    this.unsettled = door_closed.unsettled || door_zone.unsettled || occupied.unsettled || alarm.unsettled || mains.unsettled || inspection.unsettled;
  }

  private apply(field: BinaryField, filter: InputFilter, { change, chatter }: InputFilterUpdate, t: number): void {
    if (!change && !chatter) return;
    if (chatter?.chattering) {
      this.health.fault(field, "chatter", t, chatter.at, "chattering contact");
      this.listener.chatterStarted(field, chatter.at);
      // What a chattering contact stands for is unknown: no detector may lean on it. One whose
      // value holds meanwhile holds the one it had before the chatter began.
      const unknown = unknownEvents[field];
      if (unknown) this.listener.fact({ type: unknown, at: chatter.at });
      const reverted = unknown ? undefined : filter.revertChatter();
      if (reverted) this.listener.changed(field, reverted, t);
    } else if (chatter) {
      this.health.recover(field, "chatter", t, chatter.at);
      // Still again with no change: the fact it had stands once more.
      if (!change && filter.value !== undefined && unknownEvents[field]) this.listener.fact({ type: inputEvent(field, filter.value), at: t } as LiftEvent);
    }
    if (change) this.listener.changed(field, change, t);
  }
}
