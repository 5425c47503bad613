/**
 * A box that feels next to no force is falling. Fixed to a car that falls from rest, it starts
 * a run at once, however sharply its force changed (the handling measure held the start back):
 * the fall is an overspeed too. A box carried and dropped starts none, its gravity reference
 * disturbed by the carrying: only its free fall is reported. (One pushed off a shelf at rest
 * reads as a car falling from rest until it lands: an overspeed as well.)
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import type { SensorFrame } from "../../../firmware/frame.ts";
import { replayTrace } from "../../../firmware/replay/replay.ts";
import { G, random, traceOf } from "./synthetic.ts";

const RATE_HZ = 400;
/** s: past the minute after boot in which a run's speed is not trusted */
const FALL_AT_S = 70;
const FALL_S = 0.5;

/** Specific force (m/s², box axes) at t; noise of 0.02 m/s² is added. */
function frames(force: (t: number) => [number, number, number], durationS: number): SensorFrame[] {
  const noise = random(7);
  const result: SensorFrame[] = [];
  for (let index = 0; index / RATE_HZ <= durationS; index++) {
    const t = index / RATE_HZ;
    const [x, y, z] = force(t).map((value) => value + 0.02 * noise.gaussian());
    result.push({ t, acceleration: { x, y, z } });
  }
  return result;
}

function replayed(force: (t: number) => [number, number, number]) {
  const config = defaultConfig({ lift: { rated_speed_mps: 1 } });
  return replayTrace(traceOf(frames(force, FALL_AT_S + 20), RATE_HZ), config);
}

describe("a box falling", () => {
  it("from rest, with a car arrested by its safety gear: a free fall, an overspeed and a trip down as far as it fell", () => {
    const arrestS = ((1 - 0.05) * G * FALL_S) / (0.6 * G);
    const records = replayed((t) => {
      if (t >= FALL_AT_S && t < FALL_AT_S + FALL_S) return [0, 0, 0.05 * G];
      if (t >= FALL_AT_S + FALL_S && t < FALL_AT_S + FALL_S + arrestS) return [0, 0, 1.6 * G];
      return [0, 0, G];
    });
    expect(records.map((record) => record.type)).toEqual(["free_fall", "overspeed", "trip"]);
    const fellM = ((1 - 0.05) * G * FALL_S * (FALL_S + arrestS)) / 2;
    const trip = records.find((record) => record.type === "trip")!;
    expect(trip.direction).toBe("down");
    expect(Math.abs((trip.integrated_distance_m as number) - fellM)).toBeLessThan(0.1);
  });

  it("carried and dropped, landing on its side: a free fall only, no run (the carrying disturbed its gravity reference)", () => {
    const records = replayed((t) => {
      // Walking with it: steps at 2 Hz, swaying.
      if (t >= FALL_AT_S - 10 && t < FALL_AT_S) return [2 * Math.sin(9 * t), 1.5 * Math.cos(7 * t), G + 3 * Math.sin(12.6 * t)];
      if (t >= FALL_AT_S && t < FALL_AT_S + FALL_S) return [0, 0, 0.03 * G];
      if (t >= FALL_AT_S + FALL_S && t < FALL_AT_S + FALL_S + 0.01) return [60, 20, 150];
      if (t >= FALL_AT_S + FALL_S + 0.01 && t < FALL_AT_S + FALL_S + 0.5) return [G * Math.sin(20 * t), 2 * Math.cos(13 * t), G * Math.cos(20 * t)];
      return t >= FALL_AT_S ? [G, 0, 0.03 * G] : [0, 0, G];
    });
    expect(records.map((record) => record.type)).toEqual(["free_fall"]);
  });
});
