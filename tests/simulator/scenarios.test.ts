/**
 * The vertical slice end to end, in simulated time: scenario → physics → sensors → the
 * firmware's pipeline and machines → envelopes.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { configFromMetadata, replayTrace } from "../../firmware/replay/replay.ts";
import { parseTrace } from "../../firmware/replay/trace.ts";
import { contractViolation } from "../../protocols/contract.ts";
import { builtInScenarios, loadScenario, type Scenario } from "../../simulator/scenario.ts";
import { runScenario } from "../../simulator/simulated-box.ts";
import { scenarioTrace } from "../../simulator/trace-export.ts";

/** How far the raised time may sit from onset + configured delay (the stop is seen ≤ 1 s late). */
const TIMING_TOLERANCE_S = 1.0;

function counts(types: string[]): Record<string, number> {
  return types.reduce<Record<string, number>>((all, type) => ({ ...all, [type]: (all[type] ?? 0) + 1 }), {});
}

describe.each(builtInScenarios().map((entry) => entry.name))("built-in scenario %s", (name) => {
  const scenario: Scenario = loadScenario(name);
  const run = runScenario(scenario);

  it("raises exactly the insured events it expects, and no other", () => {
    const insured = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type);
    expect(counts(insured)).toEqual(scenario.expect);
  });

  it("is left as it was loaded, so that a second run of it (a trace of it) is the same run", () => {
    expect(scenario).toEqual(loadScenario(name));
  });

  it("exports a trace that replays to the insured events the box raised", () => {
    const trace = parseTrace(scenarioTrace(loadScenario(name)), `${name}.csv`);
    const replayed = replayTrace(trace, configFromMetadata(trace, `${name}.csv`)).filter((record) => insuredEventTypes.has(record.type));
    const raised = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type));
    expect(counts(replayed.map((record) => record.type))).toEqual(counts(raised.map((envelope) => envelope.type)));
  });

  it("publishes envelopes that satisfy the wire contract, numbered without gaps", () => {
    for (const envelope of run.envelopes) expect(contractViolation("EventEnvelope", envelope)).toBeUndefined();
    for (const trip of run.trips) expect(contractViolation("TripMessage", trip)).toBeUndefined();
    expect(run.envelopes.map((envelope) => envelope.seq)).toEqual(run.envelopes.map((_, index) => index + 1));
  });

  // Normal service: every trip, with its start, distance and landings. Under faults some movements
  // are unseen (a dead accelerometer, a fall, a slip shorter than a trip), but none invented.
  it(scenario.faults.length === 0 ? "finds every trip the car made, in the right direction" : "invents no trip: each one matches a real movement", () => {
    const truthTrips = run.truth.filter((record) => record.type === "trip");
    if (scenario.faults.length === 0) {
      expect(run.trips.length).toBe(truthTrips.length);
      // A chip's sensitivity error passes into every distance it integrates, one for one, until
      // the box can place its trips (tower-barometer-day's 5 % over-sensitive chip).
      const distanceTolerance = Math.max(0.05, Math.abs(scenario.box.sensitivity - 1) + 0.02);
      truthTrips.forEach((truth, index) => {
        const trip = run.trips[index];
        expect(trip.direction).toBe(truth.direction);
        expect(Math.abs(trip.start.mono_ms / 1000 - truth.start)).toBeLessThan(0.5);
        expect(Math.abs(trip.distance_m - truth.distance_m)).toBeLessThan(distanceTolerance * truth.distance_m + 0.1);
        // A landing is reported right or not at all (a box still learning its barometer's scale).
        if (trip.from_landing !== undefined) expect(trip.from_landing, `trip ${index} from`).toBe(truth.from);
        if (trip.to_landing !== undefined) expect(trip.to_landing, `trip ${index} to`).toBe(truth.to);
      });
      const placed = run.trips.filter((trip) => trip.from_landing !== undefined && trip.to_landing !== undefined);
      expect(placed.length).toBeGreaterThanOrEqual(0.95 * run.trips.length);
      return;
    }
    for (const trip of run.trips) {
      const [start, end] = [trip.start.mono_ms / 1000, trip.end.mono_ms / 1000];
      const real = truthTrips.find((truth) => truth.start < end + 1 && truth.end > start - 1 && truth.direction === trip.direction);
      expect(real, `trip ${start}-${end} s ${trip.direction}`).toBeDefined();
    }
    expect(run.trips.length).toBeGreaterThan(0);
  });
});

