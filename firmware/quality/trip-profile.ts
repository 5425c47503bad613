/**
 * A trip's profile for its plot, as ISO 18738-1 derives it: speed and position by
 * integrating the vertical acceleration (trapezoids) from the trip's start to its end. The
 * car is at rest at both ends, so the speed left over at the end is the integration's drift
 * (an accelerometer offset), taken out linearly over the trip. Outside the trip the car is
 * at rest: speed 0, position held.
 */
import type { MotionSample } from "../pipeline.ts";

export interface ProfilePoint {
  /** s since the trip started */
  time_s: number;
  /** m/s², + up */
  acceleration_mps2: number;
  /** m/s, + up */
  speed_mps: number;
  /** m: above the lowest landing when `startHeightM` is known, else from where the trip began */
  position_m: number;
}

/** `samples` in time order; `marginS` of rest shown either side. */
export function tripProfile(samples: MotionSample[], start: number, end: number, marginS: number, startHeightM = 0): ProfilePoint[] {
  const shown = samples.filter((sample) => sample.t >= start - marginS && sample.t <= end + marginS);
  const inside = shown.filter((sample) => sample.t >= start && sample.t <= end);
  const raw = integrate(inside);
  const drift = inside.length > 1 ? raw.at(-1)! / (inside.at(-1)!.t - inside[0].t) : 0;
  const speeds = new Map(inside.map((sample, index) => [sample, raw[index] - drift * (sample.t - inside[0].t)]));

  let position = startHeightM;
  let previous: { t: number; speed: number } | undefined;
  return shown.map((sample) => {
    const speed = speeds.get(sample) ?? 0;
    if (previous && speeds.has(sample)) position += ((previous.speed + speed) / 2) * (sample.t - previous.t);
    previous = { t: sample.t, speed };
    return { time_s: sample.t - start, acceleration_mps2: sample.vertical_mps2, speed_mps: speed, position_m: position };
  });
}

/** Running trapezoid integral of the vertical acceleration, 0 at the first sample. */
function integrate(samples: MotionSample[]): number[] {
  const speeds: number[] = [];
  let speed = 0;
  samples.forEach((sample, index) => {
    if (index > 0) speed += ((samples[index - 1].vertical_mps2 + sample.vertical_mps2) / 2) * (sample.t - samples[index - 1].t);
    speeds.push(speed);
  });
  return speeds;
}
