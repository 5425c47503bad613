/**
 * What the sampling loop hands the detection pipeline: one moment's readings. A field that
 * is absent had no new reading at that moment (or the sensor is not fitted).
 */
import type { BinaryInputColumn, Vector3 } from "../hal/sensors.ts";

export interface SensorFrame {
  /** s, box monotonic time */
  t: number;
  /** specific force, sensor frame, m/s², gravity included */
  acceleration?: Vector3;
  /** Pa */
  pressure?: number;
  door_closed?: boolean;
  door_zone?: boolean;
  occupied?: boolean;
  alarm?: boolean;
  mains?: boolean;
  inspection?: boolean;
  /**
   * s: for an input whose driver times its edges (DigitalInput.changedAt), when its wire moved
   * to the value in this frame (NaN where not known). Without it a change is dated between
   * the reads either side of it: a trace's rows are the state at their time.
   */
  changedAt?: Partial<Record<BinaryInputColumn, number>>;
}

/** Which sensors the box has. Decides, for instance, whether entrapment can be confirmed. */
export interface FittedSensors {
  accelerometer: boolean;
  /** nominal accelerometer rate, Hz */
  accelerometerHz: number;
  barometer: boolean;
  door_closed: boolean;
  door_zone: boolean;
  occupied: boolean;
  alarm: boolean;
  mains: boolean;
  inspection: boolean;
  /**
   * s: how long after its wire an input's reading follows (the driver's debounce), so that a
   * change is dated when it happened; absent: at once (a trace's rows are the state at t)
   */
  inputLagS?: Partial<Record<BinaryInputColumn, number>>;
}

/** A record of the event stream (../shared/spec/trace-format.md §3): type, t, onset and details. */
export interface DetectionRecord {
  type: string;
  /** s, when the firmware raised it */
  t: number;
  /** s, when the condition began */
  onset: number;
  [detail: string]: unknown;
}
