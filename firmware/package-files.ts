/**
 * Files the package ships beside its code (the commissioning page, the built-in scenarios,
 * the fleet's worker), found from the package's root. A path relative to a module's own
 * import.meta.url breaks once that module is bundled: in dist/liftwatch.mjs every module's
 * import.meta.url is the bundle's.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "liftwatch";

const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the installed package, e.g. packageFile("simulator", "scenarios"). */
export function packageFile(...segments: string[]): string {
  return join(packageRoot, ...segments);
}

function findPackageRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json named "${PACKAGE_NAME}" in ${from} or any folder above it`);
  }
}
