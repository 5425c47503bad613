/**
 * Writing results so that a failure never leaves a half-written file that looks like
 * success: write beside the target, then rename over it. Here, not in cli/, so the
 * firmware's own writers (the commissioning page's calibration) can use it too.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { InputError } from "../config/input-error.ts";

export function writeFileAtomically(file: string, text: string | Uint8Array): void {
  const temporary = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
