/**
 * A car whose landing is not known, or only guessed from the last start (see CarriedLanding),
 * is placed from its trips; with a door-zone sensor, by the zones each trip entered as well as
 * its length: on evenly spaced floors a long trip's length, a few per cent off, fits several
 * landings, and the zones counted only one. A vane missed puts every entry after it a storey
 * out, and such a count is not believed.
 */
import { describe, expect, it } from "vitest";
import { ShaftPosition } from "../../../firmware/estimation/shaft-position.ts";

const LANDINGS_M = Array.from({ length: 11 }, (_, index) => index * 3);
const ZONE_HALF_M = 0.1;

/** A run of `storeys` (+ up) at 1 m/s, integrated `scale` times its length, the zones entered but those `missed`. */
function run(shaft: ShaftPosition, storeys: number, { scale = 1.05, missed = [] as number[] } = {}) {
  const way = Math.sign(storeys);
  shaft.runStarted();
  for (let storey = 1; storey <= Math.abs(storeys); storey++) {
    const atM = way * (storey * 3 - ZONE_HALF_M);
    shaft.moved(atM * scale);
    if (!missed.includes(storey)) shaft.zoneEdge(Math.abs(atM), true, way > 0 ? "up" : "down");
  }
  const lengthM = storeys * 3;
  // A chip 5 % over-sensitive, known only to 6 %: 3 σ more than a storey on this 30 m shaft's longer runs.
  const sigmaM = Math.abs(lengthM) * 0.06;
  return shaft.runEnded({ displacement_m: lengthM * scale, start: 0, end: Math.abs(lengthM), integrationUncertaintyM: sigmaM }, true, sigmaM);
}

describe("a car placed again from its trips, with a door-zone sensor", () => {
  it("is placed by the zones its trips entered where their lengths alone fit several landings", () => {
    const shaft = new ShaftPosition({ landingsM: LANDINGS_M, startLanding: undefined, snapM: 0.3, zoneHalfM: ZONE_HALF_M });
    // Eight storeys up: from landing 0, 1 or 2 (by length 7 to 9 up). Then ten down: only from 10,
    // to 0 (by length, 9 or 10 down, from 9 or 10: 0 or 1).
    expect(run(shaft, 8)).toEqual({});
    expect(run(shaft, -10)).toEqual({ to: 0 });
    expect(shaft.landing).toBe(0);
  });

  it("is placed by its trips' lengths alone where a count is a vane short, which places it only when they do", () => {
    const shaft = new ShaftPosition({ landingsM: LANDINGS_M, startLanding: undefined, snapM: 0.3, zoneHalfM: ZONE_HALF_M });
    expect(run(shaft, 8)).toEqual({});
    // Nine entries counted of ten, every one after the fourth a storey out: not believed; 31.5 m down leaves 0 and 1.
    expect(run(shaft, -10, { missed: [4] })).toEqual({});
    expect(shaft.landing).toBeUndefined();
  });
});

describe("a landing carried over a restart, with a door-zone sensor", () => {
  it("is dropped when its own trip is shorter than the zones counted (it ran past an end, where no edge puts it right)", () => {
    // Carried at landing 8; the car was at 5. Five up: the guess reckons it 3 landings past the top.
    const shaft = new ShaftPosition({ landingsM: LANDINGS_M, startLanding: 8, startCarried: true, snapM: 0.3, zoneHalfM: ZONE_HALF_M });
    expect(shaft.carriedUnconfirmed).toBe(true);
    shaft.runStarted();
    for (let storey = 1; storey <= 5; storey++) {
      shaft.moved(storey * 3 - ZONE_HALF_M);
      shaft.zoneEdge(storey, true, "up");
    }
    const end = shaft.runEnded({ displacement_m: 15, start: 0, end: 15, integrationUncertaintyM: 0.3 }, true, 0);
    expect(end).toEqual({ carriedRefuted: true });
    expect(shaft.position).toBeUndefined();
    expect(shaft.carriedUnconfirmed).toBe(false);
  });

  it("holds an overtravel while it may be within the shaft from a landing the trips allow", () => {
    const shaft = new ShaftPosition({ landingsM: LANDINGS_M, startLanding: 10, startCarried: true, snapM: 0.3, zoneHalfM: ZONE_HALF_M });
    shaft.runStarted();
    shaft.moved(2);
    // 32 m by the guess: within the shaft from landing 9 or below.
    expect(shaft.mayBeWithinShaft(0.3)).toBe(true);
    const known = new ShaftPosition({ landingsM: LANDINGS_M, startLanding: 10, snapM: 0.3, zoneHalfM: ZONE_HALF_M });
    known.runStarted();
    known.moved(2);
    expect(known.mayBeWithinShaft(0.3)).toBe(false);
  });
});
