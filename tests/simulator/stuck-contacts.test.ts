/**
 * Contacts stuck at one level, which a field engineer's stuck traces showed raising false
 * insured events. A presence sensor stuck reading "occupied" (a PIR that sees a light, a shorted
 * line) made every stop with the door shut look like someone shut in: an insured entrapment at
 * every park, 12 in an hour. The first cannot be told from a real one; after it, the sensor
 * reading occupied without a break through the door opening and into the next stop is reported
 * stuck and no longer leaned on, until it reads vacant again. A car-door contact whose wire is
 * cut reads open for good: each run was taken for a creep with the door open and dropped (71 of
 * 123 trips lost), and the first raised an unintended movement, which a bridged door's must.
 * A shorted one reads closed for good: a door fault at every stop, which its report explains.
 */
import { describe, expect, it } from "vitest";
import { insuredEventTypes } from "../../firmware/events/envelope.ts";
import { assessAccuracy } from "../../simulator/accuracy.ts";
import { loadScenario, scenarioSchema } from "../../simulator/scenario.ts";
import { runScenario, type ScenarioRun } from "../../simulator/simulated-box.ts";
import type { AcrossBoots } from "../../firmware/pipeline.ts";
import { judgedRun } from "../support/judged-run.ts";
import { asLiveCarries, rebootedBox, type KeptForNextBoot } from "../support/rebooted-box.ts";

/** A five-landing office's lift and box, with what happens in it. */
const inOffice = (name: string, durationS: number, happenings: { passengers?: unknown[]; traffic?: unknown; faults: unknown[] }) =>
  scenarioSchema.parse({
    name,
    duration_s: durationS,
    building: { landings_m: [0, 3.5, 7, 10.5, 14] },
    lift: { rated_speed_mps: 1 },
    box: { accelerometer_hz: 100, noise_mps2: 0.02 },
    ...happenings,
  });

/** Four rides, the car parked a minute or more with its door shut after each; each but the first from where the last ended, or (`fetched`) after the car runs empty to fetch its passenger. */
const office = (faults: unknown[], fetched = false) =>
  inOffice("stuck-contacts", 480, {
    passengers: fetched
      ? [
          { at: 5, from: 0, to: 3 },
          { at: 110, from: 1, to: 4 },
          { at: 220, from: 0, to: 2 },
          { at: 330, from: 3, to: 1 },
        ]
      : [
          { at: 5, from: 0, to: 3 },
          { at: 110, from: 3, to: 1 },
          { at: 220, from: 1, to: 4 },
          { at: 330, from: 4, to: 0 },
        ],
    faults,
  });

const stuckFrom = (at: number, durationS?: number, input = "presence", present = true) => ({ kind: "contact_stuck", at, input, present, ...(durationS === undefined ? {} : { duration_s: durationS }) });
const faultsOf = (run: ScenarioRun) => run.records.filter((record) => record.type === "sensor_fault" || record.type === "sensor_recovered");

