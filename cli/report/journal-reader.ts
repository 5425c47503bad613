/**
 * Reads a box's journal for the reports, read-only: events (with their bodies, which an
 * acknowledged non-insured event may have lost to the storage budget), the trips and status
 * snapshots that are still there (telemetry, shed first when storage runs short), and how
 * many were shed. A file that is missing, not SQLite, or not a journal is one InputError.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import Database from "better-sqlite3";
import type { EventEnvelope, StatusMessage, TripMessage } from "../../protocols/contract.ts";
import { InputError } from "../../firmware/config/input-error.ts";

export interface JournaledEvent {
  seq: number;
  insured: boolean;
  /** undefined when the body was evicted (acknowledged, not insured) */
  envelope?: EventEnvelope;
}

export interface JournalContents {
  events: JournaledEvent[];
  trips: TripMessage[];
  statuses: StatusMessage[];
  /** trips and status snapshots dropped for lack of storage since the journal was made */
  shedTelemetry: number;
  /** the boot since which the box's usage counters have counted on across boots (undefined: each boot's count from zero, as before they were kept) */
  usageSinceBoot?: number;
}

const SQLITE_MAGIC = "SQLite format 3\u0000";

/** True when the file starts as an SQLite database does (a journal, or not one after all). */
export function looksLikeSqlite(file: string): boolean {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, "r");
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const read = readSync(descriptor, head, 0, head.length, 0);
    return read === head.length && head.toString("latin1") === SQLITE_MAGIC;
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

export function readJournal(file: string): JournalContents {
  if (!existsSync(file)) throw new InputError(`${file}: cannot read the journal (no such file)`);
  let database: Database.Database | undefined;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
    const tables = new Set((database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    const missing = ["events", "event_bodies", "telemetry", "meta"].filter((table) => !tables.has(table));
    if (missing.length > 0) throw new InputError(`${file}: not a liftwatch journal (no ${missing.join(", ")} table)`);
    const events = (database.prepare("SELECT e.seq, e.insured, b.envelope FROM events e LEFT JOIN event_bodies b ON b.seq = e.seq ORDER BY e.seq").all() as { seq: number; insured: number; envelope: string | null }[]).map(
      (row) => ({ seq: row.seq, insured: row.insured === 1, ...(row.envelope !== null ? { envelope: JSON.parse(row.envelope) as EventEnvelope } : {}) }),
    );
    const telemetry = database.prepare("SELECT kind, message FROM telemetry ORDER BY id").all() as { kind: string; message: string }[];
    const shed = database.prepare("SELECT value FROM meta WHERE key = 'shed_telemetry'").get() as { value: number } | undefined;
    const usageSinceBoot = database.prepare("SELECT value FROM meta WHERE key = 'usage_since_boot'").pluck().get();
    return {
      events,
      trips: telemetry.filter((row) => row.kind === "trip").map((row) => JSON.parse(row.message) as TripMessage),
      statuses: telemetry.filter((row) => row.kind === "status").map((row) => JSON.parse(row.message) as StatusMessage),
      shedTelemetry: Number(shed?.value ?? 0),
      ...(Number.isInteger(usageSinceBoot) ? { usageSinceBoot: usageSinceBoot as number } : {}),
    };
  } catch (error) {
    if (error instanceof InputError) throw error;
    // SQLITE_NOTADB, SQLITE_CORRUPT, a body that is not JSON: the file is not a journal we can read.
    throw new InputError(`${file}: not a readable journal (${(error as Error).message.split("\n")[0]})`);
  } finally {
    database?.close();
  }
}
