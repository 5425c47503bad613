/**
 * The usage counters kept across boots in the box's journal. A box restarts at every power
 * cut, firmware update and signed reboot; counters that started again from zero each time
 * would have maintenance plan by the last boot's trips. They are saved with each trip, each
 * heartbeat and at a clean stop (only when they changed), so a crash loses at most what was
 * counted since. They start from zero only with a new journal, or when what was saved cannot
 * be read: said once, and saved over.
 */
import { usageSnapshotSchema, type UsageSnapshot } from "./usage-counters.ts";

export interface UsageJournal {
  readonly boot: number;
  savedUsage(): { counters: unknown; sinceBoot: unknown } | undefined;
  saveUsage(countersJson: string, sinceBoot: number): boolean;
}

/** What counts the usage: the box's device. */
export interface UsageSource {
  counters(): UsageSnapshot;
  restoreCounters(snapshot: UsageSnapshot): void;
}

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
    this.save();
    return restored === undefined ? `usage counters: none in the journal, counted from zero since boot ${this.sinceBoot}` : `! ${restored}: usage counted from zero again since boot ${this.sinceBoot}`;
  }

  /** Saves the counters if they changed; a full disk keeps them for the next try. */
  save(): void {
    const counters = JSON.stringify(this.source.counters());
    if (counters === this.lastSaved) return;
    if (this.journal.saveUsage(counters, this.sinceBoot)) this.lastSaved = counters;
  }

  /** The saved counters and their boot, or what is wrong with them (one line naming the key). */
  private restored(saved: { counters: unknown; sinceBoot: unknown }): { counters: UsageSnapshot; sinceBoot: number } | string {
    let json: unknown;
    try {
      json = typeof saved.counters === "string" ? JSON.parse(saved.counters) : undefined;
    } catch {
      json = undefined;
    }
    const counters = usageSnapshotSchema.safeParse(json);
    if (!counters.success) {
      const issue = counters.error.issues[0];
      const where = issue && issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
      return `journal meta usage_counters${where}: ${json === undefined ? `${JSON.stringify(String(saved.counters)).slice(0, 80)} is not JSON` : issue.message} (expected trips, door_cycles, run_hours, distance_m, rope_bends, none below 0)`;
    }
    const { sinceBoot } = saved;
    if (!(Number.isInteger(sinceBoot) && (sinceBoot as number) >= 1 && (sinceBoot as number) <= this.journal.boot)) {
      return `journal meta usage_since_boot: ${JSON.stringify(sinceBoot)} (expected a boot from 1 to this one, ${this.journal.boot})`;
    }
    return { counters: counters.data, sinceBoot: sinceBoot as number };
  }
}