describe("a presence sensor stuck reading occupied", () => {
  it("raises one false entrapment at most, then is reported stuck and raises no more", () => {
    for (const seed of [1, 2]) {
      const run = runScenario(office([stuckFrom(2)]), { seed });
      const entrapments = run.records.filter((record) => record.type === "entrapment");
      const faults = run.records.filter((record) => record.type === "sensor_fault");
      expect(entrapments, `seed ${seed}`).toHaveLength(1);
      expect(faults, `seed ${seed}`).toHaveLength(1);
      // Dated from when it began to read occupied: at the fault.
      expect(faults[0], `seed ${seed}`).toMatchObject({ sensor: "occupied", onset: expect.closeTo(2, 1), reason: expect.stringMatching(/^read occupied without a break/) });
      // Found in the second park, before its entrapment delay ran.
      expect(faults[0].t, `seed ${seed}`).toBeGreaterThan(entrapments[0].t);
      expect(faults[0].t, `seed ${seed}`).toBeLessThan(240);
      expect(run.records.filter((record) => record.type === "trip"), `seed ${seed}`).toHaveLength(4);
    }
  });

  it("leaves a passenger shut in at a floor found, as a box without a presence sensor finds one", () => {
    // A review helper's case: reported stuck, then the door fails to open at the fourth ride's arrival.
    for (const seed of [1, 2]) {
      const scenario = office([stuckFrom(2), { at: 300, kind: "door_fault", door: "fails_to_open", duration_s: 90 }]);
      const run = runScenario(scenario, { seed });
      const report = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]);
      expect(report.types.filter((line) => insuredEventTypes.has(line.type) && line.missed > 0), `seed ${seed}`).toEqual([]);
      const late = run.records.filter((record) => record.t > 300).map((record) => [record.type, record.type === "entrapment" ? record.confidence : record.kind]);
      expect(late, `seed ${seed}`).toEqual(expect.arrayContaining([["door_fault", "fails_to_open"], ["entrapment", "suspected"]]));
    }
  });

  it("found stuck, is reported again at a restart's first reading, not after one more false entrapment", () => {
    const scenario = office([stuckFrom(2)]);
    const restarted = (carry: (kept: KeptForNextBoot) => AcrossBoots) => rebootedBox(scenario, 1, { rebootAtS: 250, downS: 5, carry }).records.filter((record) => record.boot === 1);
    const second = restarted(asLiveCarries);
    expect(second.filter((record) => record.type === "entrapment")).toEqual([]);
    expect(second.filter((record) => record.type === "sensor_fault")).toEqual([expect.objectContaining({ sensor: "occupied", reason: expect.stringMatching(/^reads occupied, as when it was found stuck before the box started/) })]);
    // Not carried, the second boot's first park raises a false entrapment again.
    expect(restarted((kept) => ({ ...asLiveCarries(kept), presenceStuck: false })).filter((record) => record.type === "entrapment")).toHaveLength(1);
  });

  it("is believed again once it reads vacant", () => {
    const run = runScenario(office([stuckFrom(2, 180)]), { seed: 1 });
    const health = faultsOf(run);
    expect(health.map((record) => record.type)).toEqual(["sensor_fault", "sensor_recovered"]);
    expect(health[1].t).toBeGreaterThanOrEqual(182);
    expect(health[1].t).toBeLessThan(200);
  });

  it("is not taken for stuck where a passenger shut in is let out and the car empties", () => {
    // A real entrapment, then ordinary rides: the sensor reads vacant once the car is empty.
    const scenario = office([{ at: 0, kind: "door_fault", door: "fails_to_open", duration_s: 90 }]);
    const run = runScenario(scenario, { seed: 1 });
    const report = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]);
    expect(report.types.filter((line) => insuredEventTypes.has(line.type) && (line.false_alarms > 0 || line.missed > 0))).toEqual([]);
    expect(run.records.filter((record) => record.type === "entrapment")).toHaveLength(1);
    expect(run.records.filter((record) => record.type === "sensor_fault")).toEqual([]);
  });
});

/** Eight rides a minute apart, each fetched by an empty trip (16 trips), then a ninth from where the eighth ended, whose door fails to open on arrival: someone shut in at a floor. */
const busyOffice = (faults: unknown[]) =>
  inOffice("stuck-vacant", 720, {
    passengers: [...[0, 1, 2, 3, 4, 5, 6, 7].map((ride) => ({ at: 5 + 60 * ride, from: ride % 2 === 0 ? 0 : 4, to: 2 })), { at: 485, from: 2, to: 0 }],
    faults: [...faults, { at: 490, kind: "door_fault", door: "fails_to_open", duration_s: 120 }],
  });

/** Half an hour of random traffic, 120 passengers an hour. */
const officeTraffic = (faults: unknown[]) => inOffice("office-traffic", 1800, { traffic: { passengers_per_hour: 120 }, faults });

