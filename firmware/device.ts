/**
 * The box: a sampling loop paced by the clock (the FIFO watermark period, never one timer
 * per sample) that drains the sensors into the detection pipeline, and turns what it raises
 * into envelopes for the outbox. Data flows one way: sensors → pipeline → envelopes → sink.
 */
import type { Clock } from "../hal/clock.ts";
import { addListener } from "../hal/io/listeners.ts";
import { binaryInputColumns, type Accelerometer, type Barometer, type BinaryInputColumn, type DigitalInput, type SensorSet } from "../hal/sensors.ts";
import type { EventEnvelope, Instant, StatusMessage, TripMessage } from "../protocols/contract.ts";
import type { Config } from "./config/schema.ts";
import { flaggedFailures, flaggedSensors } from "./config/fitted-flags.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "./frame.ts";
import { EvidenceRecorder, type EvidenceWindow } from "./evidence/evidence-recorder.ts";
import { EnvelopeFactory, type TimeQuality } from "./events/envelope.ts";
import { DetectionPipeline, type AcrossBoots, type LiftState, type MotionSample } from "./pipeline.ts";
import type { UsageSnapshot } from "./usage/usage-counters.ts";

/** Where the box's messages go: MQTT on a device, a file or memory in a simulation. */
export interface MessageSink {
  /**
   * `evidence`: the raw samples around the event's onset, up to now. Returns the envelope
   * as it goes out (sealed, where a journal seals it).
   */
  event(envelope: EventEnvelope, evidence?: EvidenceWindow): EventEnvelope | void;
  trip(message: TripMessage): void;
  /** Samples recorded after event `seq` went out, for its evidence. */
  attachEvidence?(seq: number, evidence: EvidenceWindow): void;
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
  /** keep raw samples and give each insured event its evidence window (a box with a journal) */
  evidence?: boolean;
  /** what a box started again carries over from its journal (see AcrossBoots) */
  acrossBoots?: AcrossBoots;
  /** parts of the board that failed to open: reported at start, and failed in every status */
  failedParts?: { sensor: string; detail: string }[];
  /** after each sampling period: proof the loop still runs (the service watchdog's ping) */
  onPoll?: () => void;
  /**
   * An error the loop cannot carry on from (the journal's storage failing under the sink):
   * the loop stops and this decides. Absent: it is thrown where it happens, which for an event a
   * machine raises is inside xstate (reported later as unhandled): a box with a journal sets it.
   */
  onFailure?: (error: unknown) => void;
}

const BINARY_INPUT_COLUMNS = Object.entries(binaryInputColumns) as [BinaryInputColumn, keyof SensorSet][];

// What one read of each kind of sensor is: functions made once, so that a poll makes no closure per read.
const drainAccelerometer = (accelerometer: Accelerometer) => accelerometer.sample();
const readPressure = (barometer: Barometer) => barometer.sample().pressure;
const readInput = (input: DigitalInput) => input.read();

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
    inputLagS: Object.fromEntries(BINARY_INPUT_COLUMNS.map(([field, key]) => [field, (sensors[key] as DigitalInput | undefined)?.lagS])),
  };
}

/**
 * A frame the sampling loop rewrites. A class whose fields are all there from the start, and t
 * a number from the start: a field that starts undefined boxes every double written to it
 * (pressure does, once a period: it is absent when not read).
 */
class ReusedFrame implements SensorFrame {
  t = 0;
  changedAt: Record<BinaryInputColumn, number> = { door_closed: NaN, door_zone: NaN, occupied: NaN, alarm: NaN, mains: NaN, inspection: NaN };
  pressure: number | undefined = undefined;
  door_closed: boolean | undefined = undefined;
  door_zone: boolean | undefined = undefined;
  occupied: boolean | undefined = undefined;
  alarm: boolean | undefined = undefined;
  mains: boolean | undefined = undefined;
  inspection: boolean | undefined = undefined;
}

