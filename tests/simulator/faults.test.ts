/**
 * The simulator's physics under each fault, checked against the lift itself (never the
 * firmware): what the sensors read, where the car is, and that the truth records say so.
 */
import { describe, expect, it } from "vitest";
import type { AccelerationSample, SensorSet } from "../../hal/sensors.ts";
import { VirtualClock } from "../../simulator/clock.ts";
import { SimulatedLift, type ExpectedRecord, type TruthRecord } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { loadScenario, type Scenario } from "../../simulator/scenario.ts";
import { simulatedHardware } from "../../simulator/simulated-board.ts";
import { STANDARD_GRAVITY } from "../../simulator/sensors.ts";

interface Reading {
  t: number;
  position: number;
  velocity: number;
  doorClosed: boolean;
  inZone: boolean;
  mains?: boolean;
  inspection?: boolean;
  doorContact?: boolean;
}

/** Runs the lift and its sensors alone, polling every 20 ms like the box does. */
function simulate(scenario: Scenario) {
  const clock = new VirtualClock();
  const random = new SeededRandom(scenario.seed);
  const lift = new SimulatedLift(scenario, clock, random);
  const { sensors }: { sensors: SensorSet } = simulatedHardware(scenario, lift, clock, random);
  lift.start();
  const samples: AccelerationSample[] = [];
  const readings: Reading[] = [];
  for (let ms = 20; ms <= scenario.duration_s * 1000; ms += 20) {
    clock.advanceTo(ms);
    samples.push(...(sensors.accelerometer?.sample() ?? []));
    const t = ms / 1000;
    const state = lift.kinematicsAt(t);
    readings.push({
      t,
      position: state.position,
      velocity: state.velocity,
      doorClosed: lift.doorClosed,
      inZone: lift.inDoorZone(t),
      mains: sensors.mains?.read(),
      inspection: sensors.inspection?.read(),
      doorContact: sensors.doorClosed?.read(),
    });
  }
  /** The first poll at or after `t` (the lift keeps only a few seconds of history itself). */
  const readingAt = (t: number) => readings.find((reading) => reading.t >= t)!;
  const readingBefore = (t: number) => readings.filter((reading) => reading.t < t).at(-1)!;
  const expected = (event: string) => lift.truth.filter((record): record is ExpectedRecord => record.type === "expected" && record.event === event);
  return { lift, samples, readings, truth: lift.truth, expected, readingAt, readingBefore };
}

const magnitude = (sample: AccelerationSample) => Math.hypot(sample.x, sample.y, sample.z) / STANDARD_GRAVITY;
const between = <T extends { t: number }>(items: T[], from: number, to: number) => items.filter((item) => item.t >= from && item.t <= to);
const stalls = (truth: TruthRecord[]) => truth.filter((record) => record.type === "stall");

describe("free fall", () => {
  const run = simulate(loadScenario("free-fall"));
  const [fall] = run.expected("free_fall");
  const [stall] = stalls(run.truth);

  it("reads about 0.05 g while falling and about 1.6 g while the safety gear arrests the car", () => {
    const falling = between(run.samples, fall.onset + 0.05, fall.onset + 0.55).map(magnitude);
    expect(falling.length).toBeGreaterThan(30);
    for (const g of falling) expect(g).toBeGreaterThan(0.0);
    expect(falling.reduce((sum, g) => sum + g, 0) / falling.length).toBeCloseTo(0.05, 1);
    const arrest = between(run.samples, fall.onset + 0.65, stall.t - 0.05).map(magnitude);
    expect(arrest.reduce((sum, g) => sum + g, 0) / arrest.length).toBeCloseTo(1.6, 1);
  });

  it("is arrested, then stays at rest between floors with the passenger inside", () => {
    expect(stall).toMatchObject({ occupied: true });
    const after = between(run.readings, stall.t + 0.1, stall.t + 200);
    expect(after.every((reading) => reading.velocity === 0 && !reading.inZone)).toBe(true);
    const trapped = run.expected("entrapment").filter((record) => record.details.kind === "between_floors");
    expect(trapped).toEqual([{ type: "expected", event: "entrapment", onset: stall.t, until: 300, details: { kind: "between_floors" } }]);
  });
});

