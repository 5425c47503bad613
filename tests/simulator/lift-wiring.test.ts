/**
 * The simulated wiring passes over the scans at which no line can change: a parked car with
 * nothing happening sets no timer at all. Lines change when the lift does, and the door-zone
 * line at the moment the car crosses a zone edge, not at the scan after it (a box timing its
 * edges would read that scan's lateness as leveling error).
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
  const doorEdges: number[] = [];
  chip.pin("door_contact").onEdge((_level, t) => doorEdges.push(t));
  lift.start();
  wiring.start();
  return { scenario, clock, lift, zoneEdges, doorEdges };
}

describe("the simulated wiring", () => {
  it("sets no timer for a parked car that nothing happens to", () => {
    const { clock } = wiredLift();
    clock.advanceTo(60_000);
    expect(clock.nextDueMs()).toBeUndefined();
  });

  it("changes the door-zone line as the car crosses each zone edge", () => {
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
    // The truth's crossing is the first 0.1 ms step inside: the edge is within the step before it.
    zoneEdges.forEach((edge, index) => {
      expect(edge.t - crossings[index].t).toBeGreaterThanOrEqual(-1e-4 - 2e-6);
      expect(edge.t - crossings[index].t).toBeLessThanOrEqual(2e-6);
    });
  });

  it("moves the door contact when the door moves, not at the next scan", () => {
    const { clock, lift, doorEdges } = wiredLift();
    const doorMoves: number[] = [];
    let closed = lift.doorClosed;
    lift.onChange(() => {
      if (lift.doorClosed !== closed) doorMoves.push(clock.now() / 1000);
      closed = lift.doorClosed;
    });
    clock.advanceTo(5_000);
    lift.request(0, 2);
    clock.advanceTo(60_000);
    expect(doorMoves.length).toBeGreaterThanOrEqual(4);
    // A contact's first edge is the door's moment; its bounces follow within a few ms.
    for (const moved of doorMoves) expect(doorEdges).toContain(moved);
  });
});
