import { describe, expect, it } from "vitest";
import { ActivityMeter } from "../../../firmware/conditioning/activity.ts";
import { defaultConfig } from "../../../firmware/config/schema.ts";

/** The meter's reading after `seconds` of |force| = g + a sine of `rms` m/s² at `hz`, sampled at 400 Hz. */
function reading(hz: number, rms: number, seconds = 5): number {
  const { activity_high_pass_s, activity_averaging_s, activity_low_pass_s } = defaultConfig().motion;
  const meter = new ActivityMeter(activity_high_pass_s, activity_averaging_s, activity_low_pass_s);
  let value = 0;
  for (let index = 0; index <= seconds * 400; index++) value = meter.update(9.81 + rms * Math.SQRT2 * Math.sin(2 * Math.PI * hz * (index / 400)), index === 0 ? 0 : 1 / 400);
  return value;
}

describe("activity meter", () => {
  const limit = defaultConfig().motion.activity_mps2;

  it("reads handling and bouncing (1-3 Hz) at about their size, above the handling level", () => {
    for (const hz of [1, 2, 3]) expect(reading(hz, 1.5), `${hz} Hz`).toBeGreaterThan(limit);
  });

  it("leaves a car's own hard vibration (8-12 Hz) below it: 1.5 m/s² rms read as handling blocked every start", () => {
    for (const hz of [8, 10, 12]) expect(reading(hz, 1.5), `${hz} Hz`).toBeLessThan(limit);
  });
});