export class Device {
  readonly envelopes: EnvelopeFactory;
  private readonly pipeline: DetectionPipeline;
  /** the board's sensors less those the configuration flags not fitted */
  private readonly sensors: SensorSet;
  private readonly recorder?: EvidenceRecorder;
  /** post-onset windows still being recorded: flushed when due, or at stop */
  private readonly pendingEvidence = new Map<number, { seq: number; from: number; to: number }>();
  private timer?: number;
  /** the sink failed and onFailure was told: the loop has stopped */
  private failed = false;
  /** who hears the car-frame vertical acceleration (the commissioning page's trip plot); none: no cost */
  private readonly motionListeners = new Set<(sample: MotionSample) => void>();
  /**
   * The inputs' frame handed to the pipeline, rewritten each period rather than made anew
   * (the pipeline reads a frame while pushed and keeps none of it).
   */
  private readonly inputsFrame = new ReusedFrame();
  /** The same readings for the evidence recorder, in its column order: pressure, then BINARY_INPUT_COLUMNS. */
  private readonly readingCells: (number | boolean | undefined)[] = new Array(1 + BINARY_INPUT_COLUMNS.length).fill(undefined);

  constructor(private readonly options: DeviceOptions) {
    const { config } = options;
    this.envelopes = new EnvelopeFactory({
      deviceId: config.device.id,
      boot: config.device.boot,
      configVersion: config.config_version,
      timeQuality: options.timeQuality,
      wallAtMonotonicZeroMs: options.wallAtMonotonicZeroMs,
    });
    this.sensors = flaggedSensors(options.sensors, config.sensors);
    this.pipeline = new DetectionPipeline(config, fittedSensors(this.sensors), options.clock, (record) => this.raise(record), undefined, options.acrossBoots);
    if (options.evidence) {
      // The readings' columns in the order of readingCells.
      const columns = ["ax", "ay", "az", "pressure", ...BINARY_INPUT_COLUMNS.map(([field]) => field)];
      // A row per accelerometer sample and one per poll.
      const rowsPerS = { samples: this.sensors.accelerometer?.rateHz ?? 0, readings: 1000 / config.sampling.poll_interval_ms };
      this.recorder = new EvidenceRecorder(config.device.id, columns, config.journal.evidence_history_s, rowsPerS);
    }
  }

  start(): void {
    const t = this.options.clock.now() / 1000;
    for (const part of flaggedFailures(this.options.failedParts ?? [], this.options.config.sensors)) this.pipeline.partFailed(part.sensor, t, part.detail);
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pipeline.stop();
    // Whatever was recorded after an onset so far goes with its event.
    for (const [timer, pending] of this.pendingEvidence) {
      this.options.clock.clearTimeout(timer);
      this.attach(pending, this.options.clock.now() / 1000);
    }
    this.pendingEvidence.clear();
  }

  /** Hears each accelerometer sample in the car frame, vertical, gravity removed; returns what stops it. */
  listenMotion(listener: (sample: MotionSample) => void): () => void {
    const stop = addListener(this.motionListeners, listener);
    // Only while someone listens: the pipeline then makes a sample object per reading.
    this.pipeline.onMotion = (sample) => {
      for (const each of this.motionListeners) each(sample);
    };
    return () => {
      stop();
      if (this.motionListeners.size === 0) this.pipeline.onMotion = undefined;
    };
  }

  liftState(): LiftState {
    return this.pipeline.liftState();
  }

  counters(): UsageSnapshot {
    return this.pipeline.counters();
  }

  /** Carries on from counters an earlier boot kept (see usage/kept-usage.ts); before the box has counted anything. */
  restoreCounters(snapshot: UsageSnapshot): void {
    this.pipeline.restoreCounters(snapshot);
  }

  /** Maintenance declared or ended remotely (a signed command). */
  setMode(mode: "normal" | "maintenance"): void {
    this.pipeline.setMode(mode, this.options.clock.now() / 1000);
  }

  /** See EnvelopeFactory.retime: the box's wall clock was synchronised or stepped. */
  retime(timeQuality: TimeQuality, wallAtMonotonicZeroMs: number): void {
    this.envelopes.retime(timeQuality, wallAtMonotonicZeroMs);
  }

  /** Now on both clocks, with their quality (the journal's checkpoints). */
  timeNow(): { at: Instant; time_quality: TimeQuality } {
    return { at: this.envelopes.instant(this.options.clock.now() / 1000), time_quality: this.envelopes.timeQuality };
  }

