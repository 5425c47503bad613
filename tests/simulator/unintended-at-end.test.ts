/**
 * A brake slipping away from an end landing carries the car beyond it: an unintended movement
 * that is an overtravel too ("car beyond the end landing"); on a slow lift the slip passes the
 * governor's tripping speed, an overspeed too. A car falling into the pit is an overtravel too.
 * The simulated lift's truth says so, as the box does.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { loadScenario, scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { judgedRun } from "../support/judged-run.ts";

describe.each([
  ["up", "top"],
  ["down", "bottom"],
] as const)("a car slipping %s from the %s landing with its door open", (direction, end) => {
  const scenario = loadScenario("unintended-movement");
  const top = scenario.building.landings_m.length - 1;
  scenario.lift.start_landing = end === "top" ? 0 : top;
  scenario.passengers = [{ at: 2, from: scenario.lift.start_landing, to: end === "top" ? top : 0 }];
  for (const fault of scenario.faults) if (fault.kind === "unintended_movement") fault.direction = direction;
  const run = runScenario(scenario);

  it("is expected by the truth as an overtravel at that end, beyond the door zone", () => {
    const expected = run.truth.flatMap((record) => (record.type === "expected" ? [record] : []));
    expect(expected.filter((record) => record.event === "overtravel")).toEqual([expect.objectContaining({ details: { end } })]);
    const slip = expected.find((record) => record.event === "unintended_movement")!;
    const overtravel = expected.find((record) => record.event === "overtravel")!;
    expect(overtravel.onset).toBeGreaterThan(slip.onset);
  });

  it("is raised by the box as both", () => {
    const insured = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.filter((envelope) => envelope.type === "overtravel").map((envelope) => envelope.details)).toEqual([expect.objectContaining({ end })]);
    expect(insured.map((envelope) => envelope.type)).toContain("unintended_movement");
  });
});

describe("a car slipping on a slow lift (0.6 m/s rated): 0.98 m/s after 0.8 m at 0.6 m/s²", () => {
  const scenario = loadScenario("unintended-movement");
  scenario.lift.rated_speed_mps = 0.6;
  const run = runScenario(scenario);

  it("is expected by the truth as an overspeed, past 1.15 × rated, and raised by the box as one, at both its levels", () => {
    const expected = run.truth.flatMap((record) => (record.type === "expected" ? [record] : []));
    expect(expected.filter((record) => record.event === "overspeed")).toHaveLength(1);
    const insured = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    // 0.98 m/s is past the second level too (1.4 × rated, 0.84 m/s): raised again, severe.
    expect(insured.filter((envelope) => envelope.type === "overspeed").map((envelope) => envelope.details?.severe)).toEqual([false, true]);
    expect(insured.map((envelope) => envelope.type)).toContain("unintended_movement");
  });
});

describe("a car falling from the first floor, arrested in the pit below the bottom landing", () => {
  const scenario = loadScenario("free-fall");
  scenario.lift.start_landing = 1;
  scenario.passengers = [{ at: 5, from: 1, to: 0 }];
  for (const fault of scenario.faults) if (fault.kind === "free_fall") fault.after_departure_s = 1;
  const run = runScenario(scenario);

  it("is expected by the truth as an overtravel at the bottom, and raised by the box as one", () => {
    const stall = run.truth.find((record) => record.type === "stall")!;
    expect(stall.position_m).toBeLessThan(-scenario.building.door_zone_half_m);
    const expected = run.truth.flatMap((record) => (record.type === "expected" ? [record] : []));
    expect(expected.filter((record) => record.event === "overtravel")).toEqual([expect.objectContaining({ details: { end: "bottom" } })]);
    const insured = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(insured.filter((envelope) => envelope.type === "overtravel").map((envelope) => envelope.details)).toEqual([expect.objectContaining({ end: "bottom" })]);
  });
});

// A review helper's regression check: a run begun with the door open is not trusted for where
// the car is until it brakes (a creep's braking may be taken for a start), and the overtravel of
// a slip past the top landing was dated at the brake, 2 s after the car left the zone.
describe.each([true, false])("a slip at 0.3 m/s² past the top landing, stopped 1.5 m on (door-zone sensor: %s)", (doorZone) => {
  const scenario = scenarioSchema.parse({
    name: "slip past the top landing",
    duration_s: 200,
    building: { landings_m: [0, 3.0, 6.0] },
    lift: { rated_speed_mps: 1.0, start_landing: 1 },
    box: { accelerometer_hz: 100, noise_mps2: 0.03, door_zone_sensor: doorZone },
    passengers: [{ at: 2, from: 0, to: 2 }],
    faults: [
      { at: 15, kind: "unintended_movement", direction: "up", acceleration_mps2: 0.3, distance_m: 1.5, stop_deceleration_mps2: 1.5 },
      { at: 150, kind: "rescue" },
    ],
  });

  it.each([1, 2])("raises the overtravel as the car leaves the zone, not at the brake (seed %i)", (seed) => {
    const run = runScenario(scenario, { seed });
    const truth = run.truth.find((record) => record.type === "expected" && record.event === "overtravel");
    const raised = run.records.filter((record) => record.type === "overtravel");
    expect(truth?.type === "expected" && raised.map((record) => Math.abs(Number(record.onset) - truth.onset) < 1)).toEqual([true]);
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});


// A slip too gentle to be felt starting (0.12 m/s² or less; the quiet band) leaves the zone
// unfelt: the unintended movement is raised as it leaves, and which way it went only the brake
// that stops it tells, taken for a start back toward the shaft. A sweep of slips at end
// landings (.prof/s58) missed the overtravel of every one at 0.04 m/s².
describe.each([
  ["down", 0, "bottom"],
  ["up", 4, "top"],
] as const)("a slip of 0.04 m/s² %s from landing %i, too gentle to feel", (direction, start, end) => {
  const slip = (way: "up" | "down") =>
    scenarioSchema.parse({
      name: "gentle slip at an end landing",
      duration_s: 260,
      building: { landings_m: [0, 3.5, 7, 10.5, 14] },
      lift: { rated_speed_mps: 1, start_landing: start },
      box: { accelerometer_hz: 100, noise_mps2: 0.02, presence_sensor: true },
      passengers: [{ at: 5, from: start, to: 2 }],
      faults: [{ kind: "unintended_movement", at: 6, direction: way, acceleration_mps2: 0.04 }, { kind: "rescue", at: 200 }],
    });

  it("away from the shaft, is an overtravel dated where the car left the zone, raised once the brake is found", () => {
    const scenario = slip(direction);
    const run = runScenario(scenario, { seed: 1 });
    const truth = run.truth.find((record) => record.type === "expected" && record.event === "overtravel");
    expect(truth?.type === "expected" && truth.details).toEqual({ end });
    const raised = run.records.filter((record) => record.type === "overtravel");
    expect(raised.map((record) => record.end)).toEqual([end]);
    expect(Number(raised[0].onset)).toBeCloseTo(truth!.type === "expected" ? truth!.onset : NaN, 1);
    // The brake stops the car 0.8 m on, about 3 s after it left; the run it is taken for is found out as it goes on.
    expect(raised[0].t - Number(raised[0].onset)).toBeLessThan(20);
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });

  it("toward the shaft, is no overtravel", () => {
    const scenario = slip(direction === "down" ? "up" : "down");
    const run = runScenario(scenario, { seed: 1 });
    expect(run.records.filter((record) => record.type === "overtravel")).toEqual([]);
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });
});
