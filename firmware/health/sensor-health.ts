/**
 * Which sensors are faulty now, and the records that say so: one `sensor_fault` when a
 * sensor goes bad, one `sensor_recovered` when it comes back, never a repeat in between.
 * A read that throws, a disconnected or frozen chip and a chattering contact all end here.
 */
import type { DetectionRecord } from "../frame.ts";
import { round } from "../rounding.ts";

/** What made a sensor faulty: its probe at start, its reads failing, its data, or its contact chattering. */
export type FaultCause = "probe" | "read" | "data" | "chatter";

/** A component's health as the status message gives it (ESPHome's): failed at its probe, warning while faulty. */
export type ComponentHealth = "ok" | "warning" | "failed";

export class SensorHealth {
  private readonly faults = new Map<string, { onset: number; cause: FaultCause }>();

  constructor(private readonly report: (record: DetectionRecord) => void) {}

  isFaulty(sensor: string): boolean {
    // Asked for every sample; almost always nothing is faulty, and a size is cheaper than a lookup.
    return this.faults.size !== 0 && this.faults.has(sensor);
  }

  causeOf(sensor: string): FaultCause | undefined {
    return this.faults.get(sensor)?.cause;
  }

  /** Each faulty sensor's health: a part that failed its probe is unusable, any other fault a warning. */
  components(): Record<string, ComponentHealth> {
    const health: Record<string, ComponentHealth> = {};
    for (const [sensor, fault] of this.faults) health[sensor] = fault.cause === "probe" ? "failed" : "warning";
    return health;
  }

  /** `onset`: when the sensor went bad (may be before `t`, when it was noticed). */
  fault(sensor: string, cause: FaultCause, t: number, onset: number, reason: string, details: Record<string, unknown> = {}): void {
    if (this.faults.has(sensor)) return;
    this.faults.set(sensor, { onset, cause });
    this.report({ type: "sensor_fault", t, onset, sensor, reason, ...details });
  }

  /** Only a fault of the same cause is cleared: a chip that answers again may still read zeros. */
  /** `onset`: when it came back (may be before `t`, when that was known). */
  recover(sensor: string, cause: FaultCause, t: number, onset = t): void {
    const fault = this.faults.get(sensor);
    if (fault === undefined || fault.cause !== cause) return;
    this.faults.delete(sensor);
    this.report({ type: "sensor_recovered", t, onset, sensor, fault_duration_s: round(onset - fault.onset, 3) });
  }
}
