/**
 * Misleveled stops on lifts and boxes drawn at random (see ../support/random-lift.ts), every box
 * with a door-zone sensor: the first one to three stops end 60-220 mm from their landing, each
 * still 30 mm inside its zone (the doors open normally). No stop is called misleveled that was
 * not; each one called so is measured to within the uncertainty it claims (3 σ), its sign right;
 * and most are found. Not all: a stop is called misleveled only 3 σ of its measurement beyond
 * the tolerance, and a levelling crawl integrates its seconds of noise and offset into that
 * measurement, as an unlearnt chip's 3.5 % does the approach's length.
 *
 * The draws are fixed by their seed, so a run is repeatable; a failure prints the scenario.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { randomBox, randomLift, scenarioOf, type Drawn } from "../support/random-lift.ts";

const DRAWS = 60;
/**
 * Of the misleveled stops, the share found. When this test was written: 32 of 33 on lifts that
 * land without a levelling crawl, 53 of 70 on lifts with one (21 of 27 of those 100 mm off or
 * more), the misses' measurements doubtful by 10-65 mm.
 */
const MIN_FOUND = { withoutCrawl: 0.9, all: 0.75 };

const misleveling = fc.record({ mm: fc.integer({ min: 60, max: 220 }), above: fc.boolean(), stops: fc.integer({ min: 1, max: 3 }) });

/** A draw's scenario and what the box made of its misleveled stops, judged against the truth. */
function judged([drawnLift, drawnBox, drawn]: [Drawn<typeof randomLift>, Drawn<typeof randomBox>, Drawn<typeof misleveling>]) {
  const top = drawnLift.landings.length - 1;
  const errorMm = Math.min(drawn.mm, drawnLift.zoneHalf * 1000 - 30) * (drawn.above ? 1 : -1);
  const scenario = scenarioOf(drawnLift, { ...drawnBox, doorZone: true }, (scenario: Scenario) => {
    scenario.traffic.passengers_per_hour = 0;
    // The first trip after the gravity reference has warmed up.
    scenario.passengers = [{ at: 20, from: 0, to: 2 }, { at: 80, from: 2, to: top }, { at: 170, from: top, to: 1 }, { at: 260, from: 1, to: 0 }];
    scenario.faults = [{ kind: "leveling_error", at: 0, error_mm: errorMm, count: drawn.stops }] as Scenario["faults"];
    scenario.duration_s = 350;
  });
  const report = assessAccuracy([{ name: "misleveling", run: runScenario(scenario, { seed: 1 }), end: scenario.duration_s }]);
  return {
    crawl: drawnLift.crawl !== null,
    found: report.matches.filter((match) => match.type === "leveling_fault"),
    missed: report.scenarios[0].missed.filter((record) => record.event === "leveling_fault"),
    falseAlarms: report.scenarios[0].false_alarms.map((record) => record.type),
    context: JSON.stringify({ building: scenario.building, lift: scenario.lift, box: scenario.box, faults: scenario.faults }),
  };
}

describe("misleveled stops on random lifts", () => {
  // Lifts of three landings or more: a trip to landing 2 and on to the top.
  const draws = fc.sample(fc.tuple(randomLift, randomBox, misleveling), { seed: 20261205, numRuns: DRAWS }).filter(([lift]) => lift.landings.length >= 3);
  let results: ReturnType<typeof judged>[] = [];
  beforeAll(() => {
    results = draws.map((draw) => judged(draw));
  }, 120_000);

  it.each(draws.map((_, index) => index))("draw %i: nothing called misleveled that was not, each found one measured within its claim", (index) => {
    const { found, falseAlarms, context } = results[index];
    expect(falseAlarms, context).toEqual([]);
    for (const { truth, detected } of found) {
      const [measured, actual, claimed] = [Number(detected.error_mm), Number(truth.details.error_mm), Number(detected.uncertainty_mm)];
      expect(Math.sign(measured), context).toBe(Math.sign(actual));
      expect(Math.abs(measured - actual), context).toBeLessThanOrEqual(3 * claimed + 1);
    }
  });

  it("finds nearly every one on lifts that land without a crawl, and most in all", () => {
    const share = (rows: typeof results) => {
      const found = rows.reduce((sum, row) => sum + row.found.length, 0);
      const misleveled = rows.reduce((sum, row) => sum + row.found.length + row.missed.length, 0);
      return { misleveled, fraction: found / misleveled };
    };
    const withoutCrawl = share(results.filter((row) => !row.crawl));
    const withCrawl = share(results.filter((row) => row.crawl));
    const all = share(results);
    expect(withoutCrawl.misleveled).toBeGreaterThan(DRAWS / 4);
    expect(withCrawl.misleveled).toBeGreaterThan(DRAWS / 4);
    expect(withoutCrawl.fraction).toBeGreaterThanOrEqual(MIN_FOUND.withoutCrawl);
    expect(all.fraction).toBeGreaterThanOrEqual(MIN_FOUND.all);
  });
});
