/**
 * The calibration as a session any driver can carry (the terminal, the commissioning page,
 * the simulator's scripted engineer): it asks, watches every reading the firmware takes and
 * the firmware's trips, and ends with a record to sign. Its time is the readings' own
 * timestamps and the box's clock at each poll (box monotonic seconds), so it runs alike on a
 * virtual clock and on the wall clock, and goes on when the accelerometer falls silent.
 *
 * Stages, each one prompt: mount (hold still, measure 5 s), the learning run (the car to the
 * bottom landing, then each floor up, each floor down, bottom to top in one run; each call
 * ends by itself once the firmware has recorded its trip and the car is at rest again), and
 * the inputs (door contact, alarm button, presence sensor, where fitted).
 */
import { InputError } from "../config/input-error.ts";
import type { Config } from "../config/schema.ts";
import type { DetectionRecord } from "../frame.ts";
import type { BinaryInputName, SensorReading, SensorTap } from "../../hal/sensor-tap.ts";
import { CalibrationError, measureMount, MOUNT_MAX_SCALE_ERROR, STANDARD_GRAVITY, type MountResult } from "./lift-math.ts";
import { AccelerationStore } from "./acceleration-store.ts";
import { learnLift, type Call, type CallResult } from "./learning.ts";
import { inputsResult, inputStages, type InputChecks } from "./session-inputs.ts";
import { calibrationRecord } from "./session-record.ts";
import type { CalibrationAction, CalibrationPrompt, CalibrationSession, CalibrationStepResult, CalibrationView } from "./session-types.ts";
import { addListener } from "../../hal/io/listeners.ts";

/** One prompt of the session and what it does. */
export interface Stage {
  prompt: CalibrationPrompt;
  /** share of the whole calibration done when this stage begins */
  progress: number;
  enter?(): void;
  /** after each reading */
  tick?(): void;
  answer?(actionId: string): void;
}

/** s of samples averaged for the mount */
export const MOUNT_MEASURE_S = 5;
/** longest the car may take to serve one call before the run is abandoned (s of readings) */
export const CALL_TIMEOUT_S = 180;
/** s the car must stay at rest after a trip before the next call (a re-levelling shows by then) */
const SETTLE_S = 3;
/** s after a trip the door may stay open before the session goes on without it (a lift parked with its doors open) */
const DOOR_RETURN_S = 30;
/** s of reads before an answer that say what an input read when the engineer answered */
const ANSWER_WINDOW_S = 1;

export interface CalibrationSessionOptions {
  config: Config;
  tap: Pick<SensorTap, "listen">;
  records: (listener: (record: DetectionRecord) => void) => () => void;
  landingCount: number;
  source: string;
  /**
   * The box's monotonic clock, s: the time of the inputs' reads, so the session's time goes
   * on (and a silent accelerometer fails the mount or a call) where no sample brings one.
   */
  now: () => number;
}

const start: CalibrationAction = { id: "start", label: "Start" };
const done: CalibrationAction = { id: "done", label: "Done" };

export function startCalibrationSession(options: CalibrationSessionOptions): CalibrationSession {
  if (!Number.isInteger(options.landingCount) || options.landingCount < 2) {
    throw new InputError(`landings: ${options.landingCount} is not a landing count (expected a whole number, at least 2)`);
  }
  return new Session(options);
}

class Session implements CalibrationSession {
  private status: CalibrationView["status"] = "running";
  private error?: string;
  private record?: CalibrationView["record"];
  private readonly steps: CalibrationStepResult[] = [];
  private readonly listeners = new Set<(view: CalibrationView) => void>();
  private readonly stages: Stage[] = [];
  private stageIndex = -1;
  private readonly stop: (() => void)[] = [];

  /** box monotonic s of the latest timed reading */
  private now = -Infinity;
  private readonly acceleration = new AccelerationStore();
  private readonly pressures: { t: number; pressure: number }[] = [];
  private readonly zoneChanges: { t: number; value: boolean }[] = [];
  /** the inputs read true since the stage began */
  private readonly trueSinceAsked = new Set<BinaryInputName>();
  /** reads of each binary input in the last ANSWER_WINDOW_S, with the time they were taken */
  private readonly reads = new Map<BinaryInputName, { t: number; value: boolean }[]>();
  private readonly seen = new Set<BinaryInputName>();
  private readonly last = new Map<BinaryInputName, boolean>();
  private readonly trips: DetectionRecord[] = [];

  private mount?: MountResult;
  private readonly calls: CallResult[] = [];
  private learnt?: ReturnType<typeof learnLift>;
  private readonly inputChecks: InputChecks = { details: [], failed: false };

