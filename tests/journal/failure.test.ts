/** Storage failing under the journal: JournalFailure out, storage_critical for a full disk, nothing swallowed. */
import { closeSync, openSync, writeSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDeviceKeys } from "../../firmware/evidence/keys.ts";
import { JournalFailure } from "../../firmware/journal/failure.ts";
import { eventDraft, openJournal, temporaryFolder } from "../evidence/fixtures.ts";

const keys = generateDeviceKeys();
const padding = "x".repeat(2000);

describe("JournalFailure", () => {
  it("a full disk (SQLITE_FULL) refuses an event with JournalFailure and makes the journal storage_critical; telemetry is shed instead", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys, { hardLimitBytes: 80 * 1024 });
    journal.startBoot();
    let stored = 0;
    const failure = (() => {
      try {
        for (;;) {
          journal.appendEvent(eventDraft("entrapment", { padding }));
          stored += 1;
        }
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(JournalFailure);
    expect((failure as JournalFailure).code).toMatch(/^SQLITE_FULL/);
    expect(journal.health).toBe("storage_critical");
    expect(journal.unacknowledged(1000)).toHaveLength(stored);
    const shedBefore = journal.shedTelemetry;
    expect(journal.appendTelemetry("trip", { padding: padding.repeat(20) })).toBeUndefined();
    expect(journal.shedTelemetry).toBe(shedBefore + 1);
    journal.close();
  });

  it("a corrupt journal file fails with JournalFailure when opened", () => {
    const file = join(temporaryFolder(), "journal.db");
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(() => openJournal(file, keys)).toThrow(JournalFailure);
  });

  it("corruption found while reading comes out as JournalFailure, not as an empty answer", () => {
    const file = join(temporaryFolder(), "journal.db");
    const journal = openJournal(file, keys);
    journal.startBoot();
    for (let index = 0; index < 40; index += 1) journal.appendEvent(eventDraft("entrapment", { padding }));
    journal.close();
    // overwrite every page after the schema's with garbage
    const handle = openSync(file, "r+");
    writeSync(handle, Buffer.alloc(4096 * 20, 0xa5), 0, 4096 * 20, 4096 * 4);
    closeSync(handle);
    const failure = (() => {
      try {
        const reopened = openJournal(file, keys);
        reopened.startBoot();
        reopened.unacknowledged(1000);
        reopened.appendEvent(eventDraft());
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(JournalFailure);
    expect((failure as JournalFailure).code).toMatch(/^SQLITE_(CORRUPT|NOTADB)/);
  });

  it("a journal whose folder cannot exist fails with JournalFailure", () => {
    const blocker = join(temporaryFolder(), "not-a-folder");
    writeFileSync(blocker, "");
    expect(() => openJournal(join(blocker, "journal.db"), keys)).toThrow(JournalFailure);
    // Naming the file: "unable to open database file" alone left the engineer to guess which.
    expect(() => openJournal(join(blocker, "journal.db"), keys)).toThrow(`journal: opening ${join(blocker, "journal.db")}: `);
  });

  it("using a closed journal is a JournalFailure too, and close() twice is harmless", () => {
    const journal = openJournal(join(temporaryFolder(), "journal.db"), keys);
    journal.startBoot();
    journal.close();
    journal.close();
    expect(() => journal.appendEvent(eventDraft())).toThrow(JournalFailure);
  });
});
