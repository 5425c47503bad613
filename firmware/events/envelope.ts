/**
 * Wraps what the detectors raise in the wire contract's envelopes: who (device, boot,
 * sequence), when (monotonic and wall time, with the wall clock's quality), the lift's state
 * and the configuration that judged it.
 */
import { CONTRACT_VERSION, type EventEnvelope, type EventType, type Instant, type LiftState, type TripMessage } from "../../protocols/contract.ts";
import type { DetectionRecord } from "../frame.ts";

/** Types that evidence an insured accident or fault (../shared/domain.md, liability clauses). */
export const insuredEventTypes: ReadonlySet<string> = new Set([
  "entrapment",
  "stopped_outside_door_zone",
  "unintended_movement",
  "door_open_while_moving",
  "overspeed",
  "free_fall",
  "overtravel",
  "leveling_fault",
  "power_loss",
]);

export type TimeQuality = EventEnvelope["time_quality"];

export interface EnvelopeSource {
  deviceId: string;
  boot: number;
  configVersion: string;
  timeQuality: TimeQuality;
  /** Wall time (ms since the epoch) of the box's monotonic zero. */
  wallAtMonotonicZeroMs: number;
}

export class EnvelopeFactory {
  private seq = 0;
  private readonly source: EnvelopeSource;

  constructor(source: EnvelopeSource) {
    this.source = { ...source };
  }

  /**
   * The wall clock was synchronised (or stepped) since start: later instants carry the new
   * reference and quality; what was sealed before keeps what was true then.
   */
  retime(timeQuality: TimeQuality, wallAtMonotonicZeroMs: number): void {
    this.source.timeQuality = timeQuality;
    this.source.wallAtMonotonicZeroMs = wallAtMonotonicZeroMs;
  }

  get timeQuality(): TimeQuality {
    return this.source.timeQuality;
  }

  /** Sequence number of the last envelope made, 0 before the first. */
  get lastSeq(): number {
    return this.seq;
  }

  event(record: DetectionRecord, lift: LiftState): EventEnvelope {
    const { type, t, onset, ...details } = record;
    this.seq += 1;
    const { deviceId, boot } = this.source;
    return {
      v: CONTRACT_VERSION,
      event_id: `${deviceId}:${boot}:${this.seq}`,
      device_id: deviceId,
      boot,
      seq: this.seq,
      type: type as EventType,
      insured: insuredEventTypes.has(type),
      onset: this.instant(onset),
      raised: this.instant(t),
      time_quality: this.source.timeQuality,
      config_version: this.source.configVersion,
      lift,
      details,
    };
  }

  trip(record: DetectionRecord): TripMessage {
    const trip = record as DetectionRecord & Pick<TripMessage, "direction" | "distance_m" | "max_speed_mps" | "from_landing" | "to_landing" | "leveling_error_mm" | "ride_quality">;
    return {
      v: CONTRACT_VERSION,
      device_id: this.source.deviceId,
      boot: this.source.boot,
      start: this.instant(trip.start as number),
      end: this.instant(trip.end as number),
      direction: trip.direction,
      distance_m: trip.distance_m,
      max_speed_mps: trip.max_speed_mps,
      ...(trip.from_landing !== undefined ? { from_landing: trip.from_landing } : {}),
      ...(trip.to_landing !== undefined ? { to_landing: trip.to_landing } : {}),
      ...(trip.leveling_error_mm !== undefined ? { leveling_error_mm: trip.leveling_error_mm } : {}),
      ...(trip.ride_quality !== undefined ? { ride_quality: trip.ride_quality } : {}),
      time_quality: this.source.timeQuality,
    };
  }

  /** s on the monotonic clock → both clocks. */
  instant(seconds: number): Instant {
    const monoMs = Math.max(0, Math.round(seconds * 1000));
    return { mono_ms: monoMs, wall: new Date(this.source.wallAtMonotonicZeroMs + monoMs).toISOString() };
  }
}
