/**
 * The usage counters kept across boots in the box's journal. A box restarts at every power
 * cut, firmware update and signed reboot; counters that started again from zero each time
 * would have maintenance plan by the last boot's trips. They are saved with each trip and
 * heartbeat and at a clean stop (only when they changed): a clean stop loses nothing, a crash
 * what was counted since the last save, and a power cut may lose the saves since the journal
 * last waited for the disk, as it does trips. They start from zero on a new journal, on the
 * first boot of firmware that keeps them, and where what was saved cannot be read: that is
 * said once and set aside in the journal, then saved over.
 */
import { z } from "zod";
import { usageSnapshotSchema, type UsageSnapshot } from "./usage-counters.ts";

export interface UsageJournal {
  readonly boot: number;
  savedUsage(): { counters: unknown; sinceBoot: unknown } | undefined;
  saveUsage(countersJson: string, sinceBoot: number): boolean;
  setAsideUsage(): void;
}

/** What counts the usage: the box's device. */
export interface UsageSource {
  counters(): UsageSnapshot;
  restoreCounters(snapshot: UsageSnapshot): void;
}

/**
 * The saved counters, keys this firmware does not know left out: a box rolled back from one
 * that counts more carries on with what it knows rather than losing it all.
 */
const savedCountersSchema = z.object(usageSnapshotSchema.shape);

export class KeptUsage {
  /** the boot since which the counters have counted on without starting from zero */
  private sinceBoot: number;
  /** the counters as last saved: an idle lift's heartbeats write nothing */
  private lastSaved = "";

  constructor(
    private readonly journal: UsageJournal,
    private readonly source: UsageSource,
  ) {
    this.sinceBoot = journal.boot;
  }

  /** Carries on from the counters saved by an earlier boot, before anything is counted; returns what to say of it. */
  resume(): string {
    const saved = this.journal.savedUsage();
    const restored = saved === undefined ? undefined : this.restored(saved);
    if (typeof restored === "object") {
      this.source.restoreCounters(restored.counters);
      this.sinceBoot = restored.sinceBoot;
      this.lastSaved = JSON.stringify(this.source.counters());
      return `usage counters carried on from the journal (counted since boot ${this.sinceBoot}): trips ${restored.counters.trips}, door cycles ${restored.counters.door_cycles}`;
    }
    if (restored !== undefined) this.journal.setAsideUsage();
    this.save();
    return restored === undefined
      ? `usage counters: none in the journal, counted from zero since boot ${this.sinceBoot}`
      : `! ${restored}: set aside as usage_counters_unreadable, usage counted from zero again since boot ${this.sinceBoot}`;
  }

  /** Saves the counters if they changed; a full disk keeps them for the next try. */
  save(): void {
    const counters = JSON.stringify(this.source.counters());
    if (counters === this.lastSaved) return;
    if (this.journal.saveUsage(counters, this.sinceBoot)) this.lastSaved = counters;
  }

  /** The saved counters and their boot, or what is wrong with them (one line naming the key). */
  private restored(saved: { counters: unknown; sinceBoot: unknown }): { counters: UsageSnapshot; sinceBoot: number } | string {
    const expected = "expected JSON with trips, door_cycles, run_hours, distance_m and rope_bends, none below 0";
    let json: unknown;
    try {
      json = typeof saved.counters === "string" ? JSON.parse(saved.counters) : undefined;
    } catch {
      json = undefined;
    }
    if (json === undefined) return `journal meta usage_counters: ${describe(saved.counters)} is not JSON (${expected})`;
    const counters = savedCountersSchema.safeParse(json);
    if (!counters.success) {
      const issue = counters.error.issues[0];
      return `journal meta usage_counters${issue.path.length > 0 ? `.${issue.path.join(".")}` : ""}: ${issue.message} (${expected})`;
    }
    const { sinceBoot } = saved;
    if (!(Number.isInteger(sinceBoot) && (sinceBoot as number) >= 1 && (sinceBoot as number) <= this.journal.boot)) {
      return `journal meta usage_since_boot: ${sinceBoot === undefined ? "missing" : describe(sinceBoot)} (expected a boot from 1 to this one, ${this.journal.boot})`;
    }
    return { counters: counters.data, sinceBoot: sinceBoot as number };
  }
}

/** A stored value in a line: text quoted and cut short, anything else by its kind. */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value instanceof Uint8Array) return `a blob of ${value.length} bytes`;
  return `${typeof value} ${String(value)}`;
}
