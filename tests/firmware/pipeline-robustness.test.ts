/**
 * Whatever the sensors say, nothing escapes the pipeline: NaN, infinities, huge values, time
 * going backwards or standing still, gaps, missing fields. Bad accelerometer data is
 * reported as a sensor fault, and never raises an insured event.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { defaultConfig } from "../../firmware/config/schema.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "../../firmware/frame.ts";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { DetectionPipeline } from "../../firmware/pipeline.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";

const fitted: FittedSensors = {
  accelerometer: true,
  accelerometerHz: 100,
  barometer: true,
  door_closed: true,
  door_zone: true,
  occupied: true,
  alarm: true,
  mains: true,
  inspection: true,
};

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0, 9.81, 1e300));

/** `accelerometerHz`: 400 makes the pipeline estimate motion on blocks of four readings. */
function run(frames: SensorFrame[], accelerometerHz = fitted.accelerometerHz) {
  const clock = new VirtualClock();
  const records: DetectionRecord[] = [];
  const pipeline = new DetectionPipeline(defaultConfig({ lift: { landings_m: [0, 3, 6], rated_speed_mps: 1 } }), { ...fitted, accelerometerHz }, clock, (record) => records.push(record));
  for (const frame of frames) {
    if (Number.isFinite(frame.t) && frame.t * 1000 > clock.now()) clock.advanceTo(frame.t * 1000);
    pipeline.push(frame);
  }
  pipeline.finish();
  pipeline.stop();
  return records;
}

describe("pipeline robustness", () => {
  it("never throws, whatever the frames", () => {
    const frame = fc.record(
      {
        t: fc.oneof(fc.double({ min: -10, max: 1e4 }), fc.constantFrom(NaN, Infinity)),
        acceleration: fc.record({ x: anyNumber, y: anyNumber, z: anyNumber }),
        pressure: anyNumber,
        door_closed: fc.boolean(),
        door_zone: fc.boolean(),
        occupied: fc.boolean(),
        alarm: fc.boolean(),
        mains: fc.boolean(),
        inspection: fc.boolean(),
      },
      { requiredKeys: ["t"] },
    );
    fc.assert(fc.property(fc.array(frame, { maxLength: 200 }), fc.constantFrom(100, 400), (frames, hz) => void run(frames, hz)), { numRuns: 300 });
  });

  it("reports a disconnected accelerometer in a parked car as a sensor fault, not a fall", () => {
    const frames: SensorFrame[] = [];
    for (let index = 0; index < 1000; index++) {
      const t = index / 100;
      const dead = t >= 5;
      const wobble = 0.01 * Math.sin(index * 1.7);
      frames.push({ t, acceleration: dead ? { x: 0, y: 0, z: 0 } : { x: wobble, y: -wobble, z: 9.81 + wobble }, door_closed: true, door_zone: true, occupied: false, mains: true });
    }
    const records = run(frames);
    expect(records.filter((record) => insuredEventTypes.has(record.type))).toEqual([]);
    expect(records).toContainEqual(expect.objectContaining({ type: "sensor_fault", sensor: "accelerometer" }));
  });

  // The trace format allows equal times (t is non-decreasing): a reading standing for no time
  // before the gravity reference had learnt any made its gain 0/0, and the reference NaN for
  // good. No motion was ever seen again, and nothing said so.
  it("sees the same trips when one of the first readings is repeated at its own time", () => {
    const scenario = loadScenario("demo");
    scenario.duration_s = 60;
    const trace = parseTrace(scenarioTrace(scenario), "demo.csv");
    const config = configFromMetadata(trace, "demo.csv");
    const trips = (frames: SensorFrame[]) => replayTrace({ ...trace, frames }, config).filter((record) => record.type === "trip").map((record) => [record.direction, record.from_landing, record.to_landing]);
    const second = trace.frames.findIndex((frame, index) => index > 0 && frame.acceleration !== undefined);
    const repeated = [...trace.frames.slice(0, second + 1), trace.frames[second], ...trace.frames.slice(second + 1)];
    expect(trips(trace.frames).length).toBeGreaterThan(0);
    expect(trips(repeated)).toEqual(trips(trace.frames));
  });

  // The trace format sets no least time step: rows 1e-320 s apart made the nominal rate infinite,
  // and the box's buffers sized from it an internal error (a review helper's fuzzed trace).
  it("replays rows however close in time", () => {
    fc.assert(
      fc.property(fc.constantFrom(1e-320, 4e-309, 1e-300, 1e-12, 1e-9), fc.integer({ min: 2, max: 6 }), (step, rows) => {
        const text = ["t,az", ...Array.from({ length: rows }, (_, index) => `${index * step},9.81`)].join("\n");
        const trace = parseTrace(text, "close.csv");
        expect(Number.isFinite(trace.fitted.accelerometerHz)).toBe(true);
        expect(replayTrace(trace, configFromMetadata(trace, "close.csv"))).toEqual([]);
      }),
    );
  });

  // t is only non-decreasing: a tool may write times from a trigger, negative before it. The box's
  // clock began at 0 whatever the first row, so what its timers raised was dated 0, not when.
  it("dates records the same, shifted, when the trace's times begin below zero", () => {
    const scenario = loadScenario("demo");
    const trace = parseTrace(scenarioTrace(scenario), "demo.csv");
    const config = configFromMetadata(trace, "demo.csv");
    const shiftS = -(scenario.duration_s + 10);
    const times = (records: DetectionRecord[], offsetS: number) => records.map((record) => [record.type, Math.round((record.t - offsetS) * 10) / 10, Math.round((record.onset - offsetS) * 10) / 10]);
    const records = replayTrace(trace, config);
    const shifted = replayTrace({ ...trace, frames: trace.frames.map((frame) => ({ ...frame, t: frame.t + shiftS })) }, config);
    expect(records.map((record) => record.type)).toContain("entrapment");
    expect(times(shifted, shiftS)).toEqual(times(records, 0));
  });
});
