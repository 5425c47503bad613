/**
 * A scenario that asks for an ideal accelerometer (noise_mps2: 0) gets a chip as quiet as a real
 * one can be, a quarter of its step (see CHIP_NOISE_FLOOR_STEPS): with none, the chip repeated
 * its readings bit for bit at rest, the firmware took it for frozen and dropped them, and the
 * overspeed, the overtravel and the door opened while moving went unraised, half the trips of a
 * day unseen.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { accelerometerChips } from "../../hal/boards/chip-catalog.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { CHIP_NOISE_FLOOR_STEPS, STANDARD_GRAVITY } from "../../simulator/sensors.ts";

const counts = (types: string[]) => types.reduce<Record<string, number>>((all, type) => ({ ...all, [type]: (all[type] ?? 0) + 1 }), {});

describe.each(["adxl345", "lis3dh", "mpu6050"] as const)("a scenario asking for no accelerometer noise, on the %s", (chip) => {
  it.each(["overspeed", "overtravel", "door-open-while-moving", "normal-hour"])("%s: the insured events expected, every trip, no sensor reported faulty", (name) => {
    const scenario = structuredClone(loadScenario(name));
    Object.assign(scenario.box, { noise_mps2: 0, accelerometer_chip: chip, accelerometer_hz: chip === "mpu6050" ? 100 : scenario.box.accelerometer_hz });
    if (name === "normal-hour") scenario.duration_s = 900;
    const run = runScenario(scenario);
    expect(run.records.filter((record) => record.type === "sensor_fault")).toEqual([]);
    expect(counts(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type))).toEqual(scenario.expect);
    const truthTrips = run.truth.filter((record) => record.type === "trip");
    if (scenario.faults.length === 0) expect(run.trips.length).toBe(truthTrips.length);
  });
});

it("the floor is a quarter of each chip's step at the simulated board's ±4 g, under every built-in scenario's noise", () => {
  const floors = Object.fromEntries(Object.entries(accelerometerChips).map(([name, chip]) => [name, CHIP_NOISE_FLOOR_STEPS * chip.stepG(4) * STANDARD_GRAVITY]));
  expect(floors.adxl345).toBeCloseTo(0.0096, 4);
  expect(floors.lis3dh).toBeCloseTo(0.0196, 4);
  expect(floors.mpu6050).toBeCloseTo(0.0003, 4);
});
