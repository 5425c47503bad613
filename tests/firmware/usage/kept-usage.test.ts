/** Usage counters kept in the journal across boots (usage/kept-usage.ts), on a real journal file. */
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys } from "../../../firmware/evidence/keys.ts";
import type { Journal } from "../../../firmware/journal/journal.ts";
import { KeptUsage, type UsageJournal } from "../../../firmware/usage/kept-usage.ts";
import { usageSettings } from "../../../firmware/usage/usage-config.ts";
import { UsageCounters } from "../../../firmware/usage/usage-counters.ts";
import { eventDraft, openJournal, temporaryFolder } from "../../evidence/fixtures.ts";

const keys = generateDeviceKeys();

/** A meta value as the journal's file holds it. */
function metaOf(file: string, key: string): unknown {
  const database = new Database(file, { readonly: true });
  try {
    return database.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(key);
  } finally {
    database.close();
  }
}

/** One boot of a box: its journal (a new boot counted) and its counters, from zero as at power-on. */
function boot(file: string, options: Parameters<typeof openJournal>[2] = {}) {
  const journal = openJournal(file, keys, options);
  journal.startBoot();
  const usage = new UsageCounters(usageSettings.parse({}));
  const kept = new KeptUsage(journal, { counters: () => usage.snapshot(), restoreCounters: (snapshot) => usage.restore(snapshot) });
  return { journal, usage, kept };
}

/** What the box at boot `n` would say and count after `trips` trips of 3.5 m and 10 s and one door cycle. */
function runBoot(file: string, trips: number) {
  const box = boot(file);
  const said = box.kept.resume();
  for (let trip = 0; trip < trips; trip++) {
    box.usage.trip(3.5, 10);
    box.kept.save();
  }
  box.usage.doorCycle();
  box.kept.save();
  const counters = box.usage.snapshot();
  box.journal.close();
  return { said, counters };
}