// A review helper's partial fall (friction 0.6: the box felt 0.6 g) was expected as a free fall
// no box could see (domain: under about 0.35 g); so would an instant's drop.
describe.each([
  { friction: 0.6, fall_s: 0.6 },
  { friction: 0.05, fall_s: 0.05 },
])("a fall the box does not feel as one (friction $friction, $fall_s s)", ({ friction, fall_s }) => {
  it("is no free fall, though the car is arrested between floors", () => {
    const scenario = loadScenario("free-fall");
    scenario.faults = scenario.faults.map((fault) => (fault.kind === "free_fall" ? { ...fault, friction, fall_s } : fault));
    const run = simulate(scenario);
    expect(run.expected("free_fall")).toEqual([]);
    expect(stalls(run.truth)).toHaveLength(1);
  });
});

describe("overspeed", () => {
  const scenario = loadScenario("overspeed");
  const run = simulate(scenario);
  const [overspeed] = run.expected("overspeed");
  const limit = 1.15 * scenario.lift.rated_speed_mps;

  it("passes the limit exactly at the truth onset and peaks at the recorded speed", () => {
    expect(Math.abs(run.readingBefore(overspeed.onset).velocity)).toBeLessThan(limit);
    expect(Math.abs(run.readingAt(overspeed.onset).velocity)).toBeGreaterThan(limit);
    const peak = Math.max(...run.readings.map((reading) => Math.abs(reading.velocity)));
    expect(overspeed.details.speed_mps).toBeCloseTo(peak, 2);
    expect(peak).toBeCloseTo(1.3 * scenario.lift.rated_speed_mps, 2);
  });
});

describe("unintended movement", () => {
  const run = simulate(loadScenario("unintended-movement"));
  const [movement] = run.expected("unintended_movement");

  it("leaves the door zone with the door open, and stops within 1.2 m", () => {
    const start = run.readingBefore(movement.onset).position;
    const after = between(run.readings, movement.onset, movement.onset + 5);
    const leaving = after.find((reading) => !reading.inZone)!;
    expect(leaving.doorClosed).toBe(false);
    const drop = start - after[after.length - 1].position;
    expect(drop).toBeGreaterThan(0.8);
    expect(drop).toBeLessThan(1.2);
    expect(run.expected("door_open_while_moving")).toEqual([]);
  });
});

describe("leveling error", () => {
  const scenario = loadScenario("leveling-fault");
  const run = simulate(scenario);

  it("records the real offset of each affected stop: final position − landing", () => {
    const faults = run.expected("leveling_fault");
    expect(faults).toHaveLength(2);
    for (const fault of faults) {
      const trip = run.truth.find((record) => record.type === "trip" && Math.abs(record.end - fault.onset) < 1e-9);
      expect(trip?.type).toBe("trip");
      const landing = scenario.building.landings_m[(trip as { to: number }).to];
      const offsetMm = (run.readingAt(fault.onset + 1).position - landing) * 1000;
      expect(fault.details.error_mm as number).toBeCloseTo(offsetMm, 1);
      expect(Math.abs(offsetMm - 45)).toBeLessThan(15);
    }
  });
});

describe("overtravel", () => {
  const scenario = loadScenario("overtravel");
  const run = simulate(scenario);
  const top = scenario.building.landings_m.at(-1)!;

  it("runs past the top landing and leaves its door zone at the truth onset", () => {
    const [overtravel] = run.expected("overtravel");
    expect(overtravel.details).toEqual({ end: "top" });
    const edge = top + scenario.building.door_zone_half_m;
    expect(run.readingBefore(overtravel.onset).position).toBeLessThanOrEqual(edge);
    expect(run.readingAt(overtravel.onset).position).toBeGreaterThan(edge);
    expect(stalls(run.truth)[0].position_m).toBeCloseTo(top + 0.6, 6);
  });
});

describe("passengers jumping", () => {
  const scenario = loadScenario("passengers-jumping");
  const run = simulate(scenario);

  it("bounces the parked car by millimetres, within the door zone, and records no event", () => {
    for (const fault of scenario.faults) {
      if (fault.kind !== "passengers_jumping") continue;
      const window = between(run.readings, fault.at, fault.at + fault.duration_s);
      expect(window.every((reading) => reading.inZone)).toBe(true);
      const positions = window.map((reading) => reading.position);
      expect(Math.max(...positions) - Math.min(...positions)).toBeLessThan(0.04);
      const vertical = between(run.samples, fault.at, fault.at + fault.duration_s).map((sample) => magnitude(sample) * STANDARD_GRAVITY - STANDARD_GRAVITY);
      expect(Math.max(...vertical.map(Math.abs))).toBeGreaterThan(0.5 * fault.amplitude_mps2);
      expect(Math.max(...vertical.map(Math.abs))).toBeLessThan(fault.amplitude_mps2 + 0.2);
    }
    const insuredLike = run.truth.filter((record) => record.type === "expected" && record.event !== "entrapment");
    expect(insuredLike).toEqual([]);
  });
});

