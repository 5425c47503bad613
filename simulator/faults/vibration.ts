/**
 * Extra ride vibration from a worn guide roller: while the car moves, a tone at the
 * roller's rotation-related frequency (5–12 Hz) on every axis plus broadband roughness. The
 * tone carries 70 % of the power, the broadband the rest, so the total is `rms` per axis.
 */
import type { Vector3 } from "../../hal/sensors.ts";
import type { SeededRandom } from "../random.ts";

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

/** The worn roller's tone on each car axis (x, y horizontal; z vertical) at `time`, written into `into`. */
export function wornToneAt(window: VibrationWindow, time: number, into: Vector3): Vector3 {
  const toneAmplitude = Math.sqrt(2 * TONE_SHARE) * window.rms;
  const angle = 2 * Math.PI * window.frequency * time;
  const [phaseX, phaseY, phaseZ] = window.phases;
  into.x = toneAmplitude * Math.sin(angle + phaseX);
  into.y = toneAmplitude * Math.sin(angle + phaseY);
  into.z = toneAmplitude * Math.sin(angle + phaseZ);
  return into;
}
