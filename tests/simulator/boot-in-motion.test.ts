/**
 * A trace that begins while the car moves: a box rebooted mid-run, or a recording started in
 * a ride. The box cannot tell a car going at an even speed from one at rest, and its gravity
 * reference warms up on whatever the car is doing. Cut at a tenth to nine tenths of a trip, the
 * traces of normal-hour, low-rise-day, express-day and hydraulic-day (50, 100 and 400 Hz, a
 * scratch sweep) raised false insured events on 291 of 1,008 cuts with a door-zone sensor; the
 * cuts here are a share of them, at 100 Hz:
 * - a reference that warmed up in the braking read the car at rest as accelerating for good:
 *   each run it began was impossible in turn, a new one began at once, and once the door had
 *   opened they were trusted (an unintended movement, then an overspeed every trip);
 * - one that held less of it (a box booting in the braking's last tenths, or a hydraulic lift
 *   braking so gently that the reference learnt the braking too) put the next trip's speed
 *   past the overspeed limit.
 * Without a door contact nothing says the car stood still: each run the braking's offset began
 * ran on until it was impossible, and one after another lasted until the gravity reference's
 * error turned a later trip into an overtravel and an overspeed. (Such a box still misses some
 * of the trips of its first minutes: only the insured events are asserted there.)
 * The box is told the trip's destination as its start landing: where a cut trace's car is.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import type { DetectionRecord } from "../../firmware/frame.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";

const AFTER_CUT_S = 120;

interface TruthTrip {
  start: number;
  end: number;
  to: number;
  direction: string;
}

function cutTraces(name: string, durationS: number, doorContact: boolean, doorZone: boolean) {
  const scenario = loadScenario(name);
  scenario.box.accelerometer_hz = 100;
  scenario.box.door_zone_sensor = doorZone;
  scenario.duration_s = durationS;
  const trips = runScenario(structuredClone(scenario)).truth.filter((record) => record.type === "trip") as unknown as TruthTrip[];
  const trace = parseTrace(scenarioTrace(scenario), `${name}.csv`);
  const metadata = configFromMetadata(trace, `${name}.csv`);
  const config = { ...metadata, sensors: { ...metadata.sensors, door_contact: doorContact } };
  /** The records of the trace from `cutS` on, for AFTER_CUT_S, the box told the car is at `landing`. */
  const replayFrom = (cutS: number, landing: number): DetectionRecord[] => {
    const frames = trace.frames.filter((frame) => frame.t >= cutS && frame.t <= cutS + AFTER_CUT_S);
    return replayTrace({ ...trace, frames }, { ...config, lift: { ...config.lift, start_landing: landing } });
  };
  return { trips, replayFrom };
}

describe.each([
  { name: "normal-hour", durationS: 420, trips: [0, 1, 2, 3, 4, 5], doorContact: true, doorZone: true },
  { name: "hydraulic-day", durationS: 700, trips: [1, 2, 3, 6], doorContact: true, doorZone: true },
  { name: "normal-hour", durationS: 420, trips: [4, 5], doorContact: false, doorZone: true },
  { name: "low-rise-day", durationS: 420, trips: [8, 9, 10], doorContact: true, doorZone: false },
])("$name's trace begun mid-trip (door contact: $doorContact, door-zone sensor: $doorZone)", ({ name, durationS, trips: chosen, doorContact, doorZone }) => {
  const { trips, replayFrom } = cutTraces(name, durationS, doorContact, doorZone);
  const cases = chosen.flatMap((index) => [0.1, 0.35, 0.65, 0.9].map((fraction) => ({ index, fraction })));

  it.each(cases)("trip $index cut at $fraction of its way: nothing insured, and the trips after it found", ({ index, fraction }) => {
    const trip = trips[index];
    const cutS = trip.start + fraction * (trip.end - trip.start);
    const records = replayFrom(cutS, trip.to);
    expect(records.filter((record) => insuredEventTypes.has(record.type)).map((record) => `${record.type}@${record.onset}`)).toEqual([]);
    if (!doorContact) return;
    // Whole trips after the cut one, clear of the trace's end.
    const within = (start: number, end: number) => start > trip.end && end < cutS + AFTER_CUT_S - 2;
    const later = trips.filter((truth) => within(truth.start, truth.end));
    const found = records.filter((record) => record.type === "trip" && within(record.start as number, record.end as number));
    expect(found.map((record) => record.direction)).toEqual(later.map((truth) => truth.direction));
  });
});