  status(online: boolean, pendingEvents?: number): StatusMessage {
    const { config, clock } = this.options;
    return {
      v: 1,
      device_id: config.device.id,
      online,
      boot: config.device.boot,
      at: this.envelopes.instant(clock.now() / 1000),
      time_quality: this.envelopes.timeQuality,
      lift: this.liftState(),
      counters: this.counters(),
      sensors: this.pipeline.sensorHealth(),
      ...(pendingEvents !== undefined ? { pending_events: pendingEvents } : {}),
    };
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(this.pollDue, this.options.config.sampling.poll_interval_ms);
  }

  /** The sampling timer's callback and its guarded work, each made once: no closures per period. */
  private readonly pollDue = (): void => {
    this.timer = undefined;
    this.guarded(this.pollOnce);
    if (!this.failed) this.schedule();
  };

  private readonly pollOnce = (): void => this.poll();

  /** Runs `work`; an error stops the loop and goes to onFailure (once), when there is one. */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (!this.options.onFailure) throw error;
      if (this.failed) return;
      this.failed = true;
      if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.options.onFailure(error);
    }
  }

  /** One watermark period: drain the accelerometer FIFO, then read the inputs once. */
  private poll(): void {
    const { sensors } = this;
    const { clock } = this.options;
    const samples = sensors.accelerometer ? this.read("accelerometer", sensors.accelerometer, drainAccelerometer) : undefined;
    if (samples) {
      for (let index = 0; index < samples.length; index++) {
        const sample = samples[index];
        // The sample is the force as it is (nobody changes a sample): no copy, and no frame, per sample.
        this.pipeline.pushAcceleration(sample.t, sample);
        this.recorder?.recordAcceleration(sample.t, sample.x, sample.y, sample.z);
      }
    }
    const frame = this.inputsFrame;
    frame.t = clock.now() / 1000;
    const cells = this.readingCells;
    if (sensors.barometer) cells[0] = frame.pressure = this.read("barometer", sensors.barometer, readPressure);
    for (let index = 0; index < BINARY_INPUT_COLUMNS.length; index++) {
      const [field, key] = BINARY_INPUT_COLUMNS[index];
      const input = sensors[key] as DigitalInput | undefined;
      if (!input) continue;
      cells[index + 1] = frame[field] = this.read(field, input, readInput);
      frame.changedAt[field] = input.changedAt ?? NaN;
    }
    this.pipeline.push(frame);
    this.recorder?.recordReadings(frame.t, cells);
    this.options.onPoll?.();
  }

  /**
   * A read that throws must not stop the box: the sensor is reported faulty once, and
   * recovered at its next good read. Its value for this period is simply missing.
   */
  private read<Sensor, Value>(sensor: string, source: Sensor, reading: (source: Sensor) => Value): Value | undefined {
    const t = this.options.clock.now() / 1000;
    try {
      const value = reading(source);
      this.pipeline.readSucceeded(sensor, t);
      return value;
    } catch (error) {
      // An error without a message still names itself ("Error"): a fault with no reason tells nobody anything.
      this.pipeline.readFailed(sensor, t, (error as Error)?.message || String(error));
      return undefined;
    }
  }

  /** Raised by the pipeline, from the loop or from one of its timers. */
  private raise(record: DetectionRecord): void {
    this.guarded(() => this.deliver(record));
  }

  private deliver(record: DetectionRecord): void {
    this.options.onRecord?.(record);
    if (record.type === "trip") return this.options.sink.trip(this.envelopes.trip(record));
    const envelope = this.envelopes.event(record, this.liftState());
    if (!this.recorder || !envelope.insured) return void this.options.sink.event(envelope);
    // The window around the onset: what has been recorded goes with the event now, and
    // what is still to come is bound to it once recorded.
    const { journal } = this.options.config;
    const onset = record.onset ?? record.t;
    const [from, to] = [onset - journal.evidence_before_s, onset + journal.evidence_after_s];
    const sent = this.options.sink.event(envelope, this.recorder.window(from, Math.min(to, record.t)));
    if (!sent || to <= record.t) return;
    const pending = { seq: sent.seq, from: record.t, to };
    const timer = this.options.clock.setTimeout(() => {
      this.pendingEvidence.delete(timer);
      this.guarded(() => this.attach(pending, to));
    }, (to - record.t) * 1000);
    this.pendingEvidence.set(timer, pending);
  }

  private attach(pending: { seq: number; from: number }, to: number): void {
    this.options.sink.attachEvidence?.(pending.seq, this.recorder!.window(pending.from, to));
  }
}
