/**
 * What the fleet's main thread and its worker threads tell each other. Everything here
 * crosses a thread boundary, so it is plain data (structured clone).
 */

/** Given to each worker at its start: the boxes it runs and where they talk to. */
export interface WorkerPlan {
  /** device ids of this worker's boxes, with their index in the fleet (seeds, stagger) */
  boxes: { index: number; deviceId: string }[];
  fleetSize: number;
  /** built-in scenario name or scenario file */
  scenario: string;
  rateHz: number;
  /** an alarm press per box this often (s), staggered over the fleet; absent: the scenario's own faults */
  eventEveryS?: number;
  /** simulated traffic and faults are planned this far (s) */
  horizonS: number;
  broker: string;
  /** device configuration file shared by every box (thresholds, MQTT, ride quality) */
  configFile?: string;
  /** folder of the journals; `<folder>/devices/<id>/evidence-pub.pem` for the receivers */
  folder: string;
}

export type ToWorker = { type: "start"; wallStartMs: number } | { type: "stop"; drainTimeoutMs: number };

/**
 * One event as its box saw it, wall-clock ms: raised (the moment of its instant on the box's
 * virtual clock, which the wall clock paces) and acknowledged by the platform.
 */
export interface SealedEvent {
  deviceId: string;
  seq: number;
  type: string;
  raisedAtMs: number;
  ackedAtMs?: number;
}

/** How well a worker kept its boxes on the wall clock: each tick advances them all to now. */
export interface PacingStats {
  ticks: number;
  /** time spent advancing boxes / wall time since the start */
  busyFraction: number;
  /** longest tick (ms): the boxes were this far behind real time at worst */
  maxTickMs: number;
  p99TickMs: number;
  /** virtual time reached at the stop, behind the wall clock by (ms) */
  behindAtStopMs: number;
}

export interface WorkerMemory {
  /** this thread's V8 heap */
  heapUsedBytes: number;
  /** typed arrays and other memory outside the heap, process-wide as Node reports it */
  externalBytes: number;
  arrayBuffersBytes: number;
}

export type FromWorker =
  | { type: "ready"; boxes: number; connectedBoxes: number }
  | { type: "error"; message: string }
  | {
      type: "done";
      events: SealedEvent[];
      trips: number;
      /** events still in the journals waiting for the platform's acknowledgement */
      unacknowledged: number;
      pacing: PacingStats;
      memory: WorkerMemory;
    };
