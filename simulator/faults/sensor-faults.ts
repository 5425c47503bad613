/**
 * Faults of the box's own sensors, as time windows the simulated sensors consult for each
 * sample: the lift itself is untouched by them.
 */
export type SensorFaultKind = "accelerometer_disconnected" | "accelerometer_frozen" | "door_contact_chatter";

export interface SensorFaultWindow {
  kind: SensorFaultKind;
  from: number;
  until: number;
}

/** The contract's name of the sensor each fault affects. */
export const faultySensor: Record<SensorFaultKind, string> = {
  accelerometer_disconnected: "accelerometer",
  accelerometer_frozen: "accelerometer",
  door_contact_chatter: "door_closed",
};

/** Asked for every sample: a loop, not a closure per call. */
export function activeSensorFault(windows: readonly SensorFaultWindow[], kind: SensorFaultKind, time: number): boolean {
  for (let index = 0; index < windows.length; index++) {
    const window = windows[index];
    if (window.kind === kind && time >= window.from && time < window.until) return true;
  }
  return false;
}
