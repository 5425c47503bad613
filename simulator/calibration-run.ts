/**
 * `liftwatch calibrate --scenario`: the calibration session (firmware/calibration/session.ts)
 * on a simulated box of the scenario's lift whose firmware is not told the landings, door
 * zone or rated speed, carried by the scripted engineer (calibration-engineer.ts) on the
 * virtual clock, as fast as the machine allows.
 */
import { subscriberTo } from "../hal/io/listeners.ts";
import type { ConfigInput } from "../firmware/config/schema.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import type { UnsignedCalibration } from "../firmware/calibration/record.ts";
import { uncalibrated } from "../firmware/calibration/learnt-settings.ts";
import { CalibrationError } from "../firmware/calibration/lift-math.ts";
import { startCalibrationSession, type CalibrationSessionOptions } from "../firmware/calibration/session.ts";
import { progressLines } from "../firmware/calibration/session-progress.ts";
import type { CalibrationSession } from "../firmware/calibration/session-types.ts";
import { attachScriptedEngineer } from "./calibration-engineer.ts";
import type { Scenario } from "./scenario.ts";
import { createSimulatedBox, type SimulatedBox } from "./simulated-box.ts";

export { CalibrationError, measureMount, MOUNT_MAX_NOISE_MPS2, MOUNT_MAX_SCALE_ERROR, STANDARD_GRAVITY, type MountResult } from "../firmware/calibration/lift-math.ts";

/** s the firmware runs before the engineer starts (its filters settle) */
const BOOT_S = 2;
/** virtual s after which a calibration nobody finishes is given up (every call times out well before) */
const GIVE_UP_S = 3 * 3600;

export interface CalibrationOptions {
  config?: ConfigInput;
  seed?: number;
  progress?: (line: string) => void;
  /** the fraction done (0 … 1), after each half second of simulated time: for a progress bar */
  onProgress?: (fraction: number) => void;
}

/** A simulated box of `scenario`'s lift ready to learn it: no passengers, traffic or faults, the car at the bottom. */
export function learningBox(
  scenario: Scenario,
  options: { config?: ConfigInput; seed?: number } = {},
): {
  box: SimulatedBox;
  /** subscribes to the firmware's detection records */
  records: CalibrationSessionOptions["records"];
  session: (overrides?: Partial<CalibrationSessionOptions>) => CalibrationSession;
} {
  // The engineer has the lift to himself.
  const quiet: Scenario = { ...scenario, passengers: [], faults: [], traffic: { passengers_per_hour: 0 }, lift: { ...scenario.lift, start_landing: 0 } };
  if (!quiet.box.accelerometer) throw new CalibrationError("mount: no accelerometer fitted: the box cannot calibrate without one");
  const recordListeners = new Set<(record: DetectionRecord) => void>();
  const box = createSimulatedBox(quiet, {
    seed: options.seed,
    config: uncalibrated(options.config ?? {}),
    learning: true,
    sink: { event: () => {}, trip: () => {} },
    onRecord: (record) => {
      for (const listener of recordListeners) listener(record);
    },
  });
  box.clock.advanceTo(BOOT_S * 1000);
  const records: CalibrationSessionOptions["records"] = subscriberTo(recordListeners);
  const session = (overrides: Partial<CalibrationSessionOptions> = {}) =>
    startCalibrationSession({
      config: box.config,
      tap: box.tap,
      records,
      landingCount: scenario.building.landings_m.length,
      source: `simulator:${scenario.name}`,
      now: () => box.clock.now() / 1000,
      ...overrides,
    });
  return { box, records, session };
}

/** Runs the calibration on a simulated box of `scenario`'s lift; returns the record to sign. */
export function calibrateSimulated(scenario: Scenario, options: CalibrationOptions = {}): UnsignedCalibration {
  const { box, session: start } = learningBox(scenario, options);
  const session = start();
  const stopProgress = progressLines(session, options.progress ?? (() => {}));
  const detach = attachScriptedEngineer(session, box);
  while (session.view().status === "running" && box.clock.now() < GIVE_UP_S * 1000) {
    box.clock.advanceTo(box.clock.now() + 500);
    options.onProgress?.(session.view().progress);
  }
  detach();
  stopProgress();
  box.device.stop();
  const view = session.view();
  if (view.status === "running") session.cancel();
  if (view.status !== "done") throw new CalibrationError(view.error ?? `the calibration did not finish in ${GIVE_UP_S} s (stopped at ${view.prompt?.id ?? view.step})`);
  return view.record!;
}
