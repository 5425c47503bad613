/**
 * Real recordings (../shared/realdata, outside the repository; read by path only): every
 * labelled trace replayed through the firmware pipeline. These are all normal rides, so no
 * insured event may appear, no trip may sit inside a non-elevator stretch, and most labelled
 * rides must be found with the right direction. Phones are hand-held: the shaking of a hand
 * may read as abnormal vibration (not insured), and gaps in their data as sensor faults.
 */
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";

/** What a normal recording may raise besides trips. */
const HARMLESS = new Set(["trip", "abnormal_vibration", "sensor_fault", "sensor_recovered"]);

const folder = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/realdata");
const labelsFile = join(folder, "labels.json");
const present = existsSync(labelsFile);

interface Ride {
  start: number;
  end: number;
  direction: "up" | "down";
  tolerance_s?: number;
}
interface Label {
  rides: Ride[];
  no_elevator_segments?: { start: number; end: number; activity: string }[];
}
interface Trip {
  type: string;
  start: number;
  end: number;
  direction: string;
}

/**
 * 92 of 97 rides were found with the right direction when this suite was written; 91 once the
 * gravity reference stopped learning each start's first rise, which lost HeshamElsaman_ad002 (a
 * hand-held phone's linear acceleration, a 21 s ride down; its siblings read 7–8 m): it had
 * been found as a 0.52 m trip, right by its sign alone. On 5 December it was found again, as a
 * 0.745 m trip closed at the trace's end, right by its sign alone as before, so 92 again; the
 * floor stays 91. The five missed (5 December): a barometer-only trace ending 1.5 s after its
 * ride, a 1.74 Hz accelerometer, a recording begun mid-start, and two phones' fused linear
 * acceleration (a weak start pulse; a reference seeded 0.4 m/s² off by a noisy first second).
 * The 1.74 Hz one (imu_2nd_to_5th_floor) is found since a start lobe held beyond the quiet
 * band for twice the hold, its mean beyond the threshold, is a start: 93, and the floor 92.
 */
const MIN_FOUND_RIGHT_FRACTION = 92 / 97;

describe.skipIf(!present)("real recordings", () => {
  const labels: Record<string, Label> = present ? JSON.parse(readFileSync(labelsFile, "utf8")).traces : {};
  const outcome = { rides: 0, foundRight: 0 };

  for (const [name, label] of Object.entries(labels)) {
    it(`${name}: nothing insured, no trip outside the lift`, () => {
      const file = join(folder, name);
      const trace = parseTrace(readFileSync(file, "utf8"), file);
      const records = replayTrace(trace, configFromMetadata(trace, file));
      expect(records.filter((record) => insuredEventTypes.has(record.type)).map((record) => record.type)).toEqual([]);
      expect(records.filter((record) => !HARMLESS.has(record.type)).map((record) => record.type)).toEqual([]);
      const trips = records.filter((record) => record.type === "trip") as unknown as Trip[];
      for (const segment of label.no_elevator_segments ?? []) {
        const inside = trips.filter((trip) => trip.start < segment.end && trip.end > segment.start);
        expect(inside, `trip during "${segment.activity}" (${segment.start}-${segment.end} s)`).toEqual([]);
      }
      for (const ride of label.rides) {
        const tolerance = ride.tolerance_s ?? 2;
        const match = trips.find((trip) => trip.start < ride.end + tolerance && trip.end > ride.start - tolerance);
        outcome.rides++;
        if (match?.direction === ride.direction) outcome.foundRight++;
      }
    });
  }

  it("finds most labelled rides with the right direction", () => {
    expect(outcome.rides).toBeGreaterThan(0);
    expect(outcome.foundRight / outcome.rides).toBeGreaterThanOrEqual(MIN_FOUND_RIGHT_FRACTION);
  });
});
