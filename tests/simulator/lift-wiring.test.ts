/**
 * The simulated wiring passes over the scans at which no line can change: a parked car with
 * nothing happening sets no timer at all, and a moving car's door-zone line still changes at
 * the first 4 ms scan after the car crosses each zone edge, as it would if scanned throughout.
 */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../simulator/clock.ts";
import { LiftWiring } from "../../simulator/gpio/lift-wiring.ts";
import { VirtualGpioChip } from "../../simulator/gpio/virtual-gpio-chip.ts";
import { SimulatedLift } from "../../simulator/lift.ts";
import { SeededRandom } from "../../simulator/random.ts";
import { loadScenario } from "../../simulator/scenario.ts";

function wiredLift() {
  const scenario = structuredClone(loadScenario("normal-hour"));
  scenario.traffic.passengers_per_hour = 0;
  const clock = new VirtualClock();
  const random = new SeededRandom(3);
  const lift = new SimulatedLift(scenario, clock, random);
  const chip = new VirtualGpioChip({ clock });
  const wiring = new LiftWiring(lift, clock, random, chip, new Set(["door_contact", "door_zone"]), []);
  const zoneEdges: { t: number; level: number }[] = [];
  chip.pin("door_zone").onEdge((level, t) => zoneEdges.push({ t, level }));
  lift.start();
  wiring.start();
  return { scenario, clock, lift, zoneEdges };
}

describe("the simulated wiring", () => {
  it("sets no timer for a parked car that nothing happens to", () => {
    const { clock } = wiredLift();
    clock.advanceTo(60_000);
    expect(clock.nextDueMs()).toBeUndefined();
  });

  it("changes the door-zone line at the first 4 ms scan after the car crosses each zone edge", () => {
    const { scenario, clock, lift, zoneEdges } = wiredLift();
    clock.advanceTo(5_000);
    lift.request(0, 4);
    // The truth, sampled every 0.1 ms: when the car leaves and enters a door zone.
    const crossings: { t: number; level: number }[] = [];
    let inZone = lift.inDoorZone(5);
    for (let ms = 5_000; ms <= 60_000; ms += 0.1) {
      clock.advanceTo(ms);
      const now = lift.inDoorZone(ms / 1000);
      if (now !== inZone) crossings.push({ t: ms / 1000, level: now ? 1 : 0 });
      inZone = now;
    }
    // Out of landing 0, past the zones of 1, 2 and 3 (each entered and left), into 4.
    expect(crossings).toHaveLength(2 + 2 * (scenario.building.landings_m.length - 3));
    expect(zoneEdges.map((edge) => edge.level)).toEqual(crossings.map((crossing) => crossing.level));
    zoneEdges.forEach((edge, index) => {
      expect(edge.t - crossings[index].t).toBeGreaterThanOrEqual(-1e-4);
      expect(edge.t - crossings[index].t).toBeLessThanOrEqual(0.004 + 1e-4);
    });
  });
});
