/**
 * Usage counters for on-demand maintenance (按需维保): trips, door cycles, run hours,
 * distance travelled and rope bends. A trip passes each rope section over the sheaves once,
 * so it adds the configured equivalent number of bends once, whatever its length
 * (see usage-config.ts for the EN 81-50 arithmetic). Counters only grow; `snapshot` and
 * `restore` carry them across boots (kept-usage.ts).
 */
import { z } from "zod";
import type { UsageConfig } from "./usage-config.ts";

export const usageSnapshotSchema = z.strictObject({
  trips: z.number().int().min(0),
  door_cycles: z.number().int().min(0),
  run_hours: z.number().finite().min(0),
  /** rounded to the millimetre */
  distance_m: z.number().finite().min(0),
  /** EN 81-50 equivalent bends, summed over trips */
  rope_bends: z.number().finite().min(0),
});

export type UsageSnapshot = z.output<typeof usageSnapshotSchema>;

/** EN 81-50 N_equiv = N_equiv(t) + K_p · (N_ps + w · N_pr), K_p = (D_t / D_p)^e: bends one trip adds. */
export function equivalentBendsPerTrip(config: UsageConfig): number {
  const pulleyBends = config.simple_bends + config.reverse_bend_weight * config.reverse_bends;
  const kp = pulleyBends > 0 ? (config.traction_sheave_diameter_mm / config.pulley_diameter_mm) ** config.diameter_ratio_exponent : 0;
  const total = config.traction_sheave_equivalent_bends + kp * pulleyBends;
  return Number.isFinite(total) && total > 0 ? total : 0;
}

/** Longer trips are sensor nonsense: ten times the travel of the tallest lifts built. */
const MAX_TRIP_DISTANCE_M = 10_000;
/** Longer trips are sensor nonsense: a day. */
const MAX_TRIP_DURATION_S = 86_400;

/** `value` when it is a plausible amount (finite, 0 … limit), else 0. */
const amount = (value: number, limit: number) => (value >= 0 && value <= limit ? value : 0);

export class UsageCounters {
  private trips = 0;
  private doorCycles = 0;
  private runSeconds = 0;
  private distanceM = 0;
  private ropeBends = 0;
  private readonly bendsPerTrip: number;

  constructor(config: UsageConfig) {
    this.bendsPerTrip = equivalentBendsPerTrip(config);
  }

  /**
   * One trip of `distance_m` (either sign) lasting `duration_s`. The trip always counts; a
   * non-finite, negative or implausibly large distance or duration adds nothing.
   */
  trip(distance_m: number, duration_s: number): void {
    this.trips += 1;
    this.distanceM += amount(Math.abs(distance_m), MAX_TRIP_DISTANCE_M);
    this.runSeconds += amount(duration_s, MAX_TRIP_DURATION_S);
    this.ropeBends += this.bendsPerTrip;
  }

  /** One door open-and-close cycle. */
  doorCycle(): void {
    this.doorCycles += 1;
  }

  snapshot(): UsageSnapshot {
    return {
      trips: this.trips,
      door_cycles: this.doorCycles,
      run_hours: Math.round((this.runSeconds / 3600) * 1e6) / 1e6,
      distance_m: Math.round(this.distanceM * 1000) / 1000,
      rope_bends: Math.round(this.ropeBends * 1e4) / 1e4,
    };
  }

  /** Continues from a persisted snapshot; throws (zod) if it is not one. */
  restore(snapshot: UsageSnapshot): void {
    const valid = usageSnapshotSchema.parse(snapshot);
    this.trips = valid.trips;
    this.doorCycles = valid.door_cycles;
    this.runSeconds = valid.run_hours * 3600;
    this.distanceM = valid.distance_m;
    this.ropeBends = valid.rope_bends;
  }
}
