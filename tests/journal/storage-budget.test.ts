/** A byte budget: telemetry goes first and is counted; insured and undelivered events never go. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { verifyExport } from "../../firmware/evidence/verify.ts";
import type { JournalHealth } from "../../firmware/journal/journal.ts";
import { eventDraft, openJournal, temporaryFolder } from "../evidence/fixtures.ts";

const keys = generateDeviceKeys();
const budgetBytes = 112 * 1024;
const padding = "x".repeat(1000);

describe("storage budget", () => {
  it("sheds the oldest telemetry first, counts it across reboots, and keeps every event", () => {
    const file = join(temporaryFolder(), "journal.db");
    const journal = openJournal(file, keys, { budgetBytes });
    journal.startBoot();
    for (let index = 0; index < 20; index += 1) journal.appendEvent(eventDraft("entrapment", { padding }));
    for (let index = 0; index < 200; index += 1) journal.appendTelemetry("trip", { index, padding });
    expect(journal.usedBytes()).toBeLessThanOrEqual(budgetBytes);
    expect(journal.health).toBe("ok");
    const shed = journal.shedTelemetry;
    expect(shed).toBeGreaterThan(0);
    const kept = journal.unacknowledgedTelemetry(1000).map((record) => (record.message as { index: number }).index);
    expect(kept.length + shed).toBe(200);
    // the newest survive: what was shed is the oldest
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, offset) => 200 - kept.length + offset));
    expect(journal.unacknowledged(1000)).toHaveLength(20);
    journal.close();
    const reopened = openJournal(file, keys, { budgetBytes });
    expect(reopened.shedTelemetry).toBe(shed);
    reopened.close();
  });

  it("becomes storage_critical rather than evict insured events, and says so once", () => {
    const changes: JournalHealth[] = [];
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys, { budgetBytes, onHealthChange: (health) => changes.push(health) });
    journal.startBoot();
    journal.appendTelemetry("trip", { padding });
    const sealed = Array.from({ length: 150 }, () => journal.appendEvent(eventDraft("entrapment", { padding })));
    for (const envelope of sealed) journal.acknowledge(envelope.event_id);
    expect(journal.health).toBe("storage_critical");
    expect(changes).toEqual(["storage_critical"]);
    expect(journal.usedBytes()).toBeGreaterThan(budgetBytes);
    expect(journal.unacknowledgedTelemetry(10)).toEqual([]);
    journal.close();
  });

  it("evicts bodies of delivered non-insured events after telemetry, never undelivered ones, and the export still verifies", async () => {
    const folder = temporaryFolder();
    // room for the unevictable events and the empty tables' pages, not for all 71 events
    const journal = openJournal(join(folder, "journal.db"), keys, { budgetBytes: 160 * 1024, checkpointEvery: 0 });
    journal.startBoot();
    const window = journal.storeWindow({ samples: padding.repeat(8) });
    journal.appendEvent(eventDraft("free_fall", { evidence_windows: [window] }));
    const operational = Array.from({ length: 60 }, () => journal.appendEvent(eventDraft("mode_change", { padding })));
    for (const envelope of operational.slice(0, 50)) journal.acknowledge(envelope.event_id);
    const undelivered = Array.from({ length: 10 }, () => journal.appendEvent(eventDraft("sensor_fault", { padding })));
    expect(journal.health).toBe("ok");
    expect(journal.window(window)).toBeDefined();
    expect(journal.unacknowledged(1000).map((envelope) => envelope.seq)).toEqual([1, ...[...operational.slice(50), ...undelivered].map((envelope) => envelope.seq)]);
    const out = join(folder, "events.jsonl");
    const counts = await journal.export(out);
    journal.close();
    expect(counts.pruned).toBeGreaterThan(0);
    expect(counts.events + counts.pruned).toBe(71);
    expect(verifyExport(readFileSync(out, "utf8"), { publicKey: keys.publicKey })).toMatchObject({ ok: true, summary: { pruned: counts.pruned, seq: 71 } });
  });
});
