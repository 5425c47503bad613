/**
 * Extra ride vibration from a worn guide roller: while the car moves, a tone at the
 * roller's rotation-related frequency (5–12 Hz) on every axis plus broadband roughness. The
 * tone carries 70 % of the power, the broadband the rest, so the total is `rms` per axis.
 */
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

/** The extra acceleration on each car axis (x, y horizontal; z vertical) at `time`. */
export function vibrationAt(window: VibrationWindow, time: number, random: SeededRandom): [number, number, number] {
  const toneAmplitude = Math.sqrt(2 * TONE_SHARE) * window.rms;
  const broadband = Math.sqrt(1 - TONE_SHARE) * window.rms;
  const angle = 2 * Math.PI * window.frequency * time;
  return window.phases.map((phase) => toneAmplitude * Math.sin(angle + phase) + broadband * random.gaussian()) as [number, number, number];
}
