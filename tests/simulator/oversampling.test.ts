/**
 * A 400 Hz box estimates motion at about 100 Hz on blocks of four readings (BlockAverage,
 * motion.processing_hz), while free fall, vibration and ride quality take every reading: its
 * events are still what happened, when it happened, its trips are dated as when it estimated
 * motion at every reading, and its ride quality is measured at 400 Hz.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function at400Hz(name: string, processingHz?: number) {
  const scenario = loadScenario(name);
  scenario.box.accelerometer_hz = 400;
  const run = runScenario(scenario, { seed: 1, ...(processingHz ? { config: { motion: { processing_hz: processingHz } } } : {}) });
  return { run, accuracy: assessAccuracy([{ name, run, end: scenario.duration_s }]).scenarios[0] };
}

describe("a 400 Hz box oversampled to 100 Hz", () => {
  for (const name of ["free-fall", "leveling-fault", "abnormal-vibration"]) {
    it(`${name}: raises what the truth holds and nothing else, its trips dated as at every reading, ride quality of every reading`, () => {
      const oversampled = at400Hz(name);
      const everyReading = at400Hz(name, 400);
      expect(oversampled.accuracy.missed).toEqual([]);
      expect(oversampled.accuracy.false_alarms).toEqual([]);
      const trips = oversampled.run.records.filter((record) => record.type === "trip");
      const reference = everyReading.run.records.filter((record) => record.type === "trip");
      expect(trips.length).toBeGreaterThan(0);
      expect(trips.length).toBe(reference.length);
      trips.forEach((trip, index) => {
        // Within a step (10 ms) and what the readings' noise moves an onset by.
        expect(Math.abs((trip.start as number) - (reference[index].start as number))).toBeLessThan(0.03);
        expect(Math.abs((trip.end as number) - (reference[index].end as number))).toBeLessThan(0.03);
      });
      for (const trip of oversampled.run.trips) expect(trip.ride_quality?.sample_rate_hz).toBeGreaterThan(390);
    });
  }
});
