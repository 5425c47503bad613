/**
 * Key and certificate files: private keys are written 0600 so only their owner reads them,
 * and nothing that exists is overwritten unless the caller says so.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../config/input-error.ts";

export const PRIVATE_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

export function ensureDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new InputError(`${dir}: cannot create directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Writes beside the target then renames, so a crash never leaves half a key. */
export function writeSecurityFile(file: string, text: string, mode: number): void {
  const temporary = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(temporary, text, { mode });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function readSecurityFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Names of the files among `names` that already exist in `dir`. */
export function existingFiles(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => existsSync(join(dir, name)));
}