describe("a presence sensor stuck reading vacant (a cut wire, a dead sensor)", () => {
  it("is reported after presence_vacant_trips trips in a row read vacant, and a passenger shut in after is raised, suspected", () => {
    for (const seed of [1, 2]) {
      const run = runScenario(busyOffice([stuckFrom(2, undefined, "presence", false)]), { seed });
      const faults = faultsOf(run);
      expect(faults, `seed ${seed}`).toEqual([expect.objectContaining({ type: "sensor_fault", sensor: "occupied", reason: expect.stringMatching(/^read vacant all through 10 trips in a row/) })]);
      const trips = run.records.filter((record) => record.type === "trip");
      // As the tenth trip's end is known.
      expect(faults[0].t, `seed ${seed}`).toBeGreaterThanOrEqual(Number(trips[9].end));
      expect(faults[0].t, `seed ${seed}`).toBeLessThan(Number(trips[9].end) + 2);
      const entrapments = run.records.filter((record) => record.type === "entrapment");
      expect(entrapments.map((record) => [record.kind, record.confidence]), `seed ${seed}`).toEqual([["at_floor", "suspected"]]);
      expect(entrapments[0].onset, `seed ${seed}`).toBeGreaterThan(490);
    }
  });

  it("is not reported where it works, and the passenger shut in is raised as present", () => {
    const run = runScenario(busyOffice([]), { seed: 1 });
    expect(faultsOf(run)).toEqual([]);
    expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.confidence)).toEqual(["probable"]);
  });

  it("is believed again once it reads occupied", () => {
    const scenario = busyOffice([stuckFrom(2, 470, "presence", false)]);
    const run = runScenario(scenario, { seed: 1 });
    expect(faultsOf(run).map((record) => record.type)).toEqual(["sensor_fault", "sensor_recovered"]);
    expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.confidence)).toEqual(["probable"]);
    // Judged against the truth, the finding and the return are right, not false alarms.
    expect(judgedRun(scenario.name, run, scenario.duration_s)).toEqual({ missed: [], falseAlarms: [], matched: 2 });
  });

  it("found stuck vacant, is believed again when a mended wire's chatter ends reading occupied, as a rider's does", () => {
    // A review helper's: the chatter's end (occupied, the passenger aboard) was dropped, so the
    // passenger shut in on that ride was raised suspected and the sensor believed a ride later.
    const scenario = officeTraffic([stuckFrom(300, 900, "presence", false), { kind: "contact_chatter", at: 1199, duration_s: 10, input: "presence" }, { kind: "door_fault", at: 1215, door: "fails_to_open", duration_s: 120 }]);
    const run = runScenario(scenario, { seed: 2 });
    const health = faultsOf(run).filter((record) => record.sensor === "occupied" && record.reason !== "chattering contact");
    expect(health.map((record) => record.type)).toEqual(["sensor_fault", "sensor_recovered"]);
    expect(health[1].t).toBeLessThan(1220);
    expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.confidence)).toEqual(["probable"]);
  });

  it("found stuck vacant, is reported again at a restart's first reading, and the passenger shut in after is raised", () => {
    // A review helper's: restarted at 400 s, found at 315, the second boot believed it and missed the passenger shut in at 503.
    const restarted = (carry: (kept: KeptForNextBoot) => AcrossBoots) =>
      rebootedBox(busyOffice([stuckFrom(2, undefined, "presence", false)]), 1, { rebootAtS: 400, downS: 5, carry }).records.filter((record) => record.boot === 1);
    const second = restarted(asLiveCarries);
    expect(second.filter((record) => record.type === "sensor_fault")).toEqual([expect.objectContaining({ sensor: "occupied", reason: expect.stringMatching(/^reads vacant, as when it was found stuck vacant before the box started/) })]);
    expect(second.filter((record) => record.type === "entrapment").map((record) => record.confidence)).toEqual(["suspected"]);
    expect(restarted((kept) => ({ ...asLiveCarries(kept), presenceStuckVacant: false })).filter((record) => record.type === "entrapment")).toEqual([]);
  });

  // A review helper's cases: a 50 ms "occupied" glitch, or a chatter, had undone the finding and
  // hidden the passenger shut in after it.
  it("is not believed again on a glitch or a chatter's flips", () => {
    const glitch = { kind: "contact_stuck", at: 440, duration_s: 0.05, input: "presence", present: true };
    const chatter = { kind: "contact_chatter", at: 440, duration_s: 5, input: "presence" };
    for (const fault of [glitch, chatter]) {
      const run = runScenario(busyOffice([stuckFrom(2, undefined, "presence", false), fault]), { seed: 1 });
      expect(faultsOf(run).map((record) => record.type), fault.kind).toEqual(["sensor_fault"]);
      expect(run.records.filter((record) => record.type === "entrapment").map((record) => record.confidence), fault.kind).toEqual(["suspected"]);
    }
  });

  it("is found on a box that places few trips at landings (a tower, no door-zone sensor, no barometer)", () => {
    // A review helper's: trips counted only between two placed landings, and this box placed 0-3 of 113.
    const day = loadScenario("express-day");
    const scenario = scenarioSchema.parse({ ...day, box: { ...day.box, door_zone_sensor: false, barometer: false }, faults: [...day.faults, stuckFrom(300, undefined, "presence", false)] });
    const faults = faultsOf(runScenario(scenario, { seed: 1 }));
    expect(faults).toEqual([expect.objectContaining({ sensor: "occupied", reason: expect.stringMatching(/^read vacant all through 10 trips/) })]);
    expect(faults[0].t).toBeLessThan(900);
  });

  it("is not taken for stuck vacant where a working one chattered while people rode (its trips then tell nothing)", () => {
    // A review helper's: trips during ten minutes of chatter had counted as vacant; a working PIR was reported at the next empty trip.
    const scenario = officeTraffic([{ kind: "contact_chatter", at: 300, duration_s: 600, input: "presence" }]);
    for (const seed of [1, 2, 3, 4]) {
      const reasons = faultsOf(runScenario(scenario, { seed })).flatMap((record) => (record.type === "sensor_fault" ? [String(record.reason)] : []));
      expect(reasons, `seed ${seed}`).toEqual([expect.stringMatching(/chattering/)]);
    }
  });
});

