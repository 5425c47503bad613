/**
 * The one error the journal lets out when storage fails under it.
 *
 * Contract: a `JournalFailure` means the journal can no longer promise that what it
 * accepted is on disk (I/O error, corruption, a full disk refusing an event, a vanished
 * file). The firmware must stop so it restarts clean: on restart SQLite recovers from its
 * write-ahead log, and every append that had returned is still there. Nothing catches and
 * carries on.
 */
import Database from "better-sqlite3";

export class JournalFailure extends Error {
  override readonly name = "JournalFailure";

  constructor(
    message: string,
    /** SQLite's extended code (SQLITE_IOERR_WRITE, SQLITE_FULL, ...) or the file system's (ENOENT, ...) */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for SQLITE_FULL and its extended codes: the disk or the page limit is exhausted. */
export function isStorageFull(error: unknown): boolean {
  return error instanceof JournalFailure && error.code.startsWith("SQLITE_FULL");
}

/** Runs `work`; any SQLite or file-system error comes out as a JournalFailure, programming errors as they are. */
export function guarded<Result>(doing: string, work: () => Result): Result {
  try {
    return work();
  } catch (error) {
    throw asJournalFailure(doing, error);
  }
}

export function asJournalFailure(doing: string, error: unknown): unknown {
  if (error instanceof JournalFailure) return error;
  if (error instanceof Database.SqliteError) return new JournalFailure(`journal: ${doing}: ${error.message} (${error.code})`, error.code, { cause: error });
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return new JournalFailure(`journal: ${doing}: ${(error as Error).message}`, code, { cause: error });
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) return new JournalFailure(`journal: ${doing}: the journal is closed`, "CLOSED", { cause: error });
  return error;
}
