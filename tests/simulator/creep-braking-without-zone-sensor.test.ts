/**
 * A brake slipping too gently to feel (0.05 m/s²) with the door open, on boxes without a
 * door-zone sensor (a review helper's scenarios): the car creeps 0.8 m down and the protection
 * stops it. The box felt only the braking, took it for a start upwards and integrated a run for
 * 36 s while the car stood: a false overtravel at the top, and with a barometer a false
 * overspeed. A run begun with the door open is not trusted for where the car is until it brakes
 * itself, and one that goes quiet without braking was such a braking: the car stands.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

function creep(box: Record<string, unknown>, lift: Record<string, unknown> = { rated_speed_mps: 1.0 }) {
  return scenarioSchema.parse({
    name: "creep with the door open, no door-zone sensor",
    duration_s: 120,
    building: { landings_m: [0, 3.5, 7.0, 10.5, 14.0] },
    lift,
    box: { door_zone_sensor: false, ...box },
    passengers: [{ at: 2, from: 0, to: 2 }],
    faults: [{ at: 15, kind: "unintended_movement", direction: "down", acceleration_mps2: 0.05, distance_m: 0.8 }],
  });
}

describe("a creep too gentle to feel, door open, on a box without a door-zone sensor", () => {
  it.each([
    ["the default box", {}],
    ["a box with a barometer", { barometer: true }],
    ["a box at 400 Hz", { accelerometer_hz: 400 }],
  ])("%s raises the unintended movement, and no overtravel or overspeed of a run the car never made", (_name, box) => {
    const run = runScenario(creep(box), { seed: 1 });
    const insured = run.records.filter((record) => insuredEventTypes.has(record.type)).map((record) => record.type);
    expect(insured).toContain("unintended_movement");
    expect(insured.filter((type) => type === "overtravel" || type === "overspeed")).toEqual([]);
    // The car stands from the braking on: no run of the box's lasts past a few seconds after it.
    const stall = run.truth.find((entry) => entry.type === "stall")!;
    expect(run.trips.every((trip) => trip.end.mono_ms / 1000 < stall.t + 5)).toBe(true);
  });
});
