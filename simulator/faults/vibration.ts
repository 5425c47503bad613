/**
 * Extra ride vibration from a worn guide roller: while the car moves, a tone at the
 * roller's rotation-related frequency (5–12 Hz) on every axis plus broadband roughness. The
 * tone carries 70 % of the power, the broadband the rest, so the total is `rms` per axis.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import type { SeededRandom } from "../random.ts";
import { VibrationVelocity } from "../roughness.ts";

export interface VibrationWindow {
  from: number;
  until: number;
  /** m/s² per axis */
  rms: number;
  /** Hz */
  frequency: number;
  /** rad, per axis */
  phases: [number, number, number];
}

const TONE_SHARE = 0.7;

export function vibrationWindow(from: number, until: number, rms: number, random: SeededRandom): VibrationWindow {
  const phase = () => 2 * Math.PI * random.next();
  return { from, until, rms, frequency: 5 + 7 * random.next(), phases: [phase(), phase(), phase()] };
}

/** m/s² per axis: the worn roller's broadband roughness, which joins the ride's (see ../roughness.ts). */
export function wornRoughness(window: VibrationWindow): number {
  return Math.sqrt(1 - TONE_SHARE) * window.rms;
}

/** m/s: below this car speed the tone fades (the roller turns with the car) */
const FULL_TONE_SPEED_MPS = 0.2;
/** s: the tone fades in and out over this at its window's edges */
const WINDOW_RAMP_S = 0.5;

/**
 * The worn roller's tone on each car axis (x, y horizontal; z vertical), as the change per
 * sample of a vibration velocity that fades with the car's speed and at the window's edges
 * (see ../roughness.ts). A tone switched on and off at full strength mid-swing left the speed
 * integrated from it off by up to its amplitude over 2πf, 0.05 m/s, for the rest of the run
 * and after it: the car's vibration velocity is back at zero when the car stops.
 */
export class WornTone {
  private readonly velocity = new VibrationVelocity();

  /** The tone at `time` (one call per sample, in time order) of a car going `speedMps`, written into `into`. */
  next(window: VibrationWindow | undefined, time: number, speedMps: number, into: Vector3): Vector3 {
    const velocity = this.velocity;
    velocity.advance(time);
    if (!window && velocity.still) {
      // No roller shaking, nor any left to fade out: most samples of most rides.
      into.x = into.y = into.z = 0;
      return into;
    }
    let amplitudeMps = 0;
    let angle = 0;
    if (window) {
      const strength = Math.max(0, Math.min(1, Math.abs(speedMps) / FULL_TONE_SPEED_MPS, (time - window.from) / WINDOW_RAMP_S, (window.until - time) / WINDOW_RAMP_S));
      const omega = 2 * Math.PI * window.frequency;
      amplitudeMps = (strength * Math.sqrt(2 * TONE_SHARE) * window.rms) / omega;
      angle = omega * time;
    }
    const [phaseX, phaseY, phaseZ] = window?.phases ?? NO_PHASES;
    into.x = velocity.set(0, amplitudeMps * Math.sin(angle + phaseX));
    into.y = velocity.set(1, amplitudeMps * Math.sin(angle + phaseY));
    into.z = velocity.set(2, amplitudeMps * Math.sin(angle + phaseZ));
    return into;
  }
}

const NO_PHASES: readonly [number, number, number] = [0, 0, 0];