  constructor(private readonly options: CalibrationSessionOptions) {
    this.stages.push(...this.mountStages());
    // Nothing the session does may reach the firmware's read of a sensor (it would count as a sensor fault).
    this.stop.push(options.tap.listen((reading) => this.guard(() => this.hear(reading), true)));
    this.stop.push(options.records((record) => record.type === "trip" && this.trips.push(record)));
    if (options.config.sensors.accelerometer) this.advance();
    else this.fail("mount: no accelerometer fitted: the box cannot calibrate without one");
  }

  view(): CalibrationView {
    const stage = this.stages[this.stageIndex];
    const running = this.status === "running";
    return {
      status: this.status,
      step: stage?.prompt.step ?? "mount",
      progress: this.status === "done" ? 1 : (stage?.progress ?? 0),
      ...(running && stage ? { prompt: { ...stage.prompt, actions: [...stage.prompt.actions] } } : {}),
      steps: this.steps.map((step) => ({ ...step })),
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.record ? { record: this.record } : {}),
    };
  }

  act(actionId: string): void {
    const stage = this.stages[this.stageIndex];
    if (this.status !== "running" || !stage) throw new InputError(`act: "${actionId}": the calibration has ended (${this.status}), no answer is expected`);
    const accepted = stage.prompt.actions.map((action) => action.id);
    if (!accepted.includes(actionId)) {
      throw new InputError(
        `act: "${actionId}" is not an answer to ${stage.prompt.id} (expected ${accepted.length > 0 ? accepted.map((id) => `"${id}"`).join(" or ") : "none: the box is measuring or waiting for the lift"})`,
      );
    }
    this.guard(() => stage.answer?.(actionId));
  }

  cancel(): void {
    if (this.status !== "running") return;
    this.end("cancelled");
  }

  onChange(listener: (view: CalibrationView) => void): () => void {
    return addListener(this.listeners, listener);
  }

  // ── Readings ──────────────────────────────────────────────────────────────────────

  private hear(reading: SensorReading): void {
    if (this.status !== "running") return;
    switch (reading.sensor) {
      case "accelerometer":
        // Not while the box waits for the engineer to start: nothing needs those samples.
        if (this.stageIndex > 0) for (const sample of reading.samples) this.acceleration.push(sample);
        this.now = Math.max(this.now, reading.samples[reading.samples.length - 1].t);
        break;
      case "barometer":
        this.pressures.push({ t: reading.t, pressure: reading.pressure });
        this.now = Math.max(this.now, reading.t);
        break;
      default: {
        // Inputs carry no time: they are read in the poll, at the box's time.
        const before = this.now;
        this.now = Math.max(this.now, this.options.now());
        const name = reading.sensor;
        this.seen.add(name);
        this.last.set(name, reading.value);
        if (name === "doorZone") {
          const previous = this.zoneChanges[this.zoneChanges.length - 1];
          if (!previous || previous.value !== reading.value) this.zoneChanges.push({ t: this.now, value: reading.value });
        }
        if (reading.value) this.trueSinceAsked.add(name);
        // Only the last second is asked about: an engineer may leave a prompt open for long.
        const list = this.reads.get(name) ?? [];
        list.push({ t: this.now, value: reading.value });
        const stale = list.findIndex((read) => read.t >= this.now - ANSWER_WINDOW_S);
        if (stale > 0) list.splice(0, stale);
        this.reads.set(name, list);
        // The first input of a poll moves the time on; the others of that poll need no look.
        if (this.now === before) return;
        break;
      }
    }
    this.stages[this.stageIndex]?.tick?.();
  }

  private zoneAt(t: number): boolean | undefined {
    let value: boolean | undefined;
    for (const change of this.zoneChanges) {
      if (change.t > t) break;
      value = change.value;
    }
    return value;
  }

  /** What `input` read in the second before now (most reads win), and every read of that second. */
  private answerReads(input: BinaryInputName): boolean[] {
    const reads = (this.reads.get(input) ?? []).filter((read) => read.t >= this.now - ANSWER_WINDOW_S).map((read) => read.value);
    const last = this.last.get(input);
    return reads.length > 0 ? reads : last === undefined ? [] : [last];
  }

  // ── Flow ──────────────────────────────────────────────────────────────────────────

  private advance(): void {
    if (this.status !== "running") return;
    this.stageIndex++;
    this.reads.clear();
    this.trueSinceAsked.clear();
    const stage = this.stages[this.stageIndex];
    if (!stage) return this.finish();
    stage.enter?.();
    if (this.status === "running" && this.stages[this.stageIndex] === stage) this.changed();
  }

  /** A CalibrationError fails the session; so does any other error where `contain` (inside the firmware's reads). */
  private guard(work: () => void, contain = false): void {
    try {
      work();
    } catch (error) {
      if (error instanceof CalibrationError) return this.fail(error.message);
      if (!contain) throw error;
      if (this.status === "running") this.fail(`calibration stopped by an error in the box: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private fail(message: string): void {
    this.error = message;
    const step = this.stages[this.stageIndex]?.prompt.step ?? "mount";
    this.steps.push({ name: step, result: "failed", detail: message });
    this.end("failed");
  }

  private end(status: CalibrationView["status"]): void {
    this.status = status;
    for (const stop of this.stop.splice(0)) stop();
    // The samples are not needed any more (a long session holds minutes of them).
    this.acceleration.clear();
    this.changed();
  }

  /** Tells every listener; once the session has ended a listener's error has nothing left to stop, and is dropped. */
  private changed(): void {
    const view = this.view();
    let failure: unknown;
    for (const listener of [...this.listeners]) {
      try {
        listener(view);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined && this.status === "running") throw failure;
  }

  private finish(): void {
    const { config, source } = this.options;
    this.steps.push(inputsResult(this.inputChecks));
    this.record = calibrationRecord({
      config,
      source,
      mount: this.mount!,
      learnt: this.learnt!,
      steps: this.steps,
      inputs: {
        door_contact: this.inputChecks.door_contact ?? { polarity: "unchecked", agreeing_reads: 0, disagreeing_reads: 0 },
        ...(this.learnt!.doorZone ? { door_zone: this.learnt!.doorZone } : {}),
        ...(this.inputChecks.alarm ? { alarm: this.inputChecks.alarm } : {}),
        ...(this.inputChecks.presence ? { presence: { result: this.inputChecks.presence } } : {}),
      },
    });
    this.end("done");
  }

  // ── Step 1: mount ─────────────────────────────────────────────────────────────────

  private mountStages(): Stage[] {
    const summary = "mount: car at rest, measuring gravity for 5 s";
    let from = -Infinity;
    const measuring: Stage = {
      progress: 0.03,
      prompt: { step: "mount", id: "mount.measuring", text: `Measuring gravity: stand still for ${MOUNT_MEASURE_S} s`, actions: [], summary },
      enter: () => (from = this.now),
      tick: () => {
        if (from === -Infinity) from = this.acceleration.firstT ?? -Infinity;
        if (this.now < from + MOUNT_MEASURE_S) return;
        const mount = measureMount(this.acceleration.between(from, from + MOUNT_MEASURE_S));
        this.mount = mount;
        // A check, not a correction: from one orientation an offset along gravity and a sensitivity
        // error look alike, and an offset cancels in everything measured from rest.
        const scale = STANDARD_GRAVITY / mount.gMps2;
        const scaleOk = Math.abs(scale - 1) <= MOUNT_MAX_SCALE_ERROR;
        this.steps.push({
          name: "mount",
          result: scaleOk ? "ok" : "failed",
          detail: `|g| ${mount.gMps2.toFixed(3)} m/s² (${((1 / scale - 1) * 100).toFixed(1)} % from 9.807${scaleOk ? "" : `, more than ${MOUNT_MAX_SCALE_ERROR * 100} %: check the accelerometer's range and chip`}), roll ${mount.rollDeg.toFixed(1)}°, pitch ${mount.pitchDeg.toFixed(1)}°; yaw is unknowable from gravity`,
        });
        // Only the learning run needs samples from now on.
        this.acceleration.clear();
        this.stages.push(...this.learningStages(), { progress: 0.85, prompt: { step: "inputs", id: "inputs.start", text: "", actions: [] }, enter: () => this.inputStages() });
        this.advance();
      },
    };
    return [
      {
        progress: 0,
        prompt: {
          step: "mount",
          id: "mount.hold_still",
          text: "Stand still, the car parked with its door closed and nobody moving in it, then start: the box measures gravity for 5 s",
          actions: [start],
          summary,
        },
        answer: () => this.advance(),
      },
      measuring,
    ];
  }

  // ── Step 2: learning run ──────────────────────────────────────────────────────────

  private learningStages(): Stage[] {
    const count = this.options.landingCount;
    const calls: Call[] = [];
    for (let landing = 1; landing < count; landing++) calls.push({ from: landing - 1, to: landing, pass: "up" });
    // And back down landing by landing: each floor measured twice, on independent runs, halves the variance.
    for (let landing = count - 2; landing >= 0; landing--) calls.push({ from: landing + 1, to: landing, pass: "down" });
    calls.push({ from: 0, to: count - 1, pass: "express" });
    const share = (index: number) => 0.1 + (0.75 * index) / (calls.length + 1);
    const bottom: Stage = {
      progress: share(0),
      prompt: {
        step: "learning_run",
        id: "learning.go_to_landing",
        landing: 0,
        text: `Send the car to the bottom landing (1 of ${count}); when it stands there with its door closed, answer done`,
        actions: [done],
        summary: "learning run: the car to the bottom landing",
      },
      answer: () => {
        this.calls.push({ call: { from: 0, to: 0, pass: "bottom" }, arrived: this.now });
        this.advance();
      },
    };
    return [bottom, ...calls.map((call, index) => this.callStage(call, share(index + 1), index === calls.length - 1))];
  }

  private callStage(call: Call, progress: number, lastCall: boolean): Stage {
    const count = this.options.landingCount;
    const where = call.pass === "express" ? "the top landing, in one run from the bottom" : call.pass === "up" ? "the floor above" : "the floor below";
    let promptAt = 0;
    let tripsBefore = 0;
    let doorAtPrompt: boolean | undefined;
    return {
      progress,
      prompt: {
        step: "learning_run",
        id: "learning.go_to_landing",
        landing: call.to,
        text: `Send the car to landing ${call.to + 1} of ${count} (${where}) and wait until it stops`,
        actions: [],
        summary: call.pass === "express" ? "learning run, bottom to top in one run (cruise speed)" : `learning run ${call.pass}, landing ${call.to + 1} of ${count}`,
      },
      enter: () => {
        promptAt = this.now;
        tripsBefore = this.trips.length;
        doorAtPrompt = this.last.get("doorClosed");
      },
      tick: () => {
        // A trip that ended before the call (a stop's record raised late, see HeldTrip) is not the call's.
        const trips = this.trips.slice(tripsBefore).filter((trip) => (trip.end as number) >= promptAt);
        if (trips.length === 0) {
          if (this.now - promptAt > CALL_TIMEOUT_S) {
            throw new CalibrationError(`learning run: no trip seen within ${CALL_TIMEOUT_S} s of the call for landing ${call.to + 1} (check the accelerometer is fixed rigidly)`);
          }
          return;
        }
        const lastEnd = trips[trips.length - 1].end as number;
        if (this.now < lastEnd + SETTLE_S) return;
        const doorBack = doorAtPrompt === undefined || this.last.get("doorClosed") === doorAtPrompt || this.now >= lastEnd + DOOR_RETURN_S;
        if (!doorBack) return;
        if (trips.length !== 1) {
          throw new CalibrationError(`learning run: ${trips.length} trips seen for one run to landing ${call.to + 1} (the car re-levelled or someone moved it): run it again`);
        }
        const [trip] = trips;
        const expected = call.to > call.from ? "up" : "down";
        if (trip.direction !== expected) throw new CalibrationError(`learning run: the run to landing ${call.to + 1} went ${String(trip.direction)}, expected ${expected}`);
        const start = trip.start as number;
        const end = trip.end as number;
        this.calls.push({
          call,
          trip,
          start,
          arrived: end,
          zoneAtStop: this.zoneAt(this.now),
          // Half-way through a one-floor run the car is between door zones; an express run may pass one.
          zoneMidRun: call.pass === "express" ? undefined : this.zoneAt((start + end) / 2),
        });
        if (lastCall) this.learn();
        this.advance();
      },
    };
  }

  private learn(): void {
    const zoneFitted = this.seen.has("doorZone") && this.options.config.sensors.door_zone;
    const { calls, acceleration, pressures, zoneChanges } = this;
    this.learnt = learnLift({ calls, acceleration, pressures, zoneChanges, mount: this.mount!, config: this.options.config, zoneFitted });
    this.steps.push({ name: "learning_run", result: "ok", detail: this.learnt.detail });
    this.acceleration.clear();
  }

  // ── Step 3: inputs ──────────────────────────────────────────────────────────────

  /** The input prompts for what is fitted, known only now that the box has read every input. */
  private inputStages(): void {
    const stages = inputStages({
      sensors: this.options.config.sensors,
      seen: this.seen,
      checks: this.inputChecks,
      answerReads: (input) => this.answerReads(input),
      readTrueSinceAsked: (input) => this.trueSinceAsked.has(input),
      advance: () => this.advance(),
    });
    this.stages.push(...stages);
    this.advance();
  }
}
