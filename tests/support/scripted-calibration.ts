/**
 * A small scripted calibration session implementing the session contract
 * (firmware/calibration/session-types.ts), for the commissioning page's tests until the
 * real session (firmware/calibration/session.ts) is merged: it asks to hold still, to send
 * the car to each landing, to open the door, and ends with a record of the landings it
 * was told. It measures nothing.
 */
import type { UnsignedCalibration } from "../../firmware/calibration/record.ts";
import { InputError } from "../../firmware/config/input-error.ts";
import type { CalibrationPrompt, CalibrationSession, CalibrationView } from "../../firmware/calibration/session-types.ts";

export function scriptedCalibration(options: { landingCount: number; deviceId: string; floorHeightM?: number }): CalibrationSession {
  const floor = options.floorHeightM ?? 3.2;
  const prompts: CalibrationPrompt[] = [
    { step: "mount", id: "mount.hold_still", text: "Hold the car still at the bottom landing, door closed.", actions: [{ id: "done", label: "The car is still" }] },
    ...Array.from({ length: options.landingCount }, (_, landing): CalibrationPrompt => ({
      step: "learning_run",
      id: "learning.go_to_landing",
      text: `Send the car to landing ${landing} and wait for the door to open.`,
      actions: [{ id: "done", label: `At landing ${landing}` }],
      landing,
    })),
    { step: "inputs", id: "inputs.open_door", text: "Open the car door.", actions: [{ id: "done", label: "Door open" }, { id: "skip", label: "Skip" }] },
  ];
  let index = 0;
  let status: CalibrationView["status"] = "running";
  const steps: CalibrationView["steps"] = [];
  const listeners = new Set<(view: CalibrationView) => void>();
  const landings = Array.from({ length: options.landingCount }, (_, landing) => landing * floor);
  const record = (): UnsignedCalibration => ({
    v: 1,
    kind: "calibration",
    device_id: options.deviceId,
    config_version: "test",
    calibrated_at: new Date().toISOString(),
    source: "test:scripted",
    mount: { gravity_chip: { x: 0, y: 0, z: 1 }, g_mps2: 9.81, g_uncertainty_mps2: 0.01, scale: 0.9997, roll_deg: 0, pitch_deg: 0, yaw_deg: null, noise_mps2: 0.02 },
    lift: {
      landings_m: landings,
      landings_uncertainty_m: landings.map(() => 0.01),
      door_zone_half_m: 0.2,
      door_zone_half_uncertainty_m: 0.01,
      rated_speed_mps: 1,
      rated_speed_uncertainty_mps: 0.01,
    },
    inputs: { door_contact: { polarity: "normal", agreeing_reads: 10, disagreeing_reads: 0 } },
    steps,
  });
  const view = (): CalibrationView => {
    const prompt = prompts[Math.min(index, prompts.length - 1)];
    return {
      status,
      step: prompt.step,
      progress: index / prompts.length,
      ...(status === "running" ? { prompt } : {}),
      steps: [...steps],
      ...(status === "done" ? { record: record() } : {}),
    };
  };
  const changed = () => {
    const now = view();
    for (const listener of listeners) listener(now);
  };
  return {
    view,
    act(actionId) {
      const prompt = prompts[index];
      if (status !== "running" || !prompt.actions.some((action) => action.id === actionId)) throw new InputError(`action "${actionId}" is not offered now`);
      index += 1;
      const next = prompts[index];
      if (!next || next.step !== prompt.step) steps.push({ name: prompt.step, result: actionId === "skip" ? "skipped" : "ok", detail: `${prompt.step} scripted` });
      if (!next) status = "done";
      changed();
    },
    cancel() {
      status = "cancelled";
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
