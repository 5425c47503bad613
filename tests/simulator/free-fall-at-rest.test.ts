/**
 * A parked car whose brake or ropes give way falls from rest. Its box feels next to no force,
 * a sharper change than any handling, and it must still see a run: the fall passes the
 * governor's tripping speed (an overspeed), a car falling from the bottom landing ends in the
 * pit (an overtravel), and one falling with its door open moves unintendedly. It leaves its
 * door zone 0.2 s into the fall, before the run's start is recognised. The fall and the safety
 * gear's arrest shake the car as no ride does: no abnormal vibration. Nor is anyone shut in
 * while the door stands open, though a box without a door-zone sensor learns that the car is
 * outside every zone only when the door shuts.
 *
 * A box that has just booted cannot tell a car at rest from one going at an even speed, so it
 * trusts no run's speed for a minute, unless the car was still in a door zone long enough to
 * be sure: a parked car falling 20 s after boot is judged as one falling later.
 */
import { describe, expect, it } from "vitest";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";

/** Past the boot's unseen_motion_s (60 s), when a run's speed is trusted from its start. */
const FALL_AT_S = 75;
const RESCUE_AT_S = 180;

function fallFromRest(startLanding: number, rateHz: number, doorOpen: boolean, doorZoneSensor: boolean, fallAtS = FALL_AT_S) {
  const scenario = loadScenario("free-fall");
  scenario.box.door_zone_sensor = doorZoneSensor;
  scenario.lift.start_landing = startLanding;
  scenario.box.accelerometer_hz = rateHz;
  scenario.duration_s = 240;
  // A passenger calls the car to its own floor: its door is open when it falls.
  scenario.passengers = doorOpen ? [{ at: fallAtS - 4, from: startLanding, to: startLanding === 0 ? 1 : 0 }] : [];
  scenario.faults = scenario.faults.map((fault) => (fault.kind === "free_fall" ? { ...fault, at: fallAtS, after_departure_s: undefined } : { ...fault, at: RESCUE_AT_S }));
  const run = runScenario(scenario);
  return { run, accuracy: assessAccuracy([{ name: "fall from rest", run, end: scenario.duration_s }]).scenarios[0] };
}

describe.each([
  { landing: 9, rateHz: 100, doorOpen: false, also: [], doorZoneSensor: true },
  { landing: 0, rateHz: 400, doorOpen: false, also: ["overtravel"], doorZoneSensor: true },
  { landing: 4, rateHz: 50, doorOpen: true, also: ["unintended_movement"], doorZoneSensor: true },
  // Without one, "outside" is told once the door shuts (for the rescue), dated at the stop: the
  // entrapment was raised at once, as if someone had been shut in while the door stood open.
  { landing: 4, rateHz: 100, doorOpen: true, also: ["unintended_movement"], doorZoneSensor: false },
])("a car falling from rest at landing $landing, door open: $doorOpen ($rateHz Hz, door-zone sensor: $doorZoneSensor)", ({ landing, rateHz, doorOpen, also, doorZoneSensor }) => {
  const { run, accuracy } = fallFromRest(landing, rateHz, doorOpen, doorZoneSensor);
  const raised = run.records.map((record) => record.type);

  it("is raised as a free fall and an overspeed, and as what else the truth expects", () => {
    for (const type of ["free_fall", "overspeed", ...also]) expect(raised, type).toContain(type);
    expect(accuracy.missed).toEqual([]);
    expect(accuracy.false_alarms).toEqual([]);
  });

  it("raises no abnormal vibration for the fall and its arrest", () => {
    expect(raised).not.toContain("abnormal_vibration");
  });

  it("reports the trip down as far as the car fell, to a decimetre", () => {
    const stall = run.truth.find((record) => record.type === "stall")!;
    const fellM = run.config.lift.landings_m[landing] - (stall.position_m as number);
    // Before the rescue, which moves it again.
    const trips = run.records.filter((record) => record.type === "trip" && (record.start as number) < RESCUE_AT_S);
    expect(trips).toEqual([expect.objectContaining({ direction: "down" })]);
    expect(Math.abs((trips[0].integrated_distance_m as number) - fellM)).toBeLessThan(0.1);
  });
});

// Parked since boot, its door shut: the car stayed in its landing's zone, so it was at rest.
describe.each([
  { landing: 0, rateHz: 100, also: ["overtravel"] },
  { landing: 6, rateHz: 50, also: [] },
])("a car parked at landing $landing since boot falling 20 s after it ($rateHz Hz)", ({ landing, rateHz, also }) => {
  const { run, accuracy } = fallFromRest(landing, rateHz, false, true, 20);

  it("is raised as a free fall and an overspeed, and as what else the truth expects", () => {
    const raised = run.records.map((record) => record.type);
    for (const type of ["free_fall", "overspeed", ...also]) expect(raised, type).toContain(type);
    expect(accuracy.missed).toEqual([]);
    expect(accuracy.false_alarms).toEqual([]);
  });
});
