/**
 * A box that starts again (a watchdog, a `reboot` command, its own supply lost) while the car
 * is parked away from the configured start landing. The configuration's landing is where the
 * car was at the box's first start; a box that took the car to be there at every boot reckoned
 * every trip a few floors out: a review helper's reboot with the car at landing 3 of 7, start
 * landing 0, raised a false insured bottom overtravel as the car next landed at the ground
 * floor (two without a door-zone sensor). A box started again takes the car to be where the
 * journal's last trip ended (cli/live.ts), or, not knowing it, places it from its trips; a box
 * that knew nothing at every boot missed the overtravels and misleveling of its first trips
 * (another helper's regression check).
 */
import { describe, expect, it } from "vitest";
import { loadScenario, scenarioSchema, type Scenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";
import { asLiveCarries, rebootedBox } from "../support/rebooted-box.ts";

const REBOOT_AT_S = 40;
const DOWN_S = 5;

function parkedAtThree(doorZoneSensor: boolean) {
  return scenarioSchema.parse({
    name: "parked-reboot",
    duration_s: 200,
    building: { landings_m: [0, 3.5, 7, 10.5, 14, 17.5, 21] },
    lift: { rated_speed_mps: 1.6, start_landing: 0 },
    box: { accelerometer_hz: 100, door_zone_sensor: doorZoneSensor },
    passengers: [
      { at: 5, from: 0, to: 3 },
      { at: 60, from: 3, to: 0 },
      { at: 100, from: 0, to: 6 },
      { at: 140, from: 6, to: 0 },
    ],
  });
}

/** The scenario's box stopped at REBOOT_AT_S and started again DOWN_S later on the same lift, told `startLanding` (see AcrossBoots). */
function rebooted(scenario: Scenario, startLanding: number | null | undefined, seed: number, rebootAtS = REBOOT_AT_S) {
  return rebootedBox(scenario, seed, { rebootAtS, downS: DOWN_S, carry: () => ({ startLanding }) });
}

describe("a box that starts again with the car away from the configured start landing", () => {
  for (const doorZoneSensor of [true, false]) {
    it(`${doorZoneSensor ? "with" : "without"} a door-zone sensor, told the landing its last trip ended at: raises no overtravel, and knows its trips' landings`, () => {
      for (const seed of [1, 2]) {
        const { problems, records } = rebooted(parkedAtThree(doorZoneSensor), 3, seed);
        expect(records.filter((record) => record.type === "overtravel"), `seed ${seed}`).toEqual([]);
        expect(problems, `seed ${seed}`).toBe("");
        const after = records.filter((record) => record.type === "trip" && record.t > REBOOT_AT_S);
        expect(after.map((trip) => [trip.from_landing, trip.to_landing]), `seed ${seed}`).toEqual([[3, 0], [0, 6], [6, 0]]);
      }
    });

    it(`${doorZoneSensor ? "with" : "without"} a door-zone sensor, not knowing where the car is: raises no overtravel, and places the car again from its trips`, () => {
      for (const seed of [1, 2]) {
        const { problems, records } = rebooted(parkedAtThree(doorZoneSensor), null, seed);
        expect(records.filter((record) => record.type === "overtravel"), `seed ${seed}`).toEqual([]);
        expect(problems, `seed ${seed}`).toBe("");
        // 3 → 0 leaves four landings it may have gone to; 21 m up from one of them reaches only the top.
        const last = records.filter((record) => record.type === "trip" && record.t > REBOOT_AT_S).at(-1)!;
        expect(last, `seed ${seed}`).toMatchObject({ from_landing: 6, to_landing: 0 });
      }
    });
  }

  it("takes the configured landing where it is told nothing, as at its first start", () => {
    // The same reboot told as a first start: the box believes the configuration, which is wrong here.
    const { records } = rebooted(parkedAtThree(true), undefined, 1);
    expect(records.some((record) => record.type === "overtravel")).toBe(true);
  });
});

describe("a box that starts again with the car where its last trip ended", () => {
  // The built-in overtravel and leveling-fault scenarios, the box restarted 2 s in: told the
  // journal's landing, it finds what the first start would have (a box knowing nothing missed both).
  for (const name of ["overtravel", "overtravel-bottom", "leveling-fault"]) {
    it(`${name}: raises what happened`, () => {
      const scenario = loadScenario(name);
      for (const seed of [1, 2]) expect(rebooted(scenario, scenario.lift.start_landing, seed, 2).problems, `seed ${seed}`).toBe("");
    });
  }
});

describe("a box that starts again while its car runs to a landing", () => {
  it("raises no overtravel: it does not take the car to be where its last run began", () => {
    // between-floors: rescued to a landing, then sent empty to the top as the box restarts.
    // Told the landing the last trip ended at, the box took the car to be at the rescue's
    // landing and read its run from the top to the ground floor as 14 m past the bottom.
    const scenario = loadScenario("between-floors");
    for (const seed of [1, 2]) {
      const { problems, kept } = rebootedBox(scenario, seed, { rebootAtS: 330, downS: DOWN_S, carry: asLiveCarries });
      expect(problems, `seed ${seed}`).toBe("");
      expect(kept.lastLanding, `seed ${seed}`).toBe(0);
    }
  });
});

describe("what a box keeps of where the car is, for its next start", () => {
  it("is the landing each run ended at, and none while a run goes on (a box stopped mid-run cannot know where it ends)", () => {
    const told: { t: number; landing: number | null }[] = [];
    const scenario = parkedAtThree(true);
    const box = createSimulatedBox(scenario, { seed: 1, sink: { event: () => undefined, trip: () => undefined }, acrossBoots: { keepLanding: (landing) => told.push({ t: box.clock.now() / 1000, landing }) } });
    box.clock.advanceTo(scenario.duration_s * 1000);
    box.device.stop();
    const trips = box.lift.truth.flatMap((record) => (record.type === "trip" ? [record] : []));
    expect(trips.length).toBe(4);
    const keptAt = (t: number) => told.filter((entry) => entry.t <= t).at(-1)?.landing;
    for (const trip of trips) {
      // Midway through the run, and a second after it ended.
      expect(keptAt((trip.start + trip.end) / 2), `trip at ${trip.start}`).toBeNull();
      expect(keptAt(trip.end + 1), `trip at ${trip.start}`).toBe(trip.to);
    }
  });
});