describe("a car-door contact whose wire is cut (reads open for good)", () => {
  it("raises its first ride's unintended movement, is reported at fault, dated at the cut, as that ride ends, and loses no trip after", () => {
    for (const seed of [1, 2]) {
      const sound = runScenario(office([]), { seed });
      const scenario = office([stuckFrom(2, undefined, "door_contact", false)]);
      const run = runScenario(scenario, { seed });
      const report = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]);
      const falseInsured = report.types.filter((line) => insuredEventTypes.has(line.type)).reduce((sum, line) => sum + line.false_alarms, 0);
      expect(falseInsured, `seed ${seed}`).toBeLessThanOrEqual(1);
      const faults = faultsOf(run);
      expect(faults, `seed ${seed}`).toHaveLength(1);
      expect(faults[0], `seed ${seed}`).toMatchObject({ type: "sensor_fault", sensor: "door_closed", onset: 2, reason: expect.stringMatching(/a lift does not run with its car door open/) });
      // The first ride (0 → 3, passing two landings' zones), taken for a creep with the door open, is lost; found as the car rests at its end.
      expect(faults[0].t, `seed ${seed}`).toBeGreaterThan(20);
      expect(faults[0].t, `seed ${seed}`).toBeLessThan(40);
      const tripsFrom = (of: ScenarioRun, from: number) => of.records.filter((record) => record.type === "trip" && Number(record.start) >= from).map((trip) => [trip.direction, Math.round(Number(trip.start))]);
      expect(tripsFrom(run, 0), `seed ${seed}`).toEqual(tripsFrom(sound, 100));
    }
  });

  it("found so, is reported again at a restart's first reading, where each boot's first ride raised one more unintended movement", () => {
    const scenario = office([stuckFrom(2, undefined, "door_contact", false)]);
    const restarted = (carry: (kept: KeptForNextBoot) => AcrossBoots) => rebootedBox(scenario, 1, { rebootAtS: 60, downS: 5, carry }).records.filter((record) => record.boot === 1);
    const second = restarted(asLiveCarries);
    expect(second.filter((record) => record.type === "sensor_fault")).toEqual([expect.objectContaining({ sensor: "door_closed", reason: expect.stringMatching(/^reads open, as when it was found at fault before the box started/) })]);
    expect(second.filter((record) => insuredEventTypes.has(record.type))).toEqual([]);
    expect(second.filter((record) => record.type === "trip")).toHaveLength(3);
    // Not carried, the second boot's first ride is taken for a movement with the door open again.
    expect(restarted((kept) => ({ ...asLiveCarries(kept), doorStuckOpen: false })).filter((record) => insuredEventTypes.has(record.type)).map((record) => record.type)).toEqual(["unintended_movement"]);
  });

  it("is believed again once it reads closed", () => {
    const run = runScenario(office([stuckFrom(2, 120, "door_contact", false)]), { seed: 1 });
    expect(faultsOf(run).map((record) => [record.type, record.sensor])).toEqual([
      ["sensor_fault", "door_closed"],
      ["sensor_recovered", "door_closed"],
    ]);
  });
});

