/**
 * Where the box says a car stopped between floors is evidence: the insured event carries it.
 * It is reckoned from the last door-zone edge the car passed, and must be where the car is.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../simulator/scenario.ts";
import { createSimulatedBox } from "../../simulator/simulated-box.ts";
import type { EventEnvelope } from "../../protocols/contract.ts";

describe.each(["between-floors", "stopped-outside-door-zone", "power-loss", "overtravel", "free-fall", "unintended-movement", "demo"])("%s", (name) => {
  it("places the car stopped outside a door zone within 5 cm of where it is", () => {
    const scenario = loadScenario(name);
    const found: { estimated: number | null; actual: number }[] = [];
    const box = createSimulatedBox(scenario, {
      sink: {
        event: (envelope: EventEnvelope) => {
          if (envelope.type === "stopped_outside_door_zone") found.push({ estimated: envelope.lift.position_m, actual: box.lift.kinematicsAt(box.lift.now()).position });
        },
        trip: () => undefined,
      },
    });
    box.clock.advanceTo(scenario.duration_s * 1000);
    box.device.stop();
    expect(found.length).toBeGreaterThan(0);
    for (const { estimated, actual } of found) expect(Math.abs(estimated! - actual), `${estimated} m, the car at ${actual.toFixed(3)} m`).toBeLessThanOrEqual(0.05);
  });
});
