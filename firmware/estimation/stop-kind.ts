/**
 * How a run ended, from its braking: a car stops as lifts land, or was stopped (the safety
 * chain, a power cut, the safety gear), which places it nowhere in particular.
 */
import type { Config } from "../config/schema.ts";
import type { Movement } from "./inertial-motion.ts";

export interface StopKind {
  /** braked harder than lifts land, or than this run started: maybe stopped, not landed */
  emergency: boolean;
  /** surely stopped so (see stopKind) */
  stoppedHard: boolean;
  /** braked harder than any lift lands (detection.emergency_stop_mps2), whatever its start */
  pastLandingLimit: boolean;
}

/**
 * `stoppedHard`: braked harder than lifts land, or than the run started where `corroborated`
 * (a door opened at speed in it, or the power failed; lifts that brake harder than they start
 * land so too). The braking's peak carries the run's ripple (a worn roller's tone) on top of the
 * car's own: against the fixed level, less that ripple's peak; against the start's peak, which
 * carries it too, as it is. `landingRatio`: how much harder than it starts this lift was learnt
 * to land (see LandingBraking; NaN: not learnt): a braking within emergency_landing_margin of
 * that is one of its landings, however much harder than its start.
 */
export function stopKind(
  { braking_mps2: braking = 0, starting_mps2: starting, ripple_mps2: ripple = 0 }: Movement,
  { emergency_stop_mps2, emergency_braking_ratio, emergency_ripple_peak, emergency_landing_margin }: Pick<Config["detection"], "emergency_stop_mps2" | "emergency_braking_ratio" | "emergency_ripple_peak" | "emergency_landing_margin">,
  corroborated: boolean,
  landingRatio = NaN,
): StopKind {
  const beyondLanding = braking - emergency_ripple_peak * ripple > emergency_stop_mps2;
  const ratio = landingRatio * emergency_landing_margin > emergency_braking_ratio ? landingRatio * emergency_landing_margin : emergency_braking_ratio;
  const beyondStart = starting !== undefined && braking > ratio * starting;
  return { emergency: beyondLanding || beyondStart, stoppedHard: beyondLanding || (beyondStart && corroborated), pastLandingLimit: beyondLanding };
}
