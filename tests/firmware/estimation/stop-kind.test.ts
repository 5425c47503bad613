import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../firmware/config/schema.ts";
import { stopKind } from "../../../firmware/estimation/stop-kind.ts";
import type { Movement } from "../../../firmware/estimation/inertial-motion.ts";

const detection = defaultConfig().detection;
const run = (starting: number, braking: number): Movement => ({ start: 0, end: 10, direction: "up", displacement_m: 7, max_speed_mps: 1.6, starting_mps2: starting, braking_mps2: braking });

describe("stopKind", () => {
  it("takes a braking past emergency_braking_ratio times the start for an emergency, stopped hard only where corroborated", () => {
    expect(stopKind(run(0.8, 1.28), detection, false)).toEqual({ emergency: true, stoppedHard: false, pastLandingLimit: false });
    expect(stopKind(run(0.8, 1.28), detection, true)).toEqual({ emergency: true, stoppedHard: true, pastLandingLimit: false });
    expect(stopKind(run(0.8, 1.1), detection, true)).toEqual({ emergency: false, stoppedHard: false, pastLandingLimit: false });
  });

  it("takes a braking within emergency_landing_margin of how this lift was learnt to land for a landing", () => {
    // A lift landing at 1.6 times its start lands so: no emergency; past 1.15 times that, one.
    expect(stopKind(run(0.8, 1.28), detection, true, 1.6).emergency).toBe(false);
    expect(stopKind(run(0.8, 1.5), detection, true, 1.6)).toEqual({ emergency: true, stoppedHard: true, pastLandingLimit: false });
    // One landing at 1.25 times its start keeps emergency_braking_ratio: its gentle emergency stops are still stops.
    expect(stopKind(run(0.8, 1.24), detection, false, 1.25).emergency).toBe(true);
    // Learnt gentler than its start, or not learnt: the start alone.
    expect(stopKind(run(0.8, 1.28), detection, false, 0.9).emergency).toBe(true);
    expect(stopKind(run(0.8, 1.28), detection, false, NaN).emergency).toBe(true);
  });

  it("keeps the fixed limit whatever was learnt", () => {
    expect(stopKind(run(1.2, 1.8), detection, false, 1.6)).toEqual({ emergency: true, stoppedHard: true, pastLandingLimit: true });
  });
});
