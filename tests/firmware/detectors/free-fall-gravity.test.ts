/**
 * A box boots at rest, feeling gravity. An accelerometer that has never read as much as the
 * free-fall limit is no falling car: the trace format lets axes be left out, and a trace of a
 * box's ax and ay, its vertical on az, read next to nothing at rest: a free fall at its first
 * readings, false and insured.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { FreeFallDetector, STANDARD_GRAVITY } from "../../../firmware/detectors/free-fall.ts";
import { configFromMetadata, replayTrace } from "../../../firmware/replay/replay.ts";
import { parseTrace } from "../../../firmware/replay/trace.ts";

const G = STANDARD_GRAVITY;

/** Readings every 10 ms from `fromS` for `seconds`, of |force| `g` × G along one axis: the falls raised. */
function feed(detector: FreeFallDetector, fromS: number, seconds: number, g: number) {
  const falls = [];
  for (let t = fromS; t < fromS + seconds - 1e-9; t += 0.01) {
    const fall = detector.reading(t, 0.02, g * G, 0.01);
    if (fall) falls.push(fall);
  }
  return falls;
}

describe("free fall and an accelerometer that does not feel gravity", () => {
  it("raises nothing while no reading has reached the limit", () => {
    const detector = new FreeFallDetector(defaultConfig().detection);
    expect(feed(detector, 0, 5, 0.01)).toEqual([]);
  });

  it("raises a fall once the box has felt gravity", () => {
    const detector = new FreeFallDetector(defaultConfig().detection);
    expect(feed(detector, 0, 1, 1)).toEqual([]);
    expect(feed(detector, 1, 0.5, 0.05)).toEqual([expect.objectContaining({ onset: expect.closeTo(1, 2) })]);
  });

  it("replays a trace logging only ax and ay of a parked box with no free fall", () => {
    const rows = Array.from({ length: 500 }, (_, index) => `${(index * 0.01).toFixed(2)},${(0.02 * Math.sin(index)).toFixed(4)},${(0.03 * Math.cos(index)).toFixed(4)},1`);
    const trace = parseTrace(["t,ax,ay,door_closed", ...rows].join("\n"), "ax-ay.csv");
    expect(replayTrace(trace, configFromMetadata(trace, "ax-ay.csv")).map((record) => record.type)).not.toContain("free_fall");
  });

  it("holds no frame until every logged axis has been read (an axis not yet read is not 0)", () => {
    const trace = parseTrace(["t,ax,ay,az", "0,0.1,0.2,", "0.01,0.1,0.2,9.8", "0.02,,,9.81"].join("\n"), "late-az.csv");
    expect(trace.frames.map((frame) => frame.acceleration)).toEqual([undefined, { x: 0.1, y: 0.2, z: 9.8 }, { x: 0.1, y: 0.2, z: 9.81 }]);
  });
});
