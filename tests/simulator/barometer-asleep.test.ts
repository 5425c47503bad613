/**
 * A barometer that drops to sleep keeps its last conversion, and its driver reads it on, bit for
 * bit. On a box without a door-zone sensor, whose barometer puts the accelerometer's runs right,
 * the stuck value pulled every run back towards 0 m: a field engineer's stuck trace of the
 * built-in tower day raised 63 false insured overtravels in an hour, and this simulator's lift
 * ten or twelve in ten minutes (none with no barometer at all). The box now finds it stuck
 * through the first run of 3 m, reports it, and goes on as a box without one.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

const tower = (asleepAtS?: number) =>
  scenarioSchema.parse({
    name: "barometer-asleep",
    duration_s: 600,
    building: { landings_m: [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44] },
    lift: { rated_speed_mps: 2.5 },
    // 5 % over-sensitive: integration alone puts long runs a floor out, which the barometer mends.
    box: { accelerometer_hz: 200, noise_mps2: 0.03, sensitivity: 1.05, door_zone_sensor: false, barometer: true, barometer_noise_pa: 4 },
    traffic: { passengers_per_hour: 240 },
    faults: asleepAtS === undefined ? [] : [{ at: asleepAtS, kind: "barometer_asleep" }],
  });

describe("a barometer that drops to sleep on a box without a door-zone sensor", () => {
  it("is reported stuck within its next long run and no longer used: no false insured event", () => {
    for (const seed of [1, 2]) {
      const scenario = tower(60);
      const run = runScenario(scenario, { seed });
      const report = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]);
      expect(report.types.filter((line) => insuredEventTypes.has(line.type) && (line.false_alarms > 0 || line.missed > 0)), `seed ${seed}`).toEqual([]);
      const faults = run.records.filter((record) => record.type === "sensor_fault");
      expect(faults, `seed ${seed}`).toHaveLength(1);
      expect(faults[0], `seed ${seed}`).toMatchObject({ sensor: "barometer", reason: expect.stringMatching(/^stuck: /) });
      expect(faults[0].t, `seed ${seed}`).toBeGreaterThan(60);
      expect(faults[0].t, `seed ${seed}`).toBeLessThan(120);
    }
  });

  it("is not taken for stuck while it is awake", () => {
    const run = runScenario(tower(), { seed: 1 });
    expect(run.records.filter((record) => record.type === "sensor_fault")).toEqual([]);
  });
});
