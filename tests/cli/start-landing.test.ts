/**
 * A box on hardware first started without `lift.start_landing` does not know where its car is
 * and raises nothing that needs the car's place until its trips place it (README, "Where the car
 * is when the box starts"): the installer is told so at the start, as at a later start whose
 * journal kept no landing. Nothing is said where the box knows, or has no landings to place the car at.
 */
import { describe, expect, it } from "vitest";
import { configSchema } from "../../firmware/config/schema.ts";
import { startLandingAcrossBoots, unknownStartLanding } from "../../cli/start-landing.ts";

const lift = (start_landing?: number) => configSchema.parse({ lift: { landings_m: [0, 3, 6], start_landing } }).lift;

describe("a hardware box's start landing", () => {
  it("is the configuration's at the first start, the journal's later, and none where the journal kept none", () => {
    expect(startLandingAcrossBoots(1, 2)).toBeUndefined();
    expect(startLandingAcrossBoots(2, 2)).toBe(2);
    expect(startLandingAcrossBoots(2, null)).toBeNull();
    expect(startLandingAcrossBoots(3, undefined)).toBeNull();
  });

  it("is said to be unknown at a first start without lift.start_landing, naming the setting", () => {
    expect(unknownStartLanding(lift(), startLandingAcrossBoots(1, undefined))).toMatch(/^! lift\.start_landing is not set: where the car is, is not known until its trips place it/);
    // A landing left in the journal by an earlier life of the box does not count at a first start.
    expect(unknownStartLanding(lift(), startLandingAcrossBoots(1, 2))).toMatch(/^! lift\.start_landing is not set/);
  });

  it("is said to be unknown at a later start whose journal kept no landing", () => {
    expect(unknownStartLanding(lift(1), startLandingAcrossBoots(2, null))).toMatch(/^! the journal kept no landing from the last start/);
    expect(unknownStartLanding(lift(1), startLandingAcrossBoots(4, undefined))).toMatch(/^! the journal kept no landing/);
  });

  it("says nothing where the box knows the landing, or has none to place the car at", () => {
    expect(unknownStartLanding(lift(0), startLandingAcrossBoots(1, undefined))).toBeUndefined();
    expect(unknownStartLanding(lift(), startLandingAcrossBoots(2, 1))).toBeUndefined();
    expect(unknownStartLanding(configSchema.parse({}).lift, startLandingAcrossBoots(1, undefined))).toBeUndefined();
  });
});
