/**
 * The gravity reference after the box was shaken (people jumping in the car, someone handling
 * it): kept when the box still points as it did, even while the car bounces along gravity;
 * learnt afresh when it was put down at another attitude.
 */
import { describe, expect, it } from "vitest";
import { GravityReference } from "../../../firmware/estimation/gravity-reference.ts";

const G = 9.81;
const tilted = (degrees: number, magnitude = G) => {
  const angle = (degrees * Math.PI) / 180;
  return { x: Math.sin(angle) * magnitude, y: 0, z: Math.cos(angle) * magnitude };
};

/** A warm reference learnt at 3° over 10 s at 100 Hz, then one handled reading. */
function shakenReference(): GravityReference {
  const reference = new GravityReference(5, 1);
  for (let index = 0; index < 1000; index++) reference.learn(tilted(3), 0.01);
  reference.learn(tilted(3, G + 3), 0.01, true);
  expect(reference.isDisturbed).toBe(true);
  return reference;
}

describe("a gravity reference after the box was shaken", () => {
  it("keeps its warm reference through readings of the car still bouncing along gravity, and learns again once one weighs as before", () => {
    const reference = shakenReference();
    // The ropes ring down: the same direction, |force| 0.4–0.7 m/s² off.
    for (const off of [0.7, -0.6, 0.5, -0.4]) reference.learn(tilted(3, G + off), 0.01);
    expect(reference.isWarm).toBe(true);
    expect(reference.isDisturbed).toBe(true);
    expect(reference.magnitude).toBeCloseTo(G, 9);
    expect(reference.verticalAcceleration(tilted(3))).toBeCloseTo(0, 9);
    reference.learn(tilted(3, G + 0.05), 0.01);
    expect(reference.isDisturbed).toBe(false);
    expect(reference.isWarm).toBe(true);
    expect(Math.abs(reference.magnitude! - G)).toBeLessThan(0.01);
  });

  it("starts afresh when the box was put down at another attitude", () => {
    const reference = shakenReference();
    reference.learn(tilted(9), 0.01);
    expect(reference.isWarm).toBe(false);
    expect(reference.isDisturbed).toBe(false);
    expect(reference.verticalAcceleration(tilted(9))).toBeCloseTo(0, 9);
  });
});
