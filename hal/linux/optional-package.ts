/**
 * The Linux bus and GPIO packages are optional dependencies: `npm install` succeeds and every
 * command runs on a laptop without them (or without a compiler for their native parts). They
 * are loaded only inside the open functions, and a missing one is a HalError("unsupported")
 * that says what to install.
 */
import { createRequire } from "node:module";
import { HalError } from "../io/hal-error.ts";

const require = createRequire(import.meta.url);

export function loadOptionalPackage<T>(packageName: string, part: string): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === "MODULE_NOT_FOUND" && message.includes(`'${packageName}'`)) {
      throw new HalError("unsupported", part, `the optional package ${packageName} is not installed: run \`npm install ${packageName}\` on the box`);
    }
    // Installed, but its native part was not built (no compiler, or scripts not allowed).
    if (/bindings file|\.node\b|NODE_MODULE_VERSION|invalid ELF/.test(message)) {
      throw new HalError("unsupported", part, `the package ${packageName} is installed but its native part is not built: run \`npm rebuild ${packageName}\` (needs build-essential)`);
    }
    throw error;
  }
}

/** The errno name of a failed system call, from Node's or a native addon's error. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}
