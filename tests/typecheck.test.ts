/** The whole tree type-checks in strict mode: counted with the other tests, so CI sees it. */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

describe("TypeScript", () => {
  it("compiles without errors (tsc --noEmit, strict)", async () => {
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [tsc, "--noEmit", "-p", root], { cwd: root }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
    });
    expect(output.trim()).toBe("");
  }, 120_000);
});
