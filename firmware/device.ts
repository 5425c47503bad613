/**
 * The box: a sampling loop paced by the clock (the FIFO watermark period, never one timer
 * per sample) that drains the sensors into the detection pipeline, and turns what it raises
 * into envelopes for the outbox. Data flows one way: sensors → pipeline → envelopes → sink.
 */
import type { Clock } from "../hal/clock.ts";
import type { SensorSet } from "../hal/sensors.ts";
import type { EventEnvelope, StatusMessage, TripMessage } from "../protocols/contract.ts";
import type { Config } from "./config/schema.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "./frame.ts";
import { EnvelopeFactory, type TimeQuality } from "./events/envelope.ts";
import { DetectionPipeline, type LiftState } from "./pipeline.ts";

/** Where the box's messages go: MQTT on a device, a file or memory in a simulation. */
export interface MessageSink {
  event(envelope: EventEnvelope): void;
  trip(message: TripMessage): void;
}

export interface DeviceOptions {
  config: Config;
  sensors: SensorSet;
  clock: Clock;
  sink: MessageSink;
  timeQuality: TimeQuality;
  /** wall time (ms since the epoch) at monotonic zero */
  wallAtMonotonicZeroMs: number;
  /** every record the pipeline raises, for a live view */
  onRecord?: (record: DetectionRecord) => void;
}

export function fittedSensors(sensors: SensorSet): FittedSensors {
  return {
    accelerometer: sensors.accelerometer !== undefined,
    accelerometerHz: sensors.accelerometer?.rateHz ?? 0,
    barometer: sensors.barometer !== undefined,
    door_closed: sensors.doorClosed !== undefined,
    door_zone: sensors.doorZone !== undefined,
    occupied: sensors.occupied !== undefined,
    alarm: sensors.alarm !== undefined,
    mains: sensors.mains !== undefined,
    inspection: sensors.inspection !== undefined,
  };
}

export class Device {
  readonly envelopes: EnvelopeFactory;
  private readonly pipeline: DetectionPipeline;
  private timer?: number;

  constructor(private readonly options: DeviceOptions) {
    const { config } = options;
    this.envelopes = new EnvelopeFactory({
      deviceId: config.device.id,
      boot: config.device.boot,
      configVersion: config.config_version,
      timeQuality: options.timeQuality,
      wallAtMonotonicZeroMs: options.wallAtMonotonicZeroMs,
    });
    this.pipeline = new DetectionPipeline(config, fittedSensors(options.sensors), options.clock, (record) => this.raise(record));
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pipeline.stop();
  }

  liftState(): LiftState {
    return this.pipeline.liftState();
  }

  status(online: boolean, pendingEvents?: number): StatusMessage {
    const { config, clock } = this.options;
    return {
      v: 1,
      device_id: config.device.id,
      online,
      boot: config.device.boot,
      at: this.envelopes.instant(clock.now() / 1000),
      lift: this.liftState(),
      ...(pendingEvents !== undefined ? { pending_events: pendingEvents } : {}),
    };
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.poll();
      this.schedule();
    }, this.options.config.sampling.poll_interval_ms);
  }

  /** One watermark period: drain the accelerometer FIFO, then read the inputs once. */
  private poll(): void {
    const { sensors, clock } = this.options;
    for (const sample of sensors.accelerometer?.sample() ?? []) {
      this.pipeline.push({ t: sample.t, acceleration: { x: sample.x, y: sample.y, z: sample.z } });
    }
    const frame: SensorFrame = { t: clock.now() / 1000 };
    if (sensors.barometer) frame.pressure = sensors.barometer.sample().pressure;
    if (sensors.doorClosed) frame.door_closed = sensors.doorClosed.read();
    if (sensors.doorZone) frame.door_zone = sensors.doorZone.read();
    if (sensors.occupied) frame.occupied = sensors.occupied.read();
    if (sensors.alarm) frame.alarm = sensors.alarm.read();
    if (sensors.mains) frame.mains = sensors.mains.read();
    if (sensors.inspection) frame.inspection = sensors.inspection.read();
    this.pipeline.push(frame);
  }

  private raise(record: DetectionRecord): void {
    this.options.onRecord?.(record);
    if (record.type === "trip") this.options.sink.trip(this.envelopes.trip(record));
    else this.options.sink.event(this.envelopes.event(record, this.liftState()));
  }
}
