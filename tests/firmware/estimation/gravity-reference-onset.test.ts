/**
 * Gravity is learnt at rest, and a start is recognised only a little after the car begins to
 * accelerate: what the reference learnt of that first rise must not be carried through the run.
 */
import { describe, expect, it } from "vitest";
import { GravityReference } from "../../../firmware/estimation/gravity-reference.ts";

const G = 9.81;
const DT = 0.01;

/** 10 s at rest, then `riseS` of a start's jerk-limited rise (1 m/s³) that is learnt as rest; quiet marked until `quietUntilS` into the rise. */
function startAfterRest(riseS: number, quietUntilS: number): GravityReference {
  const reference = new GravityReference(5, 1);
  for (let t = 0; t < 10; t += DT) {
    reference.learn({ x: 0, y: 0, z: G }, DT);
    reference.markQuiet();
  }
  for (let t = 0; t < riseS; t += DT) {
    reference.learn({ x: 0, y: 0, z: G + 1 * t }, DT);
    if (t < quietUntilS) reference.markQuiet();
  }
  return reference;
}

describe("the gravity reference when a run begins", () => {
  it("goes back to before the start's first rise, which it had begun to learn", () => {
    // The smoothed signal leaves the quiet band 0.15 s into the rise; the start is recognised 0.3 s later.
    const learnt = startAfterRest(0.45, 0.15);
    // The leak it would carry through the run: a steady error of a few mm/s².
    expect(learnt.verticalAcceleration({ x: 0, y: 0, z: G })).toBeLessThan(-0.01);
    const restored = startAfterRest(0.45, 0.15);
    restored.restoreBeforeOnset();
    expect(Math.abs(restored.verticalAcceleration({ x: 0, y: 0, z: G }))).toBeLessThan(1e-9);
  });

  it("keeps what it learnt at rest before that (the marks are a quarter to half a second apart)", () => {
    const reference = new GravityReference(5, 1);
    for (let t = 0; t < 10; t += DT) {
      reference.learn({ x: 0, y: 0, z: G }, DT);
      reference.markQuiet();
    }
    // The chip warmed a little while the car stood: that is gravity, and stays learnt.
    for (let t = 0; t < 10; t += DT) {
      reference.learn({ x: 0, y: 0, z: G + 0.05 }, DT);
      reference.markQuiet();
    }
    const before = reference.verticalAcceleration({ x: 0, y: 0, z: G + 0.05 });
    reference.restoreBeforeOnset();
    expect(Math.abs(reference.verticalAcceleration({ x: 0, y: 0, z: G + 0.05 }))).toBeLessThan(Math.abs(before) + 0.005);
    expect(Math.abs(reference.verticalAcceleration({ x: 0, y: 0, z: G + 0.05 }))).toBeLessThan(0.01);
  });

  it("does not go back to a reference that was still in its warm-up (a box booting as the car starts)", () => {
    const reference = new GravityReference(5, 1);
    // Booted mid-bounce: the first readings are off, and only they were quiet before the start.
    for (let t = 0; t < 0.6; t += DT) {
      reference.learn({ x: 0, y: 0, z: G + 0.3 }, DT);
      reference.markQuiet();
    }
    for (let t = 0; t < 2; t += DT) reference.learn({ x: 0, y: 0, z: G }, DT);
    const learnt = reference.verticalAcceleration({ x: 0, y: 0, z: G });
    reference.restoreBeforeOnset();
    expect(reference.verticalAcceleration({ x: 0, y: 0, z: G })).toBe(learnt);
  });
});
