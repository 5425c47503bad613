/**
 * A door-zone sensor found reading nothing is not believed until it next changes, and is kept so
 * over a restart: at the next start its first reading, outside, is no fact; inside, it was mended.
 */
import { describe, expect, it } from "vitest";
import { ZoneSensorBelief } from "../../../firmware/health/zone-sensor-belief.ts";

function belief(deadBeforeStart = false, fitted = true) {
  const kept: boolean[] = [];
  const changes: (number | undefined)[] = [];
  const stillDead: number[] = [];
  const zone = new ZoneSensorBelief(fitted, deadBeforeStart, (dead) => kept.push(dead), (from) => changes.push(from));
  return { zone, kept, changes, stillDead, read: (at: number, first: boolean, inside: boolean) => zone.reading(at, first, inside, () => stillDead.push(at)) };
}

describe("a door-zone sensor's belief", () => {
  it("is lost once it is found reading nothing, kept so, and back when it reads again", () => {
    const { zone, kept, changes, read } = belief();
    expect(zone.believed).toBe(true);
    expect(read(1, true, true)).toBe(false);
    zone.foundDeadAt(40);
    expect([zone.believed, zone.foundDead, kept, changes]).toEqual([false, true, [true], [40]]);
    expect(read(90, false, true)).toBe(false);
    expect([zone.believed, kept, changes]).toEqual([true, [true, false], [40, undefined]]);
  });

  it("found so before the start, is not believed at its first reading outside, which is reported", () => {
    const { zone, changes, stillDead, read } = belief(true);
    expect(read(0.5, true, false)).toBe(true);
    expect([zone.believed, changes, stillDead]).toEqual([false, [0.5], [0.5]]);
  });

  it("found so before the start and reading inside at first, was mended: believed, and the journal told", () => {
    const { zone, kept, changes, stillDead, read } = belief(true);
    expect(read(0.5, true, true)).toBe(false);
    expect([zone.believed, kept, changes, stillDead]).toEqual([true, [false], [], []]);
  });

  it("is never taken where no sensor is fitted", () => {
    expect(belief(false, false).zone.believed).toBe(false);
  });
});
