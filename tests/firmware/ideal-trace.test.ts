/**
 * A trace written by a tool rather than recorded: exact readings, constant at rest and through
 * the cruise, as an acceptance check or another team's simulator may write one. It was taken for
 * a frozen chip (readings dropped, the car's motion unseen): no trip, no overspeed.
 */
import { describe, expect, it } from "vitest";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";

const LANDINGS_M = [0, 3.5, 7, 10.5, 14, 17.5, 21];

/** `restS` (70 s) at rest at landing 0, up at ±1 m/s² to `cruiseMps` and on to landing 6 (21 m), 30 s at rest; 100 Hz, exact values. */
function idealTrip(cruiseMps: number, restS = 70): string {
  const rows: string[] = [];
  const cruiseS = (21 - cruiseMps * cruiseMps) / cruiseMps;
  const phases: [number, number][] = [[restS, 0], [cruiseMps, 1], [cruiseS, 0], [cruiseMps, -1], [30, 0]];
  let index = 0;
  let velocity = 0;
  let height = 0;
  for (const [seconds, acceleration] of phases) {
    for (let sample = 0; sample < Math.round(seconds * 100); sample++, index++) {
      velocity += acceleration / 100;
      height += velocity / 100;
      const inZone = LANDINGS_M.some((landing) => Math.abs(height - landing) <= 0.2);
      rows.push(`${(index / 100).toFixed(2)},0,0,${(9.80665 + acceleration).toFixed(5)},1,${inZone ? 1 : 0}`);
    }
  }
  return [`# rated_speed_mps: 1`, `# landings_m: ${LANDINGS_M.join(",")}`, "# start_landing: 0", "# door_zone_half_m: 0.2", "t,ax,ay,az,door_closed,door_zone", ...rows].join("\n");
}

describe("an ideal synthetic trace", () => {
  it("is no frozen chip: its trip is found and placed, its overspeed raised", () => {
    const trace = parseTrace(idealTrip(1.5), "ideal.csv");
    const records = replayTrace(trace, configFromMetadata(trace, "ideal.csv"));
    expect(records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(records.filter((record) => record.type === "trip")).toEqual([expect.objectContaining({ direction: "up", from_landing: 0, to_landing: 6, distance_m: expect.closeTo(21, 1) })]);
    expect(records.filter((record) => record.type === "overspeed").length).toBeGreaterThan(0);
  });

  it("beginning its trip a second in, before the car's motion is known, raises its overspeed as the trip ends", () => {
    // Until a rest is sure, a run may be the braking of a car already moving: its speed is not
    // trusted while it runs, and what it found was dropped. A whole run, start to braking, is.
    const trace = parseTrace(idealTrip(1.5, 1), "ideal.csv");
    const records = replayTrace(trace, configFromMetadata(trace, "ideal.csv"));
    const trip = records.find((record) => record.type === "trip")!;
    const overspeeds = records.filter((record) => record.type === "overspeed");
    expect(trip).toMatchObject({ from_landing: 0, to_landing: 6 });
    expect(overspeeds.length).toBeGreaterThan(0);
    for (const overspeed of overspeeds) {
      expect(overspeed.onset).toBeGreaterThan(trip.onset);
      expect(overspeed.onset).toBeLessThan(trip.onset + 15);
      expect(overspeed.t).toBeGreaterThanOrEqual(overspeed.onset);
    }
  });

  it("at the rated speed raises nothing insured but the door that never opened", () => {
    const trace = parseTrace(idealTrip(1), "ideal.csv");
    const types = replayTrace(trace, configFromMetadata(trace, "ideal.csv")).map((record) => record.type);
    expect(types.filter((type) => type !== "heartbeat" && type !== "trip")).toEqual(["door_fault"]);
  });
});
