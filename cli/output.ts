/**
 * Writing results so that a failure never leaves a half-written file that looks like
 * success: write beside the target, then rename over it.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "../firmware/config/schema.ts";
import { InputError } from "../firmware/config/input-error.ts";
import { evidenceKeyFiles } from "../firmware/evidence/keys.ts";

export { cannotWrite, writeFileAtomically, writeFileAtomicallyBy } from "../firmware/files/atomic-write.ts";

/** One file, by its path or, where both exist, by the file itself (a link, another spelling of its path). */
function sameFile(first: string, second: string): boolean {
  if (resolve(first) === resolve(second)) return true;
  try {
    const [a, b] = [statSync(first), statSync(second)];
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/**
 * Refuses an output that is a file the command reads, or another of its outputs, before anything
 * is written: a field engineer's `export --out` onto the journal it read replaced the evidence
 * journal with its own export, and `replay --out` onto the trace replaced the trace, each exiting
 * 0. Both maps name each file as the user knows it (an option, a setting).
 */
export function refuseOverwriting(outputs: Record<string, string | undefined>, inputs: Record<string, string | undefined>): void {
  const written = Object.entries(outputs).filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [index, [option, path]] of written.entries()) {
    for (const [what, input] of Object.entries(inputs)) {
      if (input !== undefined && sameFile(path, input)) throw new InputError(`${option} ${path}: that is ${what}, which this command reads (expected another file)`);
    }
    for (const [other, otherPath] of written.slice(index + 1)) {
      if (sameFile(path, otherPath)) throw new InputError(`${option} ${path}: the same file as ${other} (expected a file of its own)`);
    }
  }
}

/** The files of a box's journal, as refuseOverwriting names them: the database, SQLite's files beside it, the evidence keys. */
export function journalFiles(config: Config): Record<string, string> {
  const file = config.journal.file;
  const keys = evidenceKeyFiles(config, file);
  return {
    "journal.file": file,
    "the journal's write-ahead log": `${file}-wal`,
    "the journal's shared memory": `${file}-shm`,
    "the evidence key": keys.privateKeyFile,
    "the evidence public key": keys.publicKeyFile,
  };
}

export function jsonLines(records: unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join("\n") + (records.length > 0 ? "\n" : "");
}
