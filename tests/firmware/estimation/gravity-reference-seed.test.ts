/**
 * The gravity reference started from the mount's calibration: warm at once, kept when the
 * first tenth of a second at rest agrees, dropped (learnt afresh) when the box sits otherwise.
 */
import { describe, expect, it } from "vitest";
import { GravityReference } from "../../../firmware/estimation/gravity-reference.ts";

const G = 9.81;
const tilted = (degrees: number, magnitude = G) => {
  const angle = (degrees * Math.PI) / 180;
  return { x: Math.sin(angle) * magnitude, y: 0, z: Math.cos(angle) * magnitude };
};

/** Readings at 100 Hz for `seconds`, through check() as the motion estimator does. */
function feed(reference: GravityReference, force: { x: number; y: number; z: number }, seconds: number): void {
  for (let index = 0; index < seconds * 100; index++) reference.check(force, index === 0 ? 0 : 0.01);
}

describe("a gravity reference started from the calibration", () => {
  it("is warm before any reading and reads no vertical acceleration at rest", () => {
    const reference = new GravityReference(5, 1);
    expect(reference.isWarm).toBe(false);
    reference.startFrom(tilted(3));
    expect(reference.isWarm).toBe(true);
    expect(reference.verticalAcceleration(tilted(3))).toBeCloseTo(0, 9);
  });

  it("stays warm when the first tenth of a second agrees (within noise and a few mg)", () => {
    const reference = new GravityReference(5, 1);
    reference.startFrom(tilted(3));
    feed(reference, tilted(3.5, G + 0.02), 0.3);
    expect(reference.isWarm).toBe(true);
    expect(reference.magnitude).toBeCloseTo(G, 9);
  });

  it.each([
    ["tilted 5° from the calibrated attitude", tilted(8)],
    ["0.1 m/s² off along gravity (a start under way, a drifted chip)", tilted(3, G + 0.1)],
  ])("is dropped and learnt afresh when the box sits otherwise: %s", (_case, force) => {
    const reference = new GravityReference(5, 1);
    reference.startFrom(tilted(3));
    feed(reference, force, 0.2);
    expect(reference.isWarm).toBe(false);
    reference.learn(force, 0);
    expect(reference.magnitude).toBeCloseTo(Math.hypot(force.x, force.y, force.z), 9);
  });
});
