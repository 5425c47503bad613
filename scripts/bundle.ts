/**
 * The firmware bundled into one ES module with esbuild, as a box runs it: no TypeScript
 * loader in the process (measured here: `liftwatch run` up in 0.85–1.2 s, not 1.6–2.1 s as
 * under tsx, and about 10 MB less resident with the service's heap flags).
 * Only the project's own modules are bundled: packages are loaded from node_modules as
 * they are published (native ones such as better-sqlite3 and @serialport/bindings-cpp find
 * their binaries relative to their own files, which a bundle would break). So a bundle is
 * written inside the package, where they resolve and where firmware/package-files.ts finds
 * the files shipped beside the code.
 *
 *   npm run build      dist/liftwatch.mjs, the `liftwatch` command the deployed box runs
 */
import { chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

export const FIRMWARE_BUNDLE = join(repositoryRoot, "dist", "liftwatch.mjs");

async function bundle(entry: string, outfile: string): Promise<void> {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "warning",
    banner: { js: "#!/usr/bin/env node" },
  });
}

/** `liftwatch` (cli/main.ts) bundled to `file`, executable. */
export async function buildFirmware(file = FIRMWARE_BUNDLE): Promise<string> {
  await bundle(join(repositoryRoot, "cli", "main.ts"), file);
  chmodSync(file, 0o755);
  return file;
}

/** One script bundled under node_modules/.cache (benchmarks, chaos tests); returns its path and a way to remove it. */
export async function bundleScript(entry: string, name: string): Promise<{ file: string; remove: () => void }> {
  const file = join(repositoryRoot, "node_modules", ".cache", "liftwatch", `${name}-${process.pid}.mjs`);
  await bundle(entry, file);
  return { file, remove: () => rmSync(file, { force: true }) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildFirmware()}`);
}
