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

/**
 * The extra acceleration on each car axis (x, y horizontal; z vertical) at `time`, written
 * into `into`: it is asked for every sample of a ride.
 */
export function vibrationAt(window: VibrationWindow, time: number, random: SeededRandom, into: Vector3): Vector3 {
  const toneAmplitude = Math.sqrt(2 * TONE_SHARE) * window.rms;
  const broadband = Math.sqrt(1 - TONE_SHARE) * window.rms;
  const angle = 2 * Math.PI * window.frequency * time;
  const [phaseX, phaseY, phaseZ] = window.phases;
  // x, y, z in this order: the noise draws follow it.
  into.x = toneAmplitude * Math.sin(angle + phaseX) + broadband * random.gaussian();
  into.y = toneAmplitude * Math.sin(angle + phaseY) + broadband * random.gaussian();
  into.z = toneAmplitude * Math.sin(angle + phaseZ) + broadband * random.gaussian();
  return into;
}