describe("a door-zone sensor whose wire is cut (reads outside for good)", () => {
  it("is reported at fault as the first ride past whole zones ends, and its trips keep their landings", () => {
    for (const seed of [1, 2]) {
      const scenario = office([stuckFrom(2, undefined, "door_zone", false)]);
      // A chip 3.5 % low, not yet learnt: its stops reckoned past missed_vane_m (0.1 m) of their landings.
      scenario.box.sensitivity = 0.965;
      const run = runScenario(scenario, { seed });
      // The first ride, 0 → 3, passes landings 1 and 2. Before, a missed vane at its stop, reported
      // late_arrival_s (10 s) later, as a car may still be crawling in; a stop reckoned past
      // missed_vane_m with the door opening after it, or none, found nothing.
      expect(faultsOf(run).map((record) => [record.type, record.sensor, record.reason]), `seed ${seed}`).toEqual([["sensor_fault", "door_zone", expect.stringMatching(/^read outside the door zone all through a 10\.\d+ m trip past 2 landings' zones$/)]]);
      const trip = run.truth.find((entry) => entry.type === "trip")!;
      expect(faultsOf(run)[0].t, `seed ${seed}`).toBeCloseTo(trip.end, 0);
      expect(run.records.filter((record) => record.type === "trip").map((record) => record.type === "trip" && [record.from_landing, record.to_landing]), `seed ${seed}`).toEqual([[0, 3], [3, 1], [1, 4], [4, 0]]);
      expect(judgedRun("door-zone wire cut", run, scenario.duration_s), `seed ${seed}`).toMatchObject({ falseAlarms: [] });
    }
  });

  // A random lift of a review sweep: 0.4 m/s, ±0.1 m zones, its chip 5 % low and not yet learnt,
  // its doors opening early, the car parked a minute or more after each ride.
  const calls = [[0, 2], [2, 4], [4, 1], [1, 3], [3, 0], [0, 4], [4, 2]];
  const wireCut = () =>
    scenarioSchema.parse({
      name: "zone-wire-cut",
      duration_s: 625,
      building: { landings_m: [0, 4.1, 6.9, 10.8, 14.36], door_zone_half_m: 0.1 },
      lift: { rated_speed_mps: 0.4, acceleration_mps2: 1.08, deceleration_mps2: 1.08, leveling_speed_mps: 0.061, leveling_distance_m: 0.07, advance_opening_mps: 0.73 },
      box: { accelerometer_hz: 100, noise_mps2: 0.05, sensitivity: 0.95, barometer: true },
      passengers: calls.map(([from, to], index) => ({ at: 5 + 80 * index, from, to })),
      faults: [stuckFrom(2, undefined, "door_zone", false)],
    });

  it("found so, is not believed after a restart either", () => {
    const { records, kept } = rebootedBox(wireCut(), 1, { rebootAtS: 150, downS: 5, carry: asLiveCarries });
    const second = records.filter((record) => record.boot === 1);
    expect(kept.zoneDead).toBe(true);
    expect(second.filter((record) => record.type === "sensor_fault")).toEqual([expect.objectContaining({ sensor: "door_zone", reason: expect.stringMatching(/^reads outside, as when it was found reading nothing/) })]);
    expect(second.filter((record) => insuredEventTypes.has(record.type))).toEqual([]);
  });

  it("found so and mended while the box was down, is believed at once, and the journal told so", () => {
    const { records, kept } = rebootedBox(office([]), 1, { rebootAtS: 60, downS: 5, carry: (carried) => ({ ...asLiveCarries(carried), zoneDead: true }) });
    expect(records.filter((record) => record.boot === 1 && record.type === "sensor_fault")).toEqual([]);
    expect(kept.zoneDead).toBe(false);
  });

  it("is not believed after it: its stops are reckoned, not taken for stops outside the zone", () => {
    const scenario = wireCut();
    const run = runScenario(scenario, { seed: 1 });
    expect(faultsOf(run).map((record) => [record.type, record.sensor])).toEqual([["sensor_fault", "door_zone"]]);
    // Believed, its "outside" made two of the parks after it stops outside the zone.
    expect(run.records.filter((record) => insuredEventTypes.has(record.type))).toEqual([]);
    expect(judgedRun("door-zone wire cut, not believed", run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });

  it("cut with the car parked, its door shut, is at fault at once: no stop outside the zone, and its trips keep their landings", () => {
    // Parked at landing 3 from about 27 s until 110 s: believed, its "outside" stood as a stop
    // outside the zone 60 s after the cut. At 36 s, within late_arrival_s of the stop, it was
    // taken for the trip's crawl going on: the door had opened as the car settled, 0.07 s before
    // the moment the stop is dated at, so not "since" the stop.
    for (const [seed, cutAt] of [[1, 40], [2, 40], [1, 36], [2, 36]]) {
      const scenario = office([stuckFrom(cutAt, undefined, "door_zone", false)]);
      const run = runScenario(scenario, { seed });
      const label = `seed ${seed}, cut at ${cutAt} s`;
      expect(faultsOf(run).map((record) => [record.type, record.sensor, record.onset, record.reason]), label).toEqual([["sensor_fault", "door_zone", cutAt, expect.stringMatching(/^read the car out of the door zone of landing 3 at rest/)]]);
      expect(faultsOf(run)[0].t, label).toBeLessThan(cutAt + 2);
      expect(run.records.filter((record) => insuredEventTypes.has(record.type)), label).toEqual([]);
      expect(run.records.filter((record) => record.type === "trip").map((record) => record.type === "trip" && [record.from_landing, record.to_landing]), label).toEqual([[0, 3], [3, 1], [1, 4], [4, 0]]);
      expect(judgedRun("door-zone wire cut, parked", run, scenario.duration_s), label).toMatchObject({ missed: [], falseAlarms: [] });
    }
  });

  it("cut in the box's first minute, its car parked, is at fault once the car's motion is known: no stop outside the zone", () => {
    // Until a rest is sure the car may be going at an even speed, through a zone: the leaving was
    // not judged, and the sensor's "outside" stood as a stop outside the zone 60 s after the cut.
    const scenario = inOffice("zone-wire-cut-at-boot", 300, { passengers: [{ at: 90, from: 0, to: 3 }, { at: 200, from: 3, to: 1 }], faults: [] });
    for (const [seed, cutAt] of [[1, 2], [2, 2], [1, 30]]) {
      const run = runScenario({ ...scenario, faults: [stuckFrom(cutAt, undefined, "door_zone", false)] as typeof scenario.faults }, { seed });
      const label = `seed ${seed}, cut at ${cutAt} s`;
      expect(faultsOf(run).map((record) => [record.type, record.sensor, record.onset, record.reason]), label).toEqual([["sensor_fault", "door_zone", cutAt, expect.stringMatching(/^read the car out of the door zone of landing 0 at rest/)]]);
      // unseen_motion_s (60 s) after boot, before the stop's 60 s after the cut.
      expect(faultsOf(run)[0].t, label).toBeGreaterThanOrEqual(cutAt + 1);
      expect(faultsOf(run)[0].t, label).toBeLessThan(Math.max(cutAt + 2, 61));
      expect(run.records.filter((record) => insuredEventTypes.has(record.type)), label).toEqual([]);
      expect(run.records.filter((record) => record.type === "trip").map((record) => record.type === "trip" && [record.from_landing, record.to_landing]), label).toEqual([[0, 3], [3, 1]]);
      expect(judgedRun("door-zone wire cut at boot", run, scenario.duration_s), label).toMatchObject({ missed: [], falseAlarms: [] });
    }
  });

  it("found so, leaves a box with a barometer placing its trips by it, as a box without the sensor does", () => {
    // A review sweep's tower: 2.5 m/s, its chip 1.7 % low, doors opening early, the wire cut with
    // the car parked. Its barometer not taken, its trips were left unplaced and the early
    // openings taken for doors opened while moving.
    const calls = [[0, 7], [7, 19], [19, 12], [12, 0], [0, 2], [2, 7]];
    const scenario = scenarioSchema.parse({
      name: "zone-wire-cut-tower",
      duration_s: 370,
      building: { landings_m: [0, 4.5, 7.3, 10.11, 14.03, 17.85, 21.72, 24.52, 27.48, 30.53, 34.44, 38.64, 42.63, 45.81, 48.61, 52, 54.8, 58.6, 61.76, 65.92] },
      lift: { rated_speed_mps: 2.5, acceleration_mps2: 0.5, jerk_mps3: 1.65, advance_opening_mps: 0.3 },
      box: { accelerometer_hz: 100, noise_mps2: 0.043, sensitivity: 0.983, barometer: true },
      passengers: calls.map(([from, to], index) => ({ at: 40 + 50 * index, from, to })),
      faults: [stuckFrom(20, undefined, "door_zone", false)],
    });
    const run = runScenario(scenario, { seed: 1 });
    expect(faultsOf(run).map((record) => [record.type, record.sensor, record.onset])).toEqual([["sensor_fault", "door_zone", 20]]);
    const landings = (of: ScenarioRun) => of.records.flatMap((record) => (record.type === "trip" ? [[record.from_landing, record.to_landing]] : []));
    const withoutSensor = runScenario({ ...scenario, box: { ...scenario.box, door_zone_sensor: false }, faults: [] }, { seed: 1 });
    expect(landings(run)).toEqual(landings(withoutSensor));
    // The first long trips, before the barometer's scale is learnt, are not placed by either.
    expect(landings(run).slice(-2)).toEqual([[0, 2], [2, 7]]);
    expect(run.records.filter((record) => insuredEventTypes.has(record.type))).toEqual([]);
    expect(judgedRun("door-zone wire cut, tower", run, scenario.duration_s)).toMatchObject({ missed: [], falseAlarms: [] });
  });

  it("is believed again once it reads inside", () => {
    const run = runScenario(office([stuckFrom(2, 120, "door_zone", false)]), { seed: 1 });
    expect(faultsOf(run).map((record) => [record.type, record.sensor])).toEqual([
      ["sensor_fault", "door_zone"],
      ["sensor_recovered", "door_zone"],
    ]);
  });
});

describe("a shorted car-door contact (reads closed for good)", () => {
  it("is reported once someone got into the car through its 'shut' door at two stops in a row, and still leaned on: a passenger shut in later is found", () => {
    for (const seed of [1, 2]) {
      // A review helper's case: the door really fails to open where the fourth ride arrives.
      const scenario = office([stuckFrom(2, undefined, "door_contact", true), { at: 340, kind: "door_fault", door: "fails_to_open", duration_s: 90 }], true);
      const run = runScenario(scenario, { seed });
      const faults = faultsOf(run);
      expect(faults, `seed ${seed}`).toHaveLength(1);
      expect(faults[0], `seed ${seed}`).toMatchObject({ type: "sensor_fault", sensor: "door_closed", reason: expect.stringMatching(/nobody gets in through a shut door/) });
      // The second fetch's boarding.
      expect(faults[0].t, `seed ${seed}`).toBeGreaterThan(220);
      expect(faults[0].t, `seed ${seed}`).toBeLessThan(250);
      const report = assessAccuracy([{ name: scenario.name, run, end: scenario.duration_s }]);
      expect(report.types.filter((line) => insuredEventTypes.has(line.type) && (line.missed > 0 || line.false_alarms > 0)), `seed ${seed}`).toEqual([]);
      expect(run.records.filter((record) => record.type === "entrapment" && record.t > 340), `seed ${seed}`).toHaveLength(1);
    }
  });
});