describe("a car stopped between floors with a passenger inside", () => {
  const scenario = loadScenario("between-floors");
  const run = runScenario(scenario);
  const stall = run.truth.find((record) => record.type === "stall")!;

  it("raises one entrapment between floors at the configured delay after the stop", () => {
    const entrapments = run.envelopes.filter((envelope) => envelope.type === "entrapment");
    expect(entrapments).toHaveLength(1);
    const [entrapment] = entrapments;
    const delay = run.config.detection.entrapment_between_floors_s;
    expect(entrapment.details).toMatchObject({ kind: "between_floors", suspected: false });
    expect(Math.abs(entrapment.raised.mono_ms / 1000 - (stall.t + delay))).toBeLessThanOrEqual(TIMING_TOLERANCE_S);
    expect(Math.abs(entrapment.onset.mono_ms / 1000 - stall.t)).toBeLessThanOrEqual(TIMING_TOLERANCE_S);
    expect(entrapment.lift).toMatchObject({ motion: "stopped", door: "closed", zone: "outside", occupancy: "occupied" });
  });

  it("raises stopped_outside_door_zone at its own delay", () => {
    const [stopped] = run.envelopes.filter((envelope) => envelope.type === "stopped_outside_door_zone");
    const delay = run.config.detection.stopped_outside_door_zone_s;
    expect(Math.abs(stopped.raised.mono_ms / 1000 - (stall.t + delay))).toBeLessThanOrEqual(TIMING_TOLERANCE_S);
  });

  it("follows the configured delay, not a constant", () => {
    const quick = runScenario(scenario, { config: { detection: { entrapment_between_floors_s: 12 } } });
    const [entrapment] = quick.envelopes.filter((envelope) => envelope.type === "entrapment");
    expect(Math.abs(entrapment.raised.mono_ms / 1000 - (stall.t + 12))).toBeLessThanOrEqual(TIMING_TOLERANCE_S);
  });

  it("raises nothing when rescue comes before the delay", () => {
    const early = { ...scenario, faults: [scenario.faults[0], { kind: "rescue" as const, at: stall.t + 10 }] };
    const run2 = runScenario(early);
    expect(run2.envelopes.filter((envelope) => envelope.insured)).toEqual([]);
  });

  it("reports entrapment as suspected when no presence sensor is fitted", () => {
    const blind = { ...scenario, box: { ...scenario.box, presence_sensor: false } };
    const [entrapment] = runScenario(blind).envelopes.filter((envelope) => envelope.type === "entrapment");
    expect(entrapment.details).toMatchObject({ kind: "between_floors", suspected: true });
  });

  it("is the same run for the same seed, and still right with another seed", () => {
    expect(runScenario(scenario).envelopes).toEqual(run.envelopes);
    const other = runScenario(scenario, { seed: 12345 });
    expect(other.envelopes.filter((envelope) => envelope.type === "entrapment")).toHaveLength(1);
  });
});

// A box powered with the lift's controller may see the first run start before its gravity
// reference is warm (1 s). From a quarter of a second at rest on (the start hold), the run
// must be told whole: ignoring it would make its braking look like a start the other way.
describe.each([0.25, 0.4, 0.7, 1.0, 1.5])("a first run starting %s s after boot", (startS) => {
  const scenario = structuredClone(loadScenario("start-at-boot"));
  scenario.passengers[0].at = startS;
  const run = runScenario(scenario);

  it("raises nothing insured and finds every trip between the right landings", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type)).toEqual([]);
    const truthTrips = run.truth.filter((record) => record.type === "trip");
    expect(truthTrips[0].start).toBeCloseTo(startS, 1);
    expect(run.trips.map((trip) => [trip.direction, trip.from_landing, trip.to_landing])).toEqual(truthTrips.map((truth) => [truth.direction, truth.from, truth.to]));
  });
});

// The simulated board carries any of the three accelerometers; each, through its own real
// driver and register-level emulator, tells the same story.
describe.each(["mpu6050", "lis3dh"] as const)("the scenarios on a box whose accelerometer is the %s", (chip) => {
  it.each(["overspeed", "free-fall", "door-open-while-moving", "low-rise-day"])("%s: the insured events expected, every trip", (name) => {
    const scenario = structuredClone(loadScenario(name));
    scenario.box.accelerometer_chip = chip;
    // The MPU-6050 divides 1 kHz: it has 500 Hz, not 400.
    if (chip === "mpu6050" && scenario.box.accelerometer_hz === 400) scenario.box.accelerometer_hz = 500;
    if (name === "low-rise-day") scenario.duration_s = 1200;
    const run = runScenario(scenario);
    const insured = run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type);
    expect(counts(insured)).toEqual(scenario.expect);
    const truthTrips = run.truth.filter((record) => record.type === "trip");
    if (scenario.faults.length === 0) expect(run.trips.map((trip) => trip.direction)).toEqual(truthTrips.map((truth) => truth.direction));
  });
});

// Sooner than a start hold after boot, the box cannot measure the start: it may miss that
// trip, but it raises nothing insured, and every landing it reports is right.
describe.each([0, 0.05, 0.1])("a first run starting %s s after boot (too soon to measure)", (startS) => {
  const scenario = structuredClone(loadScenario("start-at-boot"));
  scenario.passengers[0].at = startS;
  const run = runScenario(scenario);

  it("raises nothing insured, invents no trip, and reports no landing wrong", () => {
    expect(run.envelopes.filter((envelope) => insuredEventTypes.has(envelope.type)).map((envelope) => envelope.type)).toEqual([]);
    const truthTrips = run.truth.filter((record) => record.type === "trip");
    for (const trip of run.trips) {
      const [start, end] = [trip.start.mono_ms / 1000, trip.end.mono_ms / 1000];
      const truth = truthTrips.find((record) => record.start < end + 1 && record.end > start - 1 && record.direction === trip.direction);
      expect(truth, `trip ${start}-${end} s`).toBeDefined();
      if (trip.from_landing !== undefined) expect(trip.from_landing).toBe(truth!.from);
      if (trip.to_landing !== undefined) expect(trip.to_landing).toBe(truth!.to);
    }
    // The later trips are all found.
    expect(run.trips.length).toBeGreaterThanOrEqual(truthTrips.length - 1);
  });
});
