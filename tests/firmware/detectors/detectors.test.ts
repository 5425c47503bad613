/**
 * The small detectors and conditioners upstream of the lift machine, each on its own.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { InputFilter } from "../../../firmware/conditioning/input-filter.ts";
import { FreeFallDetector, STANDARD_GRAVITY } from "../../../firmware/detectors/free-fall.ts";
import { OvertravelDetector } from "../../../firmware/detectors/overtravel.ts";
import { VibrationMonitor } from "../../../firmware/detectors/vibration.ts";
import { DoorReopenings } from "../../../firmware/detectors/door-reopenings.ts";
import { LevelingEstimator } from "../../../firmware/estimation/leveling.ts";
import { ShaftPosition } from "../../../firmware/estimation/shaft-position.ts";
import { AccelerometerCheck } from "../../../firmware/health/accelerometer-check.ts";
import { SensorHealth } from "../../../firmware/health/sensor-health.ts";
import type { DetectionRecord } from "../../../firmware/frame.ts";

const { detection, health: healthConfig } = defaultConfig();
const chatter = { transitions: 4, windowS: 1, quietS: 3 };

describe("input filter", () => {
  it("accepts a change once it has held for the settle time, dated between the two polls", () => {
    const filter = new InputFilter(0.25, chatter);
    expect(filter.update(0, true).change).toEqual({ value: true, at: 0, uncertaintyS: 0, first: true });
    expect(filter.update(1.0, false).change).toBeUndefined();
    expect(filter.update(1.2, false).change).toBeUndefined();
    // Anywhere between the polls, uniformly: σ = interval/√12.
    expect(filter.update(1.26, false).change).toEqual({ value: false, at: 0.5, uncertaintyS: 1 / Math.sqrt(12) });
    expect(filter.update(1.28, false).change).toBeUndefined();
  });

  it("dates a change earlier by the input's lag: a debounced reading follows its wire by the debounce", () => {
    const filter = new InputFilter(0.25, chatter, 0.01);
    expect(filter.update(0, true).change).toEqual({ value: true, at: 0, uncertaintyS: 0, first: true });
    filter.update(1.0, false);
    expect(filter.update(1.26, false).change).toMatchObject({ value: false, at: 0.49 });
  });

  it("dates a change at the edge the driver timed, exactly, where it timed one since the last change", () => {
    const filter = new InputFilter(0.25, chatter, 0.01);
    filter.update(0, true, NaN);
    filter.update(1.0, false, 0.987);
    expect(filter.update(1.26, false, 0.987).change).toEqual({ value: false, at: 0.987, uncertaintyS: 0 });
    // An edge time from before the last change is not this change's: dated between the polls.
    filter.update(2.0, true, 0.5);
    expect(filter.update(2.3, true, 0.5).change).toMatchObject({ value: true, at: (1.26 + 2.0) / 2 - 0.01 });
  });

  it("ignores a blip shorter than the settle time", () => {
    const filter = new InputFilter(0.25, chatter);
    filter.update(0, true);
    for (let t = 0.02; t < 0.1; t += 0.02) filter.update(t, false);
    for (let t = 0.1; t < 2; t += 0.02) expect(filter.update(t, true).change).toBeUndefined();
    expect(filter.value).toBe(true);
  });

  it("calls a contact chattering, holds its value, and lets go once it is still", () => {
    const filter = new InputFilter(0.25, chatter);
    filter.update(0, true);
    const updates = [0.02, 0.04, 0.06, 0.08].map((t, index) => filter.update(t, index % 2 === 0 ? false : true));
    expect(updates.at(-1)!.chatter).toEqual({ chattering: true, at: 0.02 });
    expect(updates.every((update) => update.change === undefined)).toBe(true);
    let released;
    for (let t = 0.1; t < 4 && !released; t += 0.02) released = filter.update(t, false).chatter;
    expect(released).toMatchObject({ chattering: false });
    expect(filter.value).toBe(false);
  });

  it("never accepts a value the input did not hold for the settle time (any reading sequence)", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }), (readings) => {
        const filter = new InputFilter(0.1, chatter);
        readings.forEach((reading, index) => {
          const { change } = filter.update(index * 0.02, reading);
          if (change && index > 0) {
            const heldFrom = Math.round(change.at / 0.02 + 0.5);
            for (let back = heldFrom; back <= index; back++) expect(readings[back]).toBe(change.value);
          }
        });
      }),
    );
  });
});

describe("accelerometer check", () => {
  function checked() {
    const records: DetectionRecord[] = [];
    const health = new SensorHealth((record) => records.push(record));
    return { records, check: new AccelerometerCheck(healthConfig, 100, health) };
  }
  const rest = (index: number) => ({ x: 0.01 * Math.sin(index), y: 0.02 * Math.cos(index * 1.3), z: 9.81 + 0.01 * Math.sin(index * 0.7) });

  it("calls exact zeros a disconnected sensor and drops them, then recovers", () => {
    const { records, check } = checked();
    for (let index = 0; index < 100; index++) expect(check.accept(index / 100, rest(index))).toBe(true);
    for (let index = 100; index < 200; index++) expect(check.accept(index / 100, { x: 0, y: 0, z: 0 })).toBe(false);
    expect(check.accept(2, rest(200))).toBe(true);
    expect(records).toEqual([
      expect.objectContaining({ type: "sensor_fault", sensor: "accelerometer", onset: 1, reason: expect.stringContaining("zeros") }),
      expect.objectContaining({ type: "sensor_recovered", sensor: "accelerometer", t: 2 }),
    ]);
  });

  it("calls a reading repeated bit for bit a frozen sensor, after the configured time", () => {
    const { records, check } = checked();
    for (let index = 0; index < 100; index++) check.accept(index / 100, rest(index));
    const stuck = rest(99);
    let faultAt;
    for (let index = 100; index < 600 && faultAt === undefined; index++) {
      check.accept(index / 100, { ...stuck });
      if (records.length > 0) faultAt = index / 100;
    }
    expect(faultAt).toBeCloseTo(0.99 + healthConfig.frozen_s, 1);
    expect(records[0]).toMatchObject({ type: "sensor_fault", reason: expect.stringContaining("frozen") });
  });

  it("calls no reading frozen before the chip has shown noise: a synthetic trace's ideal rest, trip and cruise", () => {
    const { records, check } = checked();
    // 30 s at rest, 1.5 s at 1 m/s², 12.5 s of cruise, 1.5 s at -1 m/s², 30 s at rest: exact values.
    const phases = [[3000, 0], [150, 1], [1250, 0], [150, -1], [3000, 0]];
    let index = 0;
    for (const [samples, acceleration] of phases) {
      for (let sample = 0; sample < samples; sample++, index++) expect(check.accept(index / 100, { x: 0, y: 0, z: 9.80665 + acceleration })).toBe(true);
    }
    // A jerk-limited one: its ramps turn back only between still stretches.
    for (let trip = 0; trip < 10; trip++) {
      for (const ramp of [1, -1, -1, 1]) for (let sample = 0; sample < 100; sample++, index++) check.accept(index / 100, { x: 0, y: 0, z: 9.80665 + (ramp > 0 ? sample : 100 - sample) / 100 });
      for (let sample = 0; sample < 300; sample++, index++) check.accept(index / 100, { x: 0, y: 0, z: 9.80665 });
    }
    expect(records).toEqual([]);
  });

  it("drops NaN, out-of-range and backwards readings, and reports a run of them once", () => {
    const { records, check } = checked();
    check.accept(0, rest(0));
    expect(check.accept(0.01, { x: NaN, y: 0, z: 9.8 })).toBe(false);
    expect(check.accept(0.02, { x: 0, y: 0, z: 1e6 })).toBe(false);
    expect(check.accept(-1, rest(1))).toBe(false);
    expect(records).toEqual([]);
    for (let index = 0; index < 10; index++) check.accept(0.03, { x: Infinity, y: 0, z: 0 });
    expect(records.map((record) => record.type)).toEqual(["sensor_fault"]);
  });

  it("marks a gap in the data", () => {
    const { records, check } = checked();
    check.accept(0, rest(0));
    check.accept(10, rest(1));
    expect(records.map((record) => record.type)).toEqual(["sensor_fault", "sensor_recovered"]);
    expect(records[0]).toMatchObject({ onset: 0, gap_s: 10 });
  });
});

describe("free fall", () => {
  it("is confirmed after the hold time, with the first low reading as onset; jolts are not", () => {
    const detector = new FreeFallDetector(detection);
    expect(detector.update(0, 1.5)).toBeUndefined();
    expect(detector.update(0.01, 9.8)).toBeUndefined();
    let fall;
    for (let t = 1; t < 1.2 && !fall; t += 0.01) fall = detector.update(t, 0.05 * STANDARD_GRAVITY);
    expect(fall).toMatchObject({ onset: 1, min_g: 0.05 });
    expect(fall!.duration_s).toBeGreaterThanOrEqual(detection.free_fall_hold_s - 1e-9);
    expect(fall!.duration_s).toBeLessThan(detection.free_fall_hold_s + 0.02);
  });

  it("judges three axes as it judges their magnitude, near the limit too, with the root taken only where a reading may be low", () => {
    const byAxes = new FreeFallDetector(detection);
    const byMagnitude = new FreeFallDetector(detection);
    const limit = detection.free_fall_g * STANDARD_GRAVITY;
    // Readings at the limit and an ulp either side, a fall (with a jolt in it) and a landing.
    const heights = [limit, limit * (1 - Number.EPSILON), limit * (1 + Number.EPSILON), 9.81, ...Array.from({ length: 60 }, (_, i) => (i === 12 || i > 50 ? 9.8 : limit * (0.2 + i / 60)))];
    const falls = heights.map((z, index) => {
      const t = index * 0.01;
      const x = index % 3 === 0 ? 0 : z * 0.1;
      const found = byAxes.reading(t, x, 0, z);
      expect(found).toEqual(byMagnitude.update(t, Math.sqrt(x * x + z * z)));
      return found;
    });
    // A jolt ends a fall; the one confirmed after it, within event_cooldown_s, is the same fall.
    expect(falls.filter(Boolean)).toHaveLength(1);
  });

  it("raises a fall with a jolt in it once, and a fall after event_cooldown_s again", () => {
    const detector = new FreeFallDetector(detection);
    const fallsBetween = (from: number, to: number, joltAt?: number) => {
      const falls = [];
      for (let t = from; t < to; t += 0.01) falls.push(detector.update(t, Math.abs(t - (joltAt ?? -1)) < 0.005 ? 0.4 * STANDARD_GRAVITY : 0.05 * STANDARD_GRAVITY));
      detector.update(to, STANDARD_GRAVITY);
      return falls.filter(Boolean);
    };
    // One second falling, one reading at 0.4 g half-way.
    expect(fallsBetween(10, 11, 10.5)).toHaveLength(1);
    expect(fallsBetween(11.5, 12)).toHaveLength(0);
    expect(fallsBetween(10 + detection.event_cooldown_s + 1, 10 + detection.event_cooldown_s + 2)).toHaveLength(1);
  });

  it("needs several low readings on a slow sensor", () => {
    const detector = new FreeFallDetector(detection);
    expect(detector.update(0, 0)).toBeUndefined();
    expect(detector.update(0.5, 0)).toBeUndefined();
    expect(detector.update(1.0, 0)).toBeDefined();
  });
});

describe("overtravel", () => {
  /** Landings 0, 3, 6; `left`: the end whose zone the door-zone sensor saw the car leave; `guessed`: the position rests on an unconfirmed carried landing. */
  const detector = (left?: "top" | "bottom", guessed = false) =>
    new OvertravelDetector(detection, { top: 6, bottom: 0, leftEndZone: (end) => end === left, mayBeWithinShaft: () => guessed }, 0.2, 2.8);

  it("is raised beyond the margin plus a few σ of the position, going away from the shaft, once per run", () => {
    const top = detector();
    expect(top.update(1, 6.19, "up", 0, false)).toBeUndefined();
    expect(top.update(2, 6.34, "up", 0.05, false)).toBeUndefined(); // within 0.2 + 3 × 0.05
    expect(top.update(3, 6.36, "down", 0.05, false)).toBeUndefined(); // coming back
    expect(top.update(4, 6.36, "up", 0.05, false)).toEqual({ end: "top", position_m: 6.36 });
    expect(top.update(5, 6.5, "up", 0, false)).toBeUndefined();
    top.rearm();
    expect(top.update(6, -0.25, "down", 0, false)).toEqual({ end: "bottom", position_m: -0.25 });
  });

  it("where a sound door-zone sensor is fitted, waits for it to see the car leave that end's zone", () => {
    expect(detector("bottom").update(1, 6.5, "up", 0, true)).toBeUndefined();
    expect(detector("top").update(1, 6.5, "up", 0, true)).toEqual({ end: "top", position_m: 6.5 });
  });

  it("on a guessed position, holds what it finds until the run ends: found if the stop is surely short of the next landing's zone past the end", () => {
    const short = detector(undefined, true);
    expect(short.update(7, 6.4, "up", 0, false)).toBeUndefined();
    expect(short.update(8, 6.9, "up", 0, false)).toBeUndefined(); // once per run
    expect(short.runEnded(6.8, 0.1, false)).toEqual({ t: 7, overtravel: { end: "top", position_m: 6.4 }, found: true });
    expect(short.runEnded(6.8, 0.1, false)).toBeUndefined();
    // A stop at the landing a storey up (3 m) the guess does not have: 3.1 m past the top.
    const storeyOut = detector(undefined, true);
    storeyOut.update(7, 6.4, "up", 0, false);
    expect(storeyOut.runEnded(9.1, 0.1, false)?.found).toBe(false);
    // 2.2 m past, but to 0.3 m (one σ): it may be in the next storey's zone (from 2.8 m past).
    const unsure = detector(undefined, true);
    unsure.update(7, 6.4, "up", 0, false);
    expect(unsure.runEnded(8.2, 0.3, false)?.found).toBe(false);
    expect(unsure.runEnded(8.2, 0.3, false)).toBeUndefined();
  });

  it("on a guessed position with a door-zone sensor: found if the car is still out of the end's zone when the run ends, short of a storey past it", () => {
    expect(detector("top", true).update(7, 6.4, "up", 0, true)).toBeUndefined();
    const stillOut = detector("top", true);
    stillOut.update(7, 6.4, "up", 0, true);
    expect(stillOut.runEnded(6.6, 0, true)?.found).toBe(true);
    let left: "top" | undefined = "top";
    const enteredAnother = new OvertravelDetector(detection, { top: 6, bottom: 0, leftEndZone: (end) => end === left, mayBeWithinShaft: () => true }, 0.2, 2.8);
    enteredAnother.update(7, 6.4, "up", 0, true);
    left = undefined; // the next landing's zone entered
    expect(enteredAnother.runEnded(6.1, 0, true)?.found).toBe(false);
    // The next landing's vane missed: out of every zone, but at its landing, 2.95 m past the top.
    const vaneMissed = detector("top", true);
    vaneMissed.update(7, 6.4, "up", 0, true);
    expect(vaneMissed.runEnded(8.95, 0, true)?.found).toBe(false);
  });

  it("gives up a held one at the next run's start, and hands it over where its run cannot be judged", () => {
    const held = detector(undefined, true);
    held.update(7, 6.4, "up", 0, false);
    held.rearm();
    expect(held.runEnded(6.5, 0, false)).toBeUndefined();
    const lost = detector(undefined, true);
    lost.update(7, 6.4, "up", 0, false);
    expect(lost.takeHeld()).toEqual({ t: 7, overtravel: { end: "top", position_m: 6.4 } });
    expect(lost.runEnded(6.5, 0, false)).toBeUndefined();
  });
});

