/** Shared by the journal and evidence tests: keys, event drafts, temporary journals. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeviceKeys, type DeviceKeys } from "../../firmware/evidence/keys.ts";
import { configSchema } from "../../firmware/config/schema.ts";
import { openBoxJournal } from "../../firmware/journal/box-journal.ts";
import { Journal, type EventDraft, type JournalOptions } from "../../firmware/journal/journal.ts";

export const deviceId = "box-7";

export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), "liftwatch-journal-"));
}

export function eventDraft(type: EventDraft["type"] = "entrapment", details: Record<string, unknown> = {}): EventDraft {
  const instant = { mono_ms: 1000, wall: "2025-01-01T00:00:01.000Z" };
  return {
    v: 1,
    type,
    insured: type !== "mode_change" && type !== "sensor_fault",
    onset: instant,
    raised: instant,
    time_quality: "simulated",
    config_version: "test",
    lift: { motion: "stopped", direction: null, door: "closed", zone: "outside", occupancy: "occupied", mode: "normal", landing: null, position_m: 4.2 },
    details: { kind: "between_floors", suspected: false, ...details },
  };
}

export function openJournal(file: string, keys: DeviceKeys, options: Partial<JournalOptions> = {}): Journal {
  return Journal.open({ file, deviceId, keys, now: () => ({ at: { mono_ms: 5, wall: "2025-01-01T00:00:05.000Z" }, time_quality: "simulated" }), ...options });
}

/** A journal with `count` events (every third one non-insured), exported as text. */
export async function exportedLog(count: number, keys: DeviceKeys = generateDeviceKeys(), options: Partial<JournalOptions> = {}): Promise<string> {
  const file = join(temporaryFolder(), "journal.db");
  const journal = openJournal(file, keys, { checkpointEvery: 4, ...options });
  journal.startBoot();
  for (let index = 1; index <= count; index += 1) journal.appendEvent(eventDraft(index % 3 === 0 ? "mode_change" : "entrapment", { n: index }));
  const out = join(temporaryFolder(), "events.jsonl");
  await journal.export(out);
  journal.close();
  const { readFileSync } = await import("node:fs");
  return readFileSync(out, "utf8");
}

/** A box's journal holding one event, and a configuration naming it, in a new folder: what `liftwatch export` reads. */
export function journalWithAnEvent(): { folder: string; journalFile: string; configFile: string } {
  const folder = temporaryFolder();
  const journalFile = join(folder, "journal.db");
  const configFile = join(folder, "box.yaml");
  writeFileSync(configFile, `journal:\n  file: ${journalFile}\n`);
  const { journal } = openBoxJournal(configSchema.parse({ journal: { file: journalFile } }), journalFile);
  journal.appendEvent(eventDraft("entrapment", { n: 1 }));
  journal.close();
  return { folder, journalFile, configFile };
}
