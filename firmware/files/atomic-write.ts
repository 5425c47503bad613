/**
 * Writing results so that a failure never leaves a half-written file that looks like
 * success: write beside the target, then rename over it. Here, not in cli/, so the
 * firmware's own writers (the commissioning page's calibration) can use it too.
 */
import { closeSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { InputError } from "../config/input-error.ts";

/** Characters gathered before each write of writeFileAtomicallyBy */
const GATHERED_CHARACTERS = 1 << 20;

export function writeFileAtomically(file: string, text: string | Uint8Array): void {
  replaceWith(file, (temporary) => writeFileSync(temporary, text));
}

/**
 * The same for text made a piece at a time (`produce` hands each to `append`), written as it
 * comes rather than held whole. Nothing is left of it where `produce` throws.
 */
export function writeFileAtomicallyBy(file: string, produce: (append: (text: string) => void) => void): void {
  replaceWith(file, (temporary) => {
    const descriptor = openSync(temporary, "w");
    try {
      let pieces: string[] = [];
      let length = 0;
      const flush = () => {
        const bytes = Buffer.from(pieces.join(""));
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset);
        pieces = [];
        length = 0;
      };
      produce((text) => {
        pieces.push(text);
        length += text.length;
        if (length >= GATHERED_CHARACTERS) flush();
      });
      flush();
    } finally {
      closeSync(descriptor);
    }
  });
}

/** Writes beside `named` by `write`, then renames over it (a device or pipe is written into); a failure removes what was written. */
function replaceWith(named: string, write: (temporary: string) => void): void {
  // A link is followed to what it names, and only a regular file is replaced: renamed over,
  // `--out /dev/stdout` had replaced the system's link with a file (a review helper's, as root).
  const { path, replace } = replaceablePath(named);
  const temporary = replace ? `${path}.partial-${process.pid}` : path;
  try {
    write(temporary);
    if (replace) renameSync(temporary, path);
  } catch (error) {
    try {
      if (replace) rmSync(temporary, { force: true });
    } catch {
      // Nothing was made there: a path under a file (ENOTDIR) cannot even be looked at, and had
      // come out as that raw error rather than the one line naming the output.
    }
    if (!(error as NodeJS.ErrnoException).code) throw error;
    throw cannotWrite(named, error);
  }
}

/**
 * Where an output named `file` leads through its links (itself where it does not exist yet), and
 * whether it may be written beside and renamed over: a regular file, or nothing yet. A device, a
 * pipe or a socket is written into.
 */
export function replaceablePath(file: string): { path: string; replace: boolean } {
  let path = file;
  try {
    path = realpathSync(file);
  } catch {
    // not there yet
  }
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return { path, replace: stat === undefined || stat.isFile() || stat.isDirectory() };
  } catch {
    return { path, replace: true }; // not there to look at (a path under a file): writing beside it says why
  }
}

/** A file that could not be written (no such folder, a directory, no room), as one line naming it. */
export function cannotWrite(file: string, error: unknown): InputError {
  return new InputError(`${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
}