describe("vibration", () => {
  it("finds sustained shaking far beyond normal, and not a healthy ride or a short jolt", () => {
    const shaking = new VibrationMonitor(detection);
    let found;
    for (let t = 0; t < 5 && !found; t += 0.005) found = shaking.update(t, 0.005, 0.05 * Math.sin(50 * t), 1.2 * Math.sin(2 * Math.PI * 8 * t), 0);
    expect(found).toMatchObject({ axis: "horizontal" });
    const healthy = new VibrationMonitor(detection);
    for (let t = 0; t < 20; t += 0.005) {
      const jolt = t > 10 && t < 10.2 ? 3 : 0;
      expect(healthy.update(t, 0.005, 0.04 * Math.sin(2 * Math.PI * 11 * t) + jolt, 0.03 * Math.sin(2 * Math.PI * 6 * t), 0)).toBeUndefined();
    }
  });
});

describe("door reopenings", () => {
  it("calls a door that keeps reopening a door that fails to close; a trip resets it", () => {
    const doors = new DoorReopenings(detection);
    const found = [];
    for (let cycle = 0; cycle < 8; cycle++) {
      doors.closed(cycle * 3);
      const result = doors.opened(cycle * 3 + 1.5);
      if (result) found.push(result);
    }
    expect(found).toEqual([{ onset: 1.5, reopenings: detection.door_reopen_count }]);
    doors.moved();
    doors.closed(100);
    expect(doors.opened(101)).toBeUndefined();
  });
});

