/**
 * Each box of the fleet runs the same scenario with its own seed (so lifts do not move in
 * lockstep), at the fleet's sample rate, over the whole run. Normal traffic raises almost
 * no events, so `eventEveryS` adds an alarm press per box at that period: each one is an
 * `alarm_button` event through journal, broker and receiver, without stalling the lift.
 * Presses are staggered over the fleet so the events arrive as a steady stream.
 */
import type { Scenario, ScenarioFault } from "../simulator/scenario.ts";

export interface BoxScenarioOptions {
  index: number;
  fleetSize: number;
  rateHz: number;
  horizonS: number;
  eventEveryS?: number;
}

export function boxScenario(base: Scenario, options: BoxScenarioOptions): Scenario {
  const scenario = structuredClone(base);
  scenario.seed = base.seed + options.index;
  scenario.box.accelerometer_hz = options.rateHz;
  scenario.duration_s = Math.max(base.duration_s, options.horizonS);
  if (options.eventEveryS !== undefined) scenario.faults = [...scenario.faults, ...alarmPresses(options)];
  return scenario;
}

function alarmPresses({ index, fleetSize, horizonS, eventEveryS }: BoxScenarioOptions): ScenarioFault[] {
  const every = eventEveryS!;
  // The first press after a short warm-up, then one per period; boxes spread over a period.
  const first = 1 + (every * index) / fleetSize;
  const presses: ScenarioFault[] = [];
  for (let at = first; at < horizonS; at += every) presses.push({ kind: "alarm_press", at, hold_s: 0.5 });
  return presses;
}
