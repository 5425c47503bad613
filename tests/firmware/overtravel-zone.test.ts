/**
 * Overtravel against what the door-zone sensor says: a car whose sound sensor reads inside a
 * zone is within the margin of a landing, but a sensor that stays "inside" for longer than a
 * zone is high is stuck, and must not hide a car running past the top landing.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../firmware/config/schema.ts";
import type { DetectionRecord, FittedSensors, SensorFrame } from "../../firmware/frame.ts";
import { DetectionPipeline } from "../../firmware/pipeline.ts";
import { VirtualClock } from "../../simulator/clock.ts";

const fitted: FittedSensors = { accelerometer: true, accelerometerHz: 100, barometer: false, door_closed: true, door_zone: true, occupied: false, alarm: false, mains: false, inspection: false };
const landings = [0, 3, 6];
const ACCELERATION = 0.8;
const SPEED = 1;

/** Height (m) and vertical acceleration (m/s²) of a run from 0 up to `toM` that starts at `startS`. */
function run(t: number, startS: number, toM: number): { height: number; acceleration: number } {
  const rampS = SPEED / ACCELERATION;
  const cruiseS = (toM - SPEED * rampS) / SPEED;
  const s = t - startS;
  if (s <= 0) return { height: 0, acceleration: 0 };
  if (s < rampS) return { height: (ACCELERATION * s * s) / 2, acceleration: ACCELERATION };
  const ramped = (ACCELERATION * rampS * rampS) / 2;
  if (s < rampS + cruiseS) return { height: ramped + SPEED * (s - rampS), acceleration: 0 };
  const braking = Math.min(s - rampS - cruiseS, rampS);
  return { height: ramped + SPEED * cruiseS + SPEED * braking - (ACCELERATION * braking * braking) / 2, acceleration: braking < rampS ? -ACCELERATION : 0 };
}

function overtravelRun(zone: (height: number) => boolean): DetectionRecord[] {
  const clock = new VirtualClock();
  const records: DetectionRecord[] = [];
  const config = defaultConfig({ lift: { landings_m: landings, rated_speed_mps: SPEED } });
  const pipeline = new DetectionPipeline(config, fitted, clock, (record) => records.push(record));
  // The run starts after unseen_motion_s (60 s): a run right after boot may be a braking seen as a start.
  for (let index = 0; index < 7600; index++) {
    const t = index / 100;
    const { height, acceleration } = run(t, 62, 6.6);
    const wobble = 0.005 * Math.sin(index * 1.7);
    clock.advanceTo(t * 1000);
    pipeline.push({ t, acceleration: { x: wobble, y: -wobble, z: 9.81 + acceleration + wobble }, door_closed: true, door_zone: zone(height) } satisfies SensorFrame);
  }
  pipeline.finish();
  pipeline.stop();
  return records;
}

describe("overtravel and the door-zone sensor", () => {
  const inZone = (height: number) => landings.some((landing) => Math.abs(height - landing) <= 0.2);

  it("is raised past the top landing, where a sound sensor has left the zone", () => {
    const records = overtravelRun(inZone);
    expect(records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(records.filter((record) => record.type === "overtravel")).toEqual([expect.objectContaining({ end: "top", position_m: expect.closeTo(6.2, 1) })]);
  });

  it("is raised with a sensor stuck inside, which is reported once the car has gone further than a zone is high", () => {
    const records = overtravelRun(() => true);
    expect(records.filter((record) => record.type === "sensor_fault")).toEqual([expect.objectContaining({ sensor: "door_zone", reason: expect.stringMatching(/^reads inside the door zone though the car went 6\.\d+ m since it entered it \(it is 0\.4 m high\)$/) })]);
    expect(records.filter((record) => record.type === "overtravel")).toEqual([expect.objectContaining({ end: "top", position_m: expect.closeTo(6.2, 1) })]);
  });
});
