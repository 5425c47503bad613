/**
 * One box per journal. A second `liftwatch run` on a journal a box already runs on (started by
 * hand beside the service) raised the same events again as a boot of its own: duplicates with
 * ids of their own, which no platform can dedupe. The lock is SQLite's exclusive lock on a small
 * file beside the journal, held by the operating system for the process: it goes with the
 * process however it ends (a crash, a power cut), so no stale lock keeps a box from starting.
 * `liftwatch export` reads a running box's journal without it.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { InputError } from "../config/input-error.ts";
import { asJournalFailure } from "./failure.ts";

export interface JournalLock {
  release(): void;
}

export function holdJournal(file: string): JournalLock {
  let lock: Database.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    lock = new Database(`${file}.lock`, { timeout: 0 });
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.exec("BEGIN EXCLUSIVE; COMMIT");
  } catch (error) {
    lock?.close();
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) throw new InputError(`journal.file: ${file} is in use by another liftwatch (a box already runs on it)`);
    throw asJournalFailure(`locking ${file}`, error);
  }
  const held = lock;
  return { release: () => held.open && held.close() };
}