describe("shaft position and leveling", () => {
  it("corrects the position at each door-zone edge and finds the landings of a trip", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    shaft.runStarted();
    shaft.moved(2.95); // drifted: the zone of landing 1 begins at 2.8
    expect(shaft.zoneEdge(1, true, "up")).toEqual({ landing: 1, position: 2.8 });
    expect(shaft.position).toBeCloseTo(2.8, 6);
    shaft.moved(3.15);
    expect(shaft.position).toBeCloseTo(3.0, 6);
    expect(shaft.runEnded({ displacement_m: 3.15 })).toEqual({ from: 0, to: 1 });
    expect(shaft.landing).toBe(1);
  });

  it("after the last edge, takes out only the integration drift that built up after it", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    shaft.runStarted();
    shaft.moved(2.95);
    shaft.zoneEdge(2, true, "up"); // halfway through the run: the edge put 0.15 m right
    shaft.moved(3.3);
    // Drift of 0.2 m by the end, growing with the square of time: 0.05 m of it by the edge.
    shaft.runEnded({ displacement_m: 3.1, start: 0, end: 4, drift_m: 0.2 }, false);
    expect(shaft.position).toBeCloseTo(3.0, 6);
  });

  it("reckons a stop against the zones before placing it: inside or outside only by 3 σ, else unknown", () => {
    // Landings 0, 3, 6, 9; zones ±0.2 m; 3 σ.
    const reckoned = (displacementM: number, uncertaintyM: number) => {
      const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2, confidenceSigma: 3 });
      shaft.runStarted();
      expect(shaft.reckonedZone).toBeUndefined(); // moving
      shaft.runEnded({ displacement_m: displacementM }, undefined, uncertaintyM);
      return shaft.reckonedZone;
    };
    expect(reckoned(3.02, 0.05)).toBe("inside");
    expect(reckoned(3.5, 0.05)).toBe("outside");
    expect(reckoned(4.5, 0.3)).toBe("outside");
    // Placed at landing 1 (within the 0.6 m snap, no other landing near), yet not surely in its zone.
    expect(reckoned(3.4, 0.1)).toBeUndefined();
    expect(reckoned(3.02, 0.3)).toBeUndefined();
    const lost = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2, confidenceSigma: 3 });
    lost.lose();
    expect(lost.reckonedZone).toBeUndefined();
  });

  it("reckons on from the last stop, not the landing it was placed at, until the door opens there", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2, confidenceSigma: 3 });
    // An overtravel: 9.5 m up, placed at the top landing (9), reckoned 0.5 m above it.
    shaft.runStarted();
    expect(shaft.runEnded({ displacement_m: 9.5 }, undefined, 0.05)).toEqual({ from: 0, to: 3 });
    expect(shaft.reckonedZone).toBe("outside");
    // The rescue, 0.5 m down: at the landing, not 0.5 m below it.
    shaft.runStarted();
    shaft.runEnded({ displacement_m: -0.5 }, undefined, 0.01);
    expect(shaft.reckonedZone).toBe("inside");
    // The door opened at the landing: the next stop is reckoned from it.
    shaft.doorOpened();
    shaft.runStarted();
    shaft.runEnded({ displacement_m: -1.5 }, undefined, 0.05);
    expect(shaft.position).toBeCloseTo(7.5, 6);
    expect(shaft.reckonedZone).toBe("outside");
  });

  it("takes a stop near a landing with the door-zone sensor reading outside as a missed vane, a stop further off as outside", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2, confidenceSigma: 3, missedVaneM: 0.1 });
    shaft.runStarted();
    expect(shaft.runEnded({ displacement_m: 3.04 }, false)).toEqual({ from: 0, to: 1, missedVaneM: expect.closeTo(0.04, 6) });
    expect(shaft.landing).toBe(1);
    shaft.runStarted();
    expect(shaft.runEnded({ displacement_m: 3.15 }, false)).toEqual({ from: 1 });
    expect(shaft.position).toBeCloseTo(6.15, 6);
    const unchecked = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    unchecked.runStarted();
    expect(unchecked.runEnded({ displacement_m: 3.04 }, false)).toEqual({ from: 0 });
  });

  it("takes a stop the brakes made near a landing, with the door-zone sensor reading outside, as outside: no missed vane", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2, confidenceSigma: 3, missedVaneM: 0.1 });
    shaft.runStarted();
    expect(shaft.runEnded({ displacement_m: 3.04, emergency: true }, false)).toEqual({ from: 0 });
    expect(shaft.position).toBeCloseTo(3.04, 6);
  });

  it("does not put the position right at a zone left far short of its height (the sensor lost the vane)", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    shaft.runStarted();
    shaft.moved(2.83);
    expect(shaft.zoneEdge(1, true, "up")).toEqual({ landing: 1, position: 2.8 });
    shaft.moved(2.9);
    // 0.07 m into a 0.4 m zone: the edge would move the car to 3.2.
    expect(shaft.zoneEdge(1.2, false, "up")).toEqual({ landing: 1, position: 3.2, earlyExitM: expect.closeTo(0.07, 6) });
    expect(shaft.position).toBeCloseTo(2.87, 6);
    const whole = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    whole.runStarted();
    whole.moved(2.83);
    whole.zoneEdge(1, true, "up");
    whole.moved(3.22);
    expect(whole.zoneEdge(1.5, false, "up")).toEqual({ landing: 1, position: 3.2 });
    expect(whole.position).toBeCloseTo(3.2, 6);
    // Down into the zone of landing 1, then back up out of it by the same edge: no early exit.
    const back = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 2, snapM: 0.6, zoneHalfM: 0.2 });
    back.runStarted();
    back.moved(-2.78);
    back.zoneEdge(1, true, "down");
    back.moved(-2.79);
    expect(back.zoneEdge(1.5, false, "up")).toEqual({ landing: 1, position: 3.2 });
  });

  it("puts a rest at the edge of a zone the car crawled out of after its run, and knows it beyond an end landing", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 1, snapM: 0.6, zoneHalfM: 0.2 });
    shaft.runStarted();
    expect(shaft.runEnded({ displacement_m: -3.02 })).toEqual({ from: 1, to: 0 });
    expect(shaft.crawledOut(20, "down")).toEqual({ landing: 0, position: -0.2 });
    expect(shaft.position).toBeCloseTo(-0.2, 6);
    expect(shaft.leftEndZone("bottom")).toBe(true);
    shaft.runStarted();
    expect(shaft.crawledOut(30, "down")).toBeUndefined();
  });

  it("does not call a zone left short an early exit where the speed may be off by the rest of the zone over the crossing (a car shaken hard)", () => {
    const shaken = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    shaken.runStarted();
    shaken.moved(2.83);
    shaken.zoneEdge(1, true, "up");
    shaken.moved(2.98);
    // 0.15 m into a 0.4 m zone in 0.5 s, the speed known to 0.1 m/s (3 σ: 0.15 m more): it may have crossed it.
    expect(shaken.zoneEdge(1.5, false, "up", 0, 0.1)).toEqual({ landing: 1, position: 3.2 });
    expect(shaken.position).toBeCloseTo(3.2, 6);
    const steady = new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2 });
    steady.runStarted();
    steady.moved(2.83);
    steady.zoneEdge(1, true, "up");
    steady.moved(2.98);
    expect(steady.zoneEdge(1.5, false, "up", 0, 0.01)).toEqual({ landing: 1, position: 3.2, earlyExitM: expect.closeTo(0.15, 6) });
  });

  it("places a rest its reckoning could not, once the trips after it fit one landing only (up about three floors, then two more: the top)", () => {
    const shaft = new ShaftPosition({ landingsM: [0, 3.2, 6.4, 9.6, 12.8], startLanding: 0, snapM: 0.6, zoneHalfM: 0.2, confidenceSigma: 3, missedVaneM: 0, narrowsByTrips: true });
    shaft.runStarted();
    // Known to 1.2 m (one σ): landings 2, 3 and 4 lie within 3 σ of 9.9 m.
    expect(shaft.runEnded({ displacement_m: 9.9 }, undefined, 1.2)).toEqual({ from: 0 });
    expect(shaft.landing).toBeUndefined();
    shaft.runStarted();
    // 16.2 ± 1.5 m: only the top landing is near, and 6.3 m leads there from landing 2.
    expect(shaft.runEnded({ displacement_m: 6.3 }, undefined, 0.3)).toEqual({ to: 4 });
    expect(shaft.landing).toBe(4);
    expect(shaft.uncertaintyM).toBe(0);
  });

  describe("after the car moved unseen", () => {
    /** Evenly spaced floors: no trip but a full-height one fits a single pair of landings. */
    const lost = () => {
      const shaft = new ShaftPosition({ landingsM: [0, 3.2, 6.4, 9.6, 12.8], startLanding: 4, snapM: 0.6, zoneHalfM: 0.2 });
      shaft.lose();
      return shaft;
    };
    const trip = (shaft: ShaftPosition, displacementM: number, inZone?: boolean) => {
      shaft.runStarted();
      return shaft.runEnded({ displacement_m: displacementM }, inZone);
    };

    it("finds the landing once the trips since fit only one (down two floors, one, one: the bottom)", () => {
      const shaft = lost();
      expect(trip(shaft, -6.37)).toEqual({});
      expect(shaft.position).toBeUndefined();
      expect(trip(shaft, -3.17)).toEqual({});
      expect(trip(shaft, -3.16)).toEqual({ to: 0 });
      expect(shaft.landing).toBe(0);
      // Known again: the next trip is placed at both ends.
      expect(trip(shaft, 9.55)).toEqual({ from: 0, to: 3 });
    });

    it("fits a trip to pairs of landings within 3 σ of its own uncertainty: a chip reading short does not anchor on a wrong pair", () => {
      const landings = [0, 5.9, 9.59, 12.84, 15.85, 19.85, 23.44, 26.36, 29.29];
      // Truly 2 → 0 (9.59 m down), read 9.355 m: within 0.15 m of 8 → 5 (9.44 m), not of its own.
      const careless = new ShaftPosition({ landingsM: landings, startLanding: 8, snapM: 0.6, zoneHalfM: 0.15 });
      careless.lose();
      careless.runStarted();
      expect(careless.runEnded({ displacement_m: -9.355 })).toEqual({ to: 5 });
      const shaft = new ShaftPosition({ landingsM: landings, startLanding: 8, snapM: 0.6, zoneHalfM: 0.15 });
      shaft.lose();
      shaft.runStarted();
      expect(shaft.runEnded({ displacement_m: -9.355 }, undefined, 0.37)).toEqual({});
      expect(shaft.landing).toBeUndefined();
    });

    it("starts the reckoning afresh after a stop outside a door zone, or a trip that fits none of the landings left", () => {
      const outside = lost();
      trip(outside, -6.4);
      trip(outside, -3.2);
      trip(outside, 1.5, false);
      expect(trip(outside, -3.2)).toEqual({});
      const misfit = lost();
      trip(misfit, 9.6); // at 3 or 4
      trip(misfit, 6.4); // none: 3 and 4 have no landing 6.4 m above
      expect(trip(misfit, -3.2)).toEqual({});
      expect(trip(misfit, 12.8)).toEqual({ to: 4 });
    });
  });

  it("measures the stop's offset from the landing by integrating back from rest to the zone edge", () => {
    const leveling = new LevelingEstimator(10_000);
    // Entering the zone of the landing at 3.0 m (lower edge 2.8 m) at 0.5 m/s, braking at 0.8 m/s² to rest.
    const deceleration = 0.8;
    const v0 = 0.5;
    const stopAfter = v0 / deceleration;
    const rate = 200;
    const edgeT = 1;
    for (let index = 0; index <= 3 * rate; index++) {
      const t = index / rate;
      leveling.push(t, t >= edgeT && t < edgeT + stopAfter ? -deceleration : 0);
    }
    const travelled = (v0 * v0) / (2 * deceleration); // from the edge to rest
    leveling.zoneEntered(edgeT, 2.8, 3.0);
    // Within 2 mm: the braking step is sampled, so the trapezoid rule is off by half a sample at each end.
    const measured = leveling.stopped()!;
    expect(Math.abs(measured.error_mm - (2.8 + travelled - 3.0) * 1000)).toBeLessThan(2);
    // No noise: what little uncertainty there is comes from the two jumps of the sampled braking step.
    expect(measured.uncertainty_mm).toBeLessThan(5);
    // The same edge known only to ±10 ms (σ 5.8 ms) at 0.5 m/s: about 2.9 mm more, in quadrature.
    leveling.zoneEntered(edgeT, 2.8, 3.0, { uncertaintyS: 0.02 / Math.sqrt(12) });
    const looser = leveling.stopped()!;
    expect(looser.error_mm).toBe(measured.error_mm);
    expect(looser.uncertainty_mm).toBeCloseTo(Math.hypot(measured.uncertainty_mm, 0.5 * (20 / Math.sqrt(12))), 0);
  });

  it("counts the run's offset over a slow crawl's long approach: a reading 1.5 mm/s² off over 4.4 s is within what it claims", () => {
    // Into the zone at 0.1 m/s, braking to a 6 cm/s crawl in 0.4 s, crawling 3.9 s, then a 0.1 s stop:
    // 0.24 m from the edge to rest. The reading is off by the offset's σ, 1.5 mm/s², all the way.
    const offsetMps2 = 0.0015;
    const motion = (t: number) => (t < 1 ? 0 : t < 1.4 ? -0.1 : t < 5.3 ? 0 : t < 5.4 ? -0.6 : 0);
    const approach = (offsetUncertaintyMps2: number, referenceVariance = 0) => {
      const leveling = new LevelingEstimator(10_000, offsetUncertaintyMps2);
      for (let index = 0; index <= 8 * 400; index++) leveling.push(index / 400, motion(index / 400) - offsetMps2);
      leveling.zoneEntered(1, 2.75, 3.0);
      return leveling.stopped(5.6, Infinity, referenceVariance)!;
    };
    const truthMm = (0.1 * 0.4 - (0.1 * 0.4 * 0.4) / 2 + 0.06 * 3.9 + (0.06 * 0.1) / 2 + 2.75 - 3.0) * 1000;
    const claimed = approach(offsetMps2);
    // Off by about ½·b·T² = 15 mm, beyond 3 σ of what it claimed without the offset (the sampled steps' 4 mm).
    const offMm = Math.abs(claimed.error_mm - truthMm);
    expect(offMm).toBeGreaterThan(3 * approach(0).uncertainty_mm);
    expect(offMm).toBeLessThan(1.5 * claimed.uncertainty_mm);
    // What the gravity reference kept of the noise it averaged (0.002 m/s² on a noisy chip at 50 Hz) is an offset too.
    const withReference = approach(offsetMps2, 0.002 ** 2);
    expect(withReference.uncertainty_mm).toBeGreaterThan(claimed.uncertainty_mm);
    expect(withReference.uncertainty_mm).toBeCloseTo(approach(Math.hypot(offsetMps2, 0.002)).uncertainty_mm, 1);
  });

  it("measures no stop the car was bouncing at (people jumping as it arrived): the speed it had would carry over the whole approach", () => {
    // Braking into the zone as in the first leveling test; from 1.8 s people jump, 2 m/s² at 2 Hz, until the door opens at 3 s.
    const approach = (jumping: boolean) => {
      const leveling = new LevelingEstimator(10_000);
      for (let index = 0; index <= 3 * 200; index++) {
        const t = index / 200;
        const bounce = jumping && t >= 1.8 ? 2 * Math.sin(2 * Math.PI * 2 * (t - 1.8)) : 0;
        leveling.push(t, (t >= 1 && t < 1.625 ? -0.8 : 0) + bounce);
      }
      leveling.zoneEntered(1, 2.8, 3.0);
      return leveling.stopped(3, 0.06);
    };
    expect(approach(false)).toBeDefined();
    expect(approach(true)).toBeUndefined();
  });

  it("keeps only its last samples: the same stop measured after they wrapped round, none once the edge is older", () => {
    const approach = (capacity: number, edgeT: number) => {
      const leveling = new LevelingEstimator(capacity);
      // 10 s at 200 Hz; braking from 0.5 m/s at 0.8 m/s² from `edgeT` on.
      for (let index = 0; index <= 2000; index++) {
        const t = index / 200;
        leveling.push(t, t >= edgeT && t < edgeT + 0.625 ? -0.8 : 0);
      }
      leveling.zoneEntered(edgeT, 2.8, 3.0);
      return leveling.stopped();
    };
    const kept = approach(10_000, 8);
    // 500 samples: the last 2.5 s, written over the ring's start several times.
    expect(approach(500, 8)).toEqual(kept);
    expect(approach(500, 7)).toBeUndefined();
  });
});
