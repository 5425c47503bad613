/**
 * What the page shows live, gathered from the running box: the lift state, the latest
 * sensor values (from the sensor tap, kept as the latest only: the page is sent them a few
 * times a second, never per sample), the status counters and the last events published.
 */
import type { SensorTap } from "../../hal/sensor-tap.ts";
import type { EventEnvelope, StatusMessage } from "../../protocols/contract.ts";
import type { LiftState } from "../pipeline.ts";
import { addListener } from "../../hal/io/listeners.ts";

/** Something that tells listeners of each new value; returns what stops the listening. */
export type Subscribe<Value> = (listener: (value: Value) => void) => () => void;

export interface LiveSources {
  liftState: () => LiftState;
  status: () => StatusMessage;
  tap: SensorTap;
  /** each event envelope as it is published (sealed) */
  envelopes: Subscribe<EventEnvelope>;
}

export interface SensorValues {
  /** s, the box's monotonic time of the newest reading */
  t?: number;
  /** m/s², chip frame, the newest sample */
  acceleration?: { x: number; y: number; z: number };
  /** Pa */
  pressure?: number;
  inputs: Record<string, boolean>;
}

const RECENT_EVENTS = 20;

export class LiveFeed {
  private readonly sensors: SensorValues = { inputs: {} };
  private readonly recent: EventEnvelope[] = [];
  private readonly stops: (() => void)[] = [];
  private readonly eventListeners = new Set<(envelope: EventEnvelope) => void>();

  constructor(private readonly sources: LiveSources) {
    this.stops.push(
      sources.tap.listen((reading) => {
        if (reading.sensor === "accelerometer") {
          const last = reading.samples.at(-1)!;
          this.sensors.acceleration = { x: last.x, y: last.y, z: last.z };
          this.sensors.t = last.t;
        } else if (reading.sensor === "barometer") {
          this.sensors.pressure = reading.pressure;
        } else {
          this.sensors.inputs[reading.sensor] = reading.value;
        }
      }),
      sources.envelopes((envelope) => {
        this.recent.push(envelope);
        if (this.recent.length > RECENT_EVENTS) this.recent.shift();
        for (const listener of this.eventListeners) listener(envelope);
      }),
    );
  }

  /** The lift and the sensors now (sent a few times a second). */
  live(): { lift: LiftState; sensors: SensorValues } {
    return { lift: this.sources.liftState(), sensors: structuredClone(this.sensors) };
  }

  status(): StatusMessage {
    return this.sources.status();
  }

  /** The last events published, oldest first. */
  recentEvents(): EventEnvelope[] {
    return [...this.recent];
  }

  onEvent(listener: (envelope: EventEnvelope) => void): () => void {
    return addListener(this.eventListeners, listener);
  }

  close(): void {
    for (const stop of this.stops) stop();
  }
}
