/**
 * A cruise seen only as pulses. High-passed accelerometers (phones' fused "linear
 * acceleration") absorb a sustained acceleration: a start shows as a pulse and its opposite
 * overshoot, and integration comes back to zero. When a run ends too short and is exactly
 * such a pair (two long opposite lobes, back to back), the car is taken as cruising at
 * unknown constant speed; the opposite pair (braking pulse, then overshoot) ends the trip.
 * Distance is then the lobe speed change times the time between the lobe centroids (exact
 * for trapezoidal profiles).
 */
import type { MotionConfig } from "../config/schema.ts";
import { centroid, type Lobe } from "../conditioning/lobe-tracker.ts";
import type { Movement } from "./inertial-motion.ts";

/** What a run knows of its significant lobes (start lobe first). */
export interface RunLobes {
  sign: number;
  /** m, + up, integrated so far */
  displacement: number;
  /** more significant lobes were seen than are kept */
  overflow: boolean;
  lobes: readonly { lobe: Lobe }[];
}

/**
 * Exactly two long opposite lobes, back to back, the first in the run's direction, the
 * second undoing most of the first's speed, and too little distance for any floor-to-floor
 * trip: what a start looks like through a high-pass.
 */
export function isStartPulse(run: RunLobes, config: MotionConfig): boolean {
  if (run.overflow || run.lobes.length !== 2) return false;
  const [lead, overshoot] = run.lobes.map((entry) => entry.lobe);
  if (lead.sign !== run.sign || overshoot.sign !== -run.sign) return false;
  if (Math.abs(overshoot.area) < 0.5 * Math.abs(lead.area)) return false;
  return overshoot.start - lead.end <= config.pulse_gap_s && Math.abs(run.displacement) < config.pulse_max_m;
}

export class PulseCruise {
  private braking?: Lobe;
  private overshoot?: Lobe;

  /** `lead`: the start pulse; `since`: when its overshoot closed (the cruise began). */
  constructor(
    private readonly config: MotionConfig,
    readonly start: number,
    readonly sign: number,
    private readonly lead: Lobe,
    private readonly since: number,
  ) {}

  /** A significant lobe closed while cruising: a braking pulse, or the overshoot after one. */
  lobeClosed(closed: Lobe): void {
    if (closed.sign === -this.sign) {
      this.braking = closed;
      this.overshoot = undefined;
    } else if (this.braking && !this.overshoot && closed.start - this.braking.end <= this.config.pulse_gap_s) {
      this.overshoot = closed;
    }
  }

  /** When the car arrived (s): once it has braked, at the overshoot's peak, or the braking's end without one. */
  get arrival(): number | undefined {
    return this.braking && (this.overshoot?.peakT ?? this.braking.end);
  }

  /** The arrival, once the braking (and its overshoot) have been followed by quiet long enough; else undefined. */
  arrivedBy(t: number, quiet: boolean): number | undefined {
    const settled = this.overshoot ?? this.braking;
    const wait = this.overshoot ? this.config.stop_quiet_s : Math.max(this.config.stop_quiet_s, this.config.pulse_gap_s);
    return settled && quiet && t - settled.end >= wait ? this.arrival : undefined;
  }

  /** It has cruised longer than any lift does: whatever it was, it was not a trip. */
  overdue(t: number): boolean {
    return t - this.since > this.config.max_cruise_s;
  }

  /** The trip, arriving at `end` once it has braked; undefined when it went too little way for one. */
  movement(end: number): Movement | undefined {
    const braking = this.braking!;
    const speed = Math.max(Math.abs(this.lead.area), Math.abs(braking.area));
    const displacement = this.sign * speed * Math.max(centroid(braking) - centroid(this.lead), 0);
    if (Math.abs(displacement) < this.config.min_trip_m) return undefined;
    return { start: this.start, end, direction: this.sign > 0 ? "up" : "down", displacement_m: displacement, max_speed_mps: speed, method: "pulses" };
  }
}
