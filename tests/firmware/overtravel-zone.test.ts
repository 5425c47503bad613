/**
 * Overtravel against what the door-zone sensor says: a car is beyond an end landing only once
 * a sound sensor has seen it leave that landing's zone, whatever the integration says; a
 * sensor that reads inside through a whole trip is stuck, and must not hide a car running past
 * the top landing.
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
const RAMP_S = SPEED / ACCELERATION;
const RAMP_M = (ACCELERATION * RAMP_S * RAMP_S) / 2;

/** Height gained (m) and vertical acceleration (m/s²) `s` seconds into an upward run of `lengthM`. */
function upward(s: number, lengthM: number): { gained: number; acceleration: number } {
  const cruiseS = (lengthM - 2 * RAMP_M) / SPEED;
  if (s <= 0) return { gained: 0, acceleration: 0 };
  if (s < RAMP_S) return { gained: (ACCELERATION * s * s) / 2, acceleration: ACCELERATION };
  if (s < RAMP_S + cruiseS) return { gained: RAMP_M + SPEED * (s - RAMP_S), acceleration: 0 };
  const braking = Math.min(s - RAMP_S - cruiseS, RAMP_S);
  return { gained: RAMP_M + SPEED * cruiseS + SPEED * braking - (ACCELERATION * braking * braking) / 2, acceleration: braking < RAMP_S ? -ACCELERATION : 0 };
}

/** Upward runs of the given lengths, one every 15 s from 62 s (after unseen_motion_s: a run right after boot is not trusted). */
/**
 * `crawlMps`: after each run the car goes on up this fast for `crawlS`, unseen (no acceleration
 * starts it: the braking's end reads as a stop, as a crawl too slow to tell from drift does).
 */
function ride(lengthsM: number[], zone: (height: number) => boolean, settings: { zoneHalfM?: number; marginM?: number; crawlMps?: number; crawlS?: number } = {}): DetectionRecord[] {
  const clock = new VirtualClock();
  const records: DetectionRecord[] = [];
  const config = defaultConfig({ lift: { landings_m: landings, start_landing: 0, rated_speed_mps: SPEED, door_zone_half_m: settings.zoneHalfM ?? 0.2 }, detection: { overtravel_margin_m: settings.marginM } });
  const pipeline = new DetectionPipeline(config, fitted, clock, (record) => records.push(record));
  const end = 62 + 15 * lengthsM.length;
  for (let index = 0; index < end * 100; index++) {
    const t = index / 100;
    let height = 0;
    let acceleration = 0;
    lengthsM.forEach((lengthM, run) => {
      const into = t - 62 - 15 * run;
      const part = upward(into, lengthM);
      const crawledS = Math.min(Math.max(into - (2 * RAMP_S + (lengthM - 2 * RAMP_M) / SPEED), 0), settings.crawlS ?? 0);
      height += part.gained + (settings.crawlMps ?? 0) * crawledS;
      acceleration += part.acceleration;
    });
    const wobble = 0.005 * Math.sin(index * 1.7);
    clock.advanceTo(t * 1000);
    pipeline.push({ t, acceleration: { x: wobble, y: -wobble, z: 9.81 + acceleration + wobble }, door_closed: true, door_zone: zone(height) } satisfies SensorFrame);
  }
  pipeline.finish();
  pipeline.stop();
  return records;
}

const inZone = (height: number) => landings.some((landing) => Math.abs(height - landing) <= 0.2);
const overtravels = (records: DetectionRecord[]) => records.filter((record) => record.type === "overtravel");
const zoneFaults = (records: DetectionRecord[]) => records.filter((record) => record.type === "sensor_fault" && record.sensor === "door_zone");

describe("overtravel and the door-zone sensor", () => {
  it("is raised as a sound sensor sees the car leave the top landing's zone going up", () => {
    const records = ride([6.6], inZone);
    expect(zoneFaults(records)).toEqual([]);
    expect(overtravels(records)).toEqual([expect.objectContaining({ end: "top", position_m: expect.closeTo(6.2, 1) })]);
  });

  it("is raised by default as the car leaves the end landing's zone, however narrow the zone, and at a margin beyond it where one is set", () => {
    // A 0.1 m half zone, the car 0.15 m beyond the top landing: out of its zone, short of 0.2 m.
    const narrowZone = (height: number) => landings.some((landing) => Math.abs(height - landing) <= 0.1);
    expect(overtravels(ride([6.15], narrowZone, { zoneHalfM: 0.1 }))).toEqual([expect.objectContaining({ end: "top", position_m: expect.closeTo(6.1, 2) })]);
    expect(overtravels(ride([6.15], narrowZone, { zoneHalfM: 0.1, marginM: 0.2 }))).toEqual([]);
  });

  it("is raised as the car leaves the top landing's zone at rest soon after its run, a crawl too slow to see having gone on", () => {
    // 0.04 m/s for 10 s after a run to the top landing: out of its zone 5 s after the stop.
    const crawled = ride([6], inZone, { crawlMps: 0.04, crawlS: 10 });
    expect(overtravels(crawled)).toEqual([expect.objectContaining({ end: "top", position_m: expect.closeTo(6.2, 2) })]);
    expect(zoneFaults(crawled)).toEqual([]);
    // A crawl that stays in the zone is no overtravel.
    expect(overtravels(ride([6], inZone, { crawlMps: 0.04, crawlS: 4 }))).toEqual([]);
  });

  it("is not raised while a sound sensor has not seen the car leave that zone (the integration alone put it there)", () => {
    // A sensor that never sees the top vane: the car goes 0.6 m past the top landing unseen.
    const records = ride([6.6], (height) => inZone(height) && height < 5.5);
    expect(overtravels(records)).toEqual([]);
  });

  it("is raised on the integration once a sensor that read inside through a whole trip is reported stuck", () => {
    const records = ride([3, 4.2], () => true);
    expect(zoneFaults(records)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^read inside the door zone all through a \d\.\d+ m trip \(a zone is 0\.4 m high\)$/) })]);
    // The integration alone is known to the accelerometer's sensitivity, 3.5 % of the run (one
    // σ) as read by a chip that may read 3 σ short, 3.5 % / 0.895: beyond the 0.2 m margin by
    // 3 σ of the 3.625 m run, at about 6.625 m.
    expect(overtravels(records)).toEqual([expect.objectContaining({ end: "top", position_m: expect.closeTo(6.625, 1) })]);
  });
});
