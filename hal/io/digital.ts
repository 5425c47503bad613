/**
 * A digital input line: its raw electrical level now, and every edge with the box
 * monotonic time it happened. Polarity (normally open or closed, pull-ups) and debouncing
 * are applied above this, by the input drivers in hal/drivers/inputs.
 */
export type Level = 0 | 1;

export interface DigitalInputPin {
  /** As a person finds it on the board: "GPIO17", "D4", "sim:door_contact". */
  readonly name: string;
  read(): Level;
  /** `listener` hears every edge, `t` in seconds on the box clock. Returns the unsubscribe. */
  onEdge(listener: (level: Level, t: number) => void): () => void;
  /** Idempotent; any use afterwards throws HalError("closed"). */
  close(): void;
}

/** Pull resistor to request where the platform can set one. */
export type Pull = "up" | "down" | "none";
