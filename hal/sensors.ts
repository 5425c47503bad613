/**
 * What the firmware reads, whatever the board: SI units at the boundary, times in seconds
 * on the box's monotonic clock. Simulated, Linux (i2c-bus, GPIO) and Firmata implementations
 * sit behind these; the firmware never imports a concrete one.
 */

export interface Vector3 {
  x: number;
  y: number;
  z: number;
}

/** One accelerometer reading: specific force in the sensor frame, m/s², gravity included. */
export interface AccelerationSample extends Vector3 {
  /** s, box monotonic time at which the chip took the sample */
  t: number;
}

export interface Accelerometer {
  /** Output data rate, Hz. */
  readonly rateHz: number;
  /** Every sample taken since the previous call, oldest first (a FIFO drain). */
  sample(): AccelerationSample[];
  close(): void;
}

export interface Barometer {
  /** Pa */
  sample(): { t: number; pressure: number };
  close(): void;
}

/** A debounced binary input, already in the meaning of its name (polarity applied). */
export interface DigitalInput {
  read(): boolean;
  close(): void;
  /** s: how long after its wire changes a reading follows (its debounce); absent: at once */
  readonly lagS?: number;
  /**
   * s, box monotonic time: when the wire first moved to the value `read()` gives, as the
   * driver timed the edge (NaN before its first change); absent where an input cannot tell.
   * A poll 20 ms apart knows a change only to ±10 ms; the edge's own time is what a leveling
   * estimate counting from a door-zone edge needs.
   */
  readonly changedAt?: number;
}

/** The sensors a box has; an absent one is not fitted. */
export interface SensorSet {
  accelerometer?: Accelerometer;
  barometer?: Barometer;
  /** true = car door closed (and locked) */
  doorClosed?: DigitalInput;
  /** true = car inside the door (unlocking) zone of some landing */
  doorZone?: DigitalInput;
  /** true = someone in the car */
  occupied?: DigitalInput;
  /** true = alarm button pressed */
  alarm?: DigitalInput;
  /** true = mains present */
  mains?: DigitalInput;
  /** true = inspection / maintenance mode */
  inspection?: DigitalInput;
}

/** Inputs that are plain booleans, by the trace column that carries them. */
export const binaryInputColumns = {
  door_closed: "doorClosed",
  door_zone: "doorZone",
  occupied: "occupied",
  alarm: "alarm",
  mains: "mains",
  inspection: "inspection",
} as const satisfies Record<string, keyof SensorSet>;

export type BinaryInputColumn = keyof typeof binaryInputColumns;
