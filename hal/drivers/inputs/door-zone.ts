/**
 * Door-zone (leveling) sensing: true = the car is inside the door (unlocking) zone of a
 * landing. The sensors ride on the car and see a vane or magnet fixed at each landing.
 *
 * - One sensor (`sensor`): true while it sees the vane.
 * - Two sensors (`upper`, `lower`), one above the other: true only while both see the vane,
 *   the car within the leveling band; `state()` also says which one sees it when only one
 *   does. With car-mounted sensors and a landing vane, the lower sensor leaves the vane first
 *   when the car sinks below the landing: "upper_only" means the car is low, "lower_only"
 *   that it is high. Check that on the installation: a vane longer than the sensor spacing,
 *   or sensors in the shaft, reverse or change it. The band where both see the vane is set by
 *   vane length minus sensor spacing; installations usually make it the leveling band
 *   (leveling accuracy ±20 mm, EN 81-20), much narrower than the unlocking zone (up to
 *   ±0.20 m; domain.md). With one sensor, the vane usually marks the unlocking zone.
 *
 * Defaults: `active` "low" (NPN open-collector outputs and reed contacts to ground, with a
 * pull-up, are the usual kind; check the sensor's data sheet); debounce 5 ms, short so the
 * confirmed change stays close to the edge; `since` carries the edge itself for leveling
 * estimates.
 */
import type { Clock } from "../../clock.ts";
import type { DigitalInputPin } from "../../io/digital.ts";
import { HalError } from "../../io/hal-error.ts";
import type { DigitalInput } from "../../sensors.ts";
import { BinaryInput, type DebouncedChange } from "./binary-input.ts";
import { addListener } from "../../io/listeners.ts";

export type DoorZoneState = "in_zone" | "upper_only" | "lower_only" | "outside";

export interface DoorZoneChange extends DebouncedChange {
  state: DoorZoneState;
}

export interface DoorZoneOptions {
  clock: Clock;
  /** The one sensor of a one-sensor arrangement. */
  sensor?: DigitalInputPin;
  /** The upper sensor of a two-sensor arrangement (give `lower` too). */
  upper?: DigitalInputPin;
  /** The lower sensor of a two-sensor arrangement. */
  lower?: DigitalInputPin;
  /** Which wire level means "sees the vane"; default "low". */
  active?: "high" | "low";
  /** ms; default 5. */
  debounce_ms?: number;
  /** Two sensors: in the zone when "both" see the vane (default) or "either" does. */
  combine?: "both" | "either";
}

export class DoorZone implements DigitalInput {
  private readonly upper: BinaryInput;
  private readonly lower: BinaryInput | undefined;
  private readonly listeners = new Set<(change: DoorZoneChange) => void>();
  private last: DoorZoneState;
  private closed = false;
  private readonly inZone: (state: DoorZoneState) => boolean;
  /** s: a change is read once it has held for the debounce time */
  readonly lagS: number;
  private edgeAt = NaN;

  constructor(options: DoorZoneOptions) {
    this.inZone = options.combine === "either" ? (state) => state !== "outside" : (state) => state === "in_zone";
    const single = options.sensor !== undefined;
    const pair = options.upper !== undefined && options.lower !== undefined;
    if (single ? options.upper !== undefined || options.lower !== undefined : !pair) {
      throw new HalError("invalid_configuration", "door zone", "give either `sensor` (one sensor) or both `upper` and `lower` (two sensors)");
    }
    const settings = { clock: options.clock, active: options.active ?? "low", debounce_ms: options.debounce_ms ?? 5 } as const;
    this.upper = new BinaryInput({ ...settings, pin: single ? options.sensor! : options.upper! });
    this.lagS = this.upper.lagS;
    this.lower = pair ? new BinaryInput({ ...settings, pin: options.lower! }) : undefined;
    this.last = this.computeState();
    const onEither = (change: DebouncedChange) => {
      const state = this.computeState();
      if (state === this.last) return;
      const previous = this.last;
      this.last = state;
      // `since` is the edge of the sensor that just changed: entering the zone, the second one to see the vane.
      const event: DoorZoneChange = { value: this.inZone(state), state, t: change.t, since: change.since };
      if (event.value !== this.inZone(previous)) this.edgeAt = change.since;
      for (const listener of [...this.listeners]) listener(event);
    };
    this.upper.onChange(onEither);
    this.lower?.onChange(onEither);
  }

  /** true = in the door zone (one sensor: it sees the vane; two: both, or either, do). */
  read(): boolean {
    return this.inZone(this.state());
  }

  /** s: the sensor edge at which read() last changed (NaN before it has); a sensor joining or leaving alone is no change. */
  get changedAt(): number {
    return this.edgeAt;
  }

  state(): DoorZoneState {
    if (this.closed) throw new HalError("closed", this.upper.name, "door zone input is closed");
    return this.last;
  }

  /** Every change of state (for two sensors, also one sensor joining or leaving). */
  onChange(listener: (change: DoorZoneChange) => void): () => void {
    if (this.closed) throw new HalError("closed", this.upper.name, "door zone input is closed");
    return addListener(this.listeners, listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.upper.close();
    this.lower?.close();
  }

  private computeState(): DoorZoneState {
    const upper = this.upper.read();
    if (this.lower === undefined) return upper ? "in_zone" : "outside";
    const lower = this.lower.read();
    if (upper && lower) return "in_zone";
    if (upper) return "upper_only";
    return lower ? "lower_only" : "outside";
  }
}
