/**
 * The calibration as a conversation between the box and the field engineer, whoever carries
 * it: the terminal (`liftwatch calibrate`), the commissioning page's wizard, or the
 * simulator's scripted engineer in CI. The session asks (a prompt with the answers it
 * accepts), watches the sensors and the firmware's trips, and ends with a record to sign.
 */
import type { UnsignedCalibration } from "./record.ts";

export type CalibrationStepName = "mount" | "learning_run" | "inputs";

export const calibrationSteps: readonly CalibrationStepName[] = ["mount", "learning_run", "inputs"];

/** An answer the engineer may give to a prompt. */
export interface CalibrationAction {
  /** stable id: "done", "skip", "not_fitted", "retry" … */
  id: string;
  /** the button's words */
  label: string;
}

export interface CalibrationPrompt {
  step: CalibrationStepName;
  /**
   * Stable id of what is asked, for the simulator's hands and the tests:
   * `mount.hold_still`, `mount.measuring`, `learning.go_to_landing`, `inputs.open_door`,
   * `inputs.close_door`, `inputs.press_alarm`, `inputs.release_alarm`, `inputs.trigger_presence`.
   * The first `learning.go_to_landing` (landing 0) offers [done]: the car may already stand
   * there, so no trip says it arrived; the others end by themselves once the trip is seen.
   */
  id: string;
  /** the instruction, in the engineer's words */
  text: string;
  /** the answers accepted now; empty while the box measures or waits for the lift */
  actions: CalibrationAction[];
  /** for `learning.go_to_landing`: the landing to send the car to (0 = bottom) */
  landing?: number;
  /** a short progress line for logs ("learning run up, landing 3 of 5"); the same for prompts of one stage */
  summary?: string;
}

export interface CalibrationStepResult {
  name: CalibrationStepName;
  result: "ok" | "failed" | "skipped";
  detail: string;
}

export interface CalibrationView {
  status: "running" | "done" | "failed" | "cancelled";
  /** the step under way (the last one when ended) */
  step: CalibrationStepName;
  /** 0 … 1 over the whole calibration */
  progress: number;
  /** what the engineer is asked now (absent once ended) */
  prompt?: CalibrationPrompt;
  /** steps finished so far */
  steps: CalibrationStepResult[];
  /** why it failed, in one line (status "failed") */
  error?: string;
  /** what was learnt, to sign (status "done") */
  record?: UnsignedCalibration;
}

export interface CalibrationSession {
  view(): CalibrationView;
  /** The engineer's answer to the current prompt; an id the prompt does not offer is an InputError. */
  act(actionId: string): void;
  /** Ends it; nothing is written. */
  cancel(): void;
  /** Called after every change of the view; returns what stops it. */
  onChange(listener: (view: CalibrationView) => void): () => void;
}