describe("usage counters kept across boots", () => {
  it("carry on from the last boot's, not from zero, and say since which boot they count", () => {
    const file = join(temporaryFolder(), "journal.db");
    const first = runBoot(file, 3);
    expect(first.said).toBe("usage counters: none in the journal, counted from zero since boot 1");
    expect(first.counters).toMatchObject({ trips: 3, door_cycles: 1, distance_m: 10.5 });
    const second = runBoot(file, 2);
    expect(second.said).toBe("usage counters carried on from the journal (counted since boot 1): trips 3, door cycles 1");
    expect(second.counters).toMatchObject({ trips: 5, door_cycles: 2, distance_m: 17.5 });
    expect(second.counters.rope_bends).toBeCloseTo(5 * 10.0625, 9);
    expect(second.counters.run_hours).toBeCloseTo(50 / 3600, 6);
    const third = runBoot(file, 0);
    expect(third.counters).toMatchObject({ trips: 5, door_cycles: 3 });
  });

  it("a crash loses only what was counted after the last save", () => {
    const file = join(temporaryFolder(), "journal.db");
    const box = boot(file);
    box.kept.resume();
    box.usage.trip(7, 12);
    box.kept.save();
    // Counted, never saved: the process dies here.
    box.usage.doorCycle();
    box.journal.close();
    const after = boot(file);
    after.kept.resume();
    expect(after.usage.snapshot()).toMatchObject({ trips: 1, door_cycles: 0, distance_m: 7 });
    after.journal.close();
  });

  it.each([
    ["not JSON", "{trips: 3", undefined, /^! journal meta usage_counters: "\{trips: 3" is not JSON \(expected JSON with trips, door_cycles/],
    ["a negative count", JSON.stringify({ trips: -1, door_cycles: 0, run_hours: 0, distance_m: 0, rope_bends: 0 }), undefined, /^! journal meta usage_counters\.trips: .*\(expected JSON with trips, door_cycles, run_hours, distance_m and rope_bends, none below 0\)/],
    ["a boot still to come", JSON.stringify({ trips: 4, door_cycles: 0, run_hours: 0, distance_m: 0, rope_bends: 0 }), 9, /^! journal meta usage_since_boot: number 9 \(expected a boot from 1 to this one, 2\)/],
  ])("saved counters that cannot be read (%s) are said in one line, set aside, counted from zero and saved over", (_, counters, sinceBoot, said) => {
    const file = join(temporaryFolder(), "journal.db");
    runBoot(file, 1);
    const damaged = openJournal(file, keys);
    damaged.saveUsage(counters, sinceBoot ?? 1);
    damaged.close();
    const box = boot(file);
    const message = box.kept.resume();
    expect(message).toMatch(said);
    expect(message).toMatch(/: set aside as usage_counters_unreadable, usage counted from zero again since boot 2$/);
    expect(metaOf(file, "usage_counters_unreadable")).toBe(counters);
    expect(metaOf(file, "usage_since_boot_unreadable")).toBe(sinceBoot ?? 1);
    expect(box.usage.snapshot().trips).toBe(0);
    box.usage.trip(3.5, 10);
    box.kept.save();
    box.journal.close();
    expect(runBoot(file, 0).said).toBe("usage counters carried on from the journal (counted since boot 2): trips 1, door cycles 0");
  });

  it("a box rolled back from firmware that counts more carries on with the counters it knows", () => {
    const file = join(temporaryFolder(), "journal.db");
    runBoot(file, 0);
    const newer = openJournal(file, keys);
    newer.saveUsage(JSON.stringify({ trips: 12, door_cycles: 30, run_hours: 0.1, distance_m: 84, rope_bends: 120.75, brake_operations: 12 }), 1);
    newer.close();
    const box = boot(file);
    expect(box.kept.resume()).toBe("usage counters carried on from the journal (counted since boot 1): trips 12, door cycles 30");
    expect(box.usage.snapshot()).toEqual({ trips: 12, door_cycles: 30, run_hours: 0.1, distance_m: 84, rope_bends: 120.75 });
    box.journal.close();
  });

  it("a save the journal could not make is made at the next try", () => {
    const file = join(temporaryFolder(), "journal.db");
    const real = openJournal(file, keys);
    real.startBoot();
    let refuse = false;
    // The journal as it is, but refusing saves while told to (a full disk: see the next test for the journal's side).
    const journal: UsageJournal = {
      boot: real.boot,
      savedUsage: () => real.savedUsage(),
      saveUsage: (json, sinceBoot) => !refuse && real.saveUsage(json, sinceBoot),
      setAsideUsage: () => real.setAsideUsage(),
    };
    const usage = new UsageCounters(usageSettings.parse({}));
    const kept = new KeptUsage(journal, { counters: () => usage.snapshot(), restoreCounters: (snapshot) => usage.restore(snapshot) });
    kept.resume();
    usage.trip(3.5, 10);
    refuse = true;
    kept.save();
    expect(JSON.parse(real.savedUsage()!.counters as string).trips).toBe(0);
    refuse = false;
    kept.save();
    expect(JSON.parse(real.savedUsage()!.counters as string).trips).toBe(1);
    real.close();
  });

  it("a full disk keeps the counters unsaved, to save at the next try, and fails nothing", () => {
    const journal: Journal = openJournal(join(temporaryFolder(), "journal.db"), keys, { hardLimitBytes: 80 * 1024 });
    journal.startBoot();
    expect(journal.saveUsage(JSON.stringify({ trips: 1 }), 1)).toBe(true);
    const padding = "x".repeat(2000);
    try {
      for (;;) journal.appendEvent(eventDraft("entrapment", { padding }));
    } catch {
      // full
    }
    expect(journal.saveUsage(JSON.stringify({ trips: 2, padding: padding.repeat(20) }), 1)).toBe(false);
    expect(journal.savedUsage()).toEqual({ counters: JSON.stringify({ trips: 1 }), sinceBoot: 1 });
    journal.close();
  });
});
