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
