/**
 * Keeping the journal inside its byte budget without losing evidence. Eviction order:
 * delivered telemetry, undelivered telemetry (counted as shed), evidence windows that no
 * insured or undelivered event needs, then the bodies of delivered non-insured events
 * (their chain links stay). Insured events, undelivered events and the windows they
 * reference are never evicted: when only they remain, the budget is simply exceeded and
 * the journal says so (storage_critical).
 */
import type BetterSqlite3 from "better-sqlite3";

/** Rows evicted per step, before measuring again: small enough to shed little more than needed. */
const BATCH = 16;

/** Bytes in pages that hold data (freed pages are reused before the file grows). */
export function usedBytes(database: BetterSqlite3.Database): number {
  const pageSize = database.pragma("page_size", { simple: true }) as number;
  const pages = database.pragma("page_count", { simple: true }) as number;
  const free = database.pragma("freelist_count", { simple: true }) as number;
  return (pages - free) * pageSize;
}

interface EvictionStep {
  /** evicts up to BATCH rows, oldest first; returns how many */
  run(database: BetterSqlite3.Database): number;
  /** counts as shed (lost before delivery) */
  shed: boolean;
}

const steps: EvictionStep[] = [
  { shed: false, run: (database) => database.prepare(`DELETE FROM telemetry WHERE id IN (SELECT id FROM telemetry WHERE acknowledged = 1 ORDER BY id LIMIT ${BATCH})`).run().changes },
  { shed: true, run: (database) => database.prepare(`DELETE FROM telemetry WHERE id IN (SELECT id FROM telemetry ORDER BY id LIMIT ${BATCH})`).run().changes },
  { shed: false, run: evictWindows },
  {
    shed: false,
    run: (database) =>
      database.prepare(`DELETE FROM event_bodies WHERE seq IN (SELECT b.seq FROM event_bodies b JOIN events e ON e.seq = b.seq WHERE e.acknowledged = 1 AND e.insured = 0 ORDER BY b.seq LIMIT ${BATCH})`).run().changes,
  },
];

/**
 * A window may go when no insured or undelivered event references it, and it is either
 * referenced (by delivered non-insured events) or an orphan: stored before the latest event,
 * which did not take it. A window stored after the latest event waits for its event.
 */
function evictWindows(database: BetterSqlite3.Database): number {
  const digests = database
    .prepare(
      `SELECT digest FROM windows w
       WHERE NOT EXISTS (SELECT 1 FROM event_windows r JOIN events e ON e.seq = r.seq WHERE r.digest = w.digest AND (e.insured = 1 OR e.acknowledged = 0))
         AND (EXISTS (SELECT 1 FROM event_windows r WHERE r.digest = w.digest) OR w.after_seq < (SELECT coalesce(max(seq), 0) FROM events))
       ORDER BY w.rowid LIMIT ${BATCH}`,
    )
    .pluck()
    .all() as string[];
  for (const digest of digests) {
    database.prepare("DELETE FROM event_windows WHERE digest = ?").run(digest);
    database.prepare("DELETE FROM windows WHERE digest = ?").run(digest);
  }
  return digests.length;
}

/** Evicts until the journal fits its budget; returns how much undelivered telemetry was shed and whether it fits. */
export function evictToBudget(database: BetterSqlite3.Database, budgetBytes: number): { shed: number; withinBudget: boolean } {
  let shed = 0;
  // The common case, after every write: within budget, measured once.
  if (usedBytes(database) <= budgetBytes) return { shed, withinBudget: true };
  for (const step of steps) {
    while (usedBytes(database) > budgetBytes) {
      // The shed counter changes in the same transaction as the rows: a crash loses neither.
      const evicted = database.transaction(() => {
        const count = step.run(database);
        if (step.shed && count > 0) database.prepare("UPDATE meta SET value = value + ? WHERE key = 'shed_telemetry'").run(count);
        return count;
      })();
      if (evicted === 0) break;
      if (step.shed) shed += evicted;
    }
  }
  return { shed, withinBudget: usedBytes(database) <= budgetBytes };
}
