/**
 * A trace whose accelerometer readings stop for 1.2 s in each trip's braking (a logger's
 * hiccup, a FIFO lost; shorter than health.gap_s, so no sensor fault): a review helper's own
 * simulator found that the box integrated across the gap as one reading, the braking lost,
 * and ran each trip into the next: false insured overtravels at the far end of the shaft and
 * false leveling faults. A run now loses sight of the car at a gap of more than 0.8 s in its start
 * or braking (see gapSFor), and one that had braked and gone quiet before the gap ended there.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";

const GAP_S = 1.2;

/** The trips' trace with the accelerometer's cells emptied over [cutFrom(trip), + GAP_S) in each trip. */
function replayedWithGaps(hz: number, seed: number, cutFrom: (trip: { start: number; end: number; from: number; to: number }) => number) {
  const scenario = scenarioSchema.parse({
    name: "gaps",
    duration_s: 160,
    building: { landings_m: [0, 4.5, 7.7, 10.9, 14.1, 17.3, 20.5] },
    lift: { rated_speed_mps: 1.6 },
    box: { accelerometer_hz: hz },
    passengers: [
      { at: 15, from: 0, to: 2 },
      { at: 50, from: 2, to: 0 },
      { at: 85, from: 0, to: 5 },
      { at: 125, from: 5, to: 3 },
    ],
  });
  const trips = runScenario(scenario, { seed }).truth.flatMap((record) => (record.type === "trip" ? [record] : []));
  const cuts = trips.map((trip) => cutFrom(trip));
  const lines = scenarioTrace(scenario, seed).split("\n");
  const header = lines.findIndex((line) => line.startsWith("t,"));
  const axes = ["ax", "ay", "az"].map((column) => lines[header].split(",").indexOf(column));
  const cut = lines.map((line, index) => {
    if (index <= header || line === "") return line;
    const cells = line.split(",");
    const t = Number(cells[0]);
    if (cuts.some((from) => t >= from && t < from + GAP_S)) for (const axis of axes) cells[axis] = "";
    return cells.join(",");
  });
  const trace = parseTrace(cut.join("\n"), "gaps.csv");
  return { records: replayTrace(trace, configFromMetadata(trace, "gaps.csv")), trips };
}

describe("gaps of 1.2 s in the accelerometer's readings", () => {
  it("in each trip's braking: no trip run into the next, and nothing insured raised", () => {
    for (const hz of [50, 100]) {
      const { records } = replayedWithGaps(hz, 1, (trip) => trip.start + 0.93 * (trip.end - trip.start) - GAP_S / 2);
      expect(records.filter((record) => insuredEventTypes.has(record.type)), `${hz} Hz`).toEqual([]);
      // A trip whose braking is lost is not invented from two.
      expect(records.filter((record) => record.type === "trip" && Number(record.distance_m) > 11), `${hz} Hz`).toEqual([]);
    }
  });

  // A review helper's regression check: losing sight at every gap in a run lost a cruise's trip
  // and the car's place (a real overtravel then missed). A cruise's speed holds across a gap.
  it("in the cruise of the long trip: every trip found, to its landing", () => {
    for (const hz of [50, 100]) {
      const { records, trips } = replayedWithGaps(hz, 1, (trip) => (trip.to - trip.from === 5 ? trip.start + 0.5 * (trip.end - trip.start) : NaN));
      expect(records.filter((record) => record.type === "trip").map((trip) => trip.to_landing), `${hz} Hz`).toEqual(trips.map((trip) => trip.to));
    }
  });

  it("just after each trip stopped: every trip found, to its landing", () => {
    for (const hz of [50, 100]) {
      const { records, trips } = replayedWithGaps(hz, 1, (trip) => trip.end + 0.2);
      const found = records.filter((record) => record.type === "trip");
      expect(found.map((trip) => trip.to_landing), `${hz} Hz`).toEqual(trips.map((trip) => trip.to));
      expect(records.filter((record) => insuredEventTypes.has(record.type)), `${hz} Hz`).toEqual([]);
    }
  });
});