describe("sensor faults", () => {
  it("a disconnected accelerometer reads zeros on the bus: its FIFO looks empty, so no samples come until it is back", () => {
    const scenario = loadScenario("accelerometer-disconnected");
    const run = simulate(scenario);
    const fault = scenario.faults[0];
    const end = fault.at + (fault as { duration_s: number }).duration_s;
    // The chip itself kept converting: the last FIFO-full it took before the wires came back is real.
    const fifoS = 32 / scenario.box.accelerometer_hz;
    expect(between(run.samples, fault.at + 0.05, end - fifoS - 0.05)).toEqual([]);
    // The chip kept its configuration (only the wires failed): its FIFO drains again at once.
    expect(between(run.samples, end + 1, end + 11).length).toBeGreaterThan(0.99 * scenario.box.accelerometer_hz * 10);
    expect(run.expected("free_fall")).toEqual([]);
    expect(run.expected("sensor_fault")[0]).toMatchObject({ onset: fault.at, details: { sensor: "accelerometer" } });
  });

  it("a frozen accelerometer repeats one sample bit for bit, while the car moves", () => {
    const scenario = loadScenario("accelerometer-frozen");
    const run = simulate(scenario);
    const inside = between(run.samples, 70.05, 189.95);
    expect(new Set(inside.map((sample) => `${sample.x},${sample.y},${sample.z}`)).size).toBe(1);
    expect(between(run.readings, 70, 190).some((reading) => reading.velocity !== 0)).toBe(true);
  });

  it("a chattering door contact reads both values while the door does nothing unusual", () => {
    const run = simulate(loadScenario("door-contact-chatter"));
    const inside = between(run.readings, 40.05, 129.95);
    const changes = inside.filter((reading, index) => index > 0 && reading.doorContact !== inside[index - 1].doorContact).length;
    // A loose wire flips every few tens of ms; through the 10 ms debounce, many flips still show.
    expect(changes).toBeGreaterThan(inside.length / 10);
    // Elsewhere the contact follows the door, a debounce (and a bounce) behind it.
    const outside = run.readings.filter((reading) => reading.t < 40 || reading.t > 130.1);
    const lagging = outside.filter((reading) => reading.doorContact !== run.readingBefore(reading.t - 0.015)?.doorClosed && reading.doorContact !== reading.doorClosed);
    expect(lagging).toEqual([]);
  });
});

describe("power loss", () => {
  const scenario = loadScenario("power-loss");
  const run = simulate(scenario);
  const [loss] = run.expected("power_loss");
  const [restored] = run.expected("power_restored");

  it("reads mains absent for the outage, the car standing still between floors meanwhile", () => {
    expect(restored.onset - loss.onset).toBeCloseTo(100, 6);
    const outage = between(run.readings, loss.onset + 0.05, restored.onset - 0.05);
    expect(outage.every((reading) => reading.mains === false)).toBe(true);
    const [stall] = stalls(run.truth);
    expect(between(outage, stall.t + 0.05, restored.onset).every((reading) => reading.velocity === 0 && !reading.inZone)).toBe(true);
  });

  it("relevels to a landing once mains is back", () => {
    const after = run.readings.find((reading) => reading.t > restored.onset + 30)!;
    expect(after.inZone).toBe(true);
    const trapped = run.expected("entrapment").find((record) => record.details.kind === "between_floors")!;
    expect(trapped.until).toBeGreaterThan(restored.onset);
  });
});

describe("inspection", () => {
  const scenario = loadScenario("maintenance-moves");
  const run = simulate(scenario);

  it("stops the empty car outside the door zones with the switch on, and records only mode changes", () => {
    const inspecting = run.readings.filter((reading) => reading.inspection);
    expect(inspecting.some((reading) => !reading.inZone && reading.velocity === 0 && reading.doorClosed)).toBe(true);
    expect(inspecting.at(-1)!.inZone).toBe(true);
    // Passengers boarding before inspection sit behind a closed door for a moment before departing: not an event.
    const departing = (record: ExpectedRecord) => record.event === "entrapment" && record.until! - record.onset < 2;
    const events = run.truth
      .filter((record): record is ExpectedRecord => record.type === "expected" && !departing(record))
      .map((record) => [record.event, record.details]);
    expect(events).toEqual([
      ["mode_change", { mode: "maintenance" }],
      ["mode_change", { mode: "normal" }],
    ]);
  });
});
