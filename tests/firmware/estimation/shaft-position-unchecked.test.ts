/**
 * A door-zone sensor that read no edge in a whole run has checked none of it: the reckoning is
 * then only as good as the chip over the run's length, and a door the lift opened as the car
 * came in says the car is in a zone. One that read an edge was seen to work, and keeps to
 * missed_vane_m. One that read no edge through whole zones reads nothing.
 */
import { describe, expect, it } from "vitest";
import { ShaftPosition } from "../../../firmware/estimation/shaft-position.ts";

/** Landings 3 m apart, zones ±0.25 m, the box's defaults for a missed vane (0.1 m, 1.5 σ). */
function shaftAtGround(): ShaftPosition {
  return new ShaftPosition({ landingsM: [0, 3, 6, 9], startLanding: 0, snapM: 0.6, zoneHalfM: 0.25, missedVaneM: 0.1, missedVaneSigma: 1.5 });
}

/** Up from landing 0, landing 1's zone read (entered at 2.75 m, left at 3.25 m) where `edges`. */
function upPastLanding1(shaft: ShaftPosition, edges: boolean): void {
  shaft.runStarted();
  shaft.moved(2.75);
  if (edges) shaft.zoneEdge(1, true, "up");
  shaft.moved(3.25);
  if (edges) shaft.zoneEdge(2, false, "up");
}

describe("a door opening as the car comes in where no sensor reads a zone", () => {
  it("may be in a zone as far from a landing as the chip's doubt over the run reaches, with no edge read", () => {
    const shaft = shaftAtGround();
    upPastLanding1(shaft, false);
    // 0.5 m short of landing 3: past its zone and missed_vane_m (0.35 m), within 1.5 σ of 3.5 % over 8.5 m more.
    shaft.moved(8.5);
    expect(shaft.mayBeInZone(0, 0)).toBe(false);
    expect(shaft.mayBeInZone(0, 0.035)).toBe(true);
    expect(shaft.mayBeInZone(0, 0.01)).toBe(false);
  });

  it("is not, past the zone and missed_vane_m, once an edge was read", () => {
    const shaft = shaftAtGround();
    upPastLanding1(shaft, true);
    shaft.moved(8.5);
    expect(shaft.mayBeInZone(0, 0.035)).toBe(false);
  });
});

describe("a stop the sensor reads outside, past missed_vane_m", () => {
  // One storey up, reckoned 0.3 m short: outside the zone by 0.05 m, less than 1.5 σ of 3.5 % over 2.7 m (0.14 m).
  const trip = { displacement_m: 2.7, start: 0, end: 6, scaleUncertainty: 0.035, doorVouches: true };

  /** Up from landing 0, its zone's edge read as the car left it where `edges`. */
  function upOneStorey(edges: boolean): ShaftPosition {
    const shaft = shaftAtGround();
    shaft.runStarted();
    shaft.moved(0.25);
    if (edges) shaft.zoneEdge(1, false, "up");
    shaft.moved(2.7);
    return shaft;
  }

  it("is a missed vane where no edge was read and the door opened as the car came in", () => {
    const shaft = upOneStorey(false);
    expect(shaft.runEnded({ ...trip, openedComingIn: true }, false)).toEqual({ from: 0, to: 1, missedVaneM: expect.closeTo(-0.3, 6) });
    expect(shaft.position).toBe(3);
  });

  it.each([
    ["the door did not open as the car came in", false, false],
    ["an edge was read in the run", true, true],
  ])("is outside the zone where %s", (_, openedComingIn, edges) => {
    const shaft = upOneStorey(edges);
    expect(shaft.runEnded({ ...trip, openedComingIn }, false)).toEqual(expect.not.objectContaining({ missedVaneM: expect.anything() }));
    expect(shaft.position).toBeCloseTo(2.7, 6);
  });
});

describe("a sensor reading outside through a whole run", () => {
  it("is stuck where the run passed whole zones with the chip's doubt to spare, and says nothing of the stop", () => {
    const shaft = shaftAtGround();
    upPastLanding1(shaft, false);
    shaft.moved(8.62);
    // Landings 1 and 2 passed (their zones end 0.45 m, 1.5 σ of 3.5 % over 8.62 m, inside the run).
    // The stop is placed as without a sensor, on the run's own doubt: at landing 3.
    expect(shaft.runEnded({ displacement_m: 8.62, start: 0, end: 12, scaleUncertainty: 0.035, integrationUncertaintyM: 0.3 }, false)).toEqual({ from: 0, to: 3, stuckOutside: { tripM: 8.62, zones: 2 } });
  });

  it("is not where it read an edge, nor where the run may have passed no whole zone", () => {
    const read = shaftAtGround();
    upPastLanding1(read, true);
    read.moved(8.62);
    expect(read.runEnded({ displacement_m: 8.62, start: 0, end: 12, scaleUncertainty: 0.035 }, false)).not.toHaveProperty("stuckOutside");
    // From landing 0 to 3.4 m: landing 1's zone (2.75-3.25 m) within 0.12 m of the run's end.
    const short = shaftAtGround();
    short.runStarted();
    short.moved(3.4);
    expect(short.runEnded({ displacement_m: 3.4, start: 0, end: 5, scaleUncertainty: 0.035 }, false)).not.toHaveProperty("stuckOutside");
  });
});

