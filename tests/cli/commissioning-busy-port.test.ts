/**
 * `liftwatch run` whose commissioning page cannot listen (its port taken by another program)
 * runs on without the page, and stops at the first signal. A field engineer's box said so at
 * its start, and then, sent SIGTERM, printed its clean stop and never exited: the page's ticker,
 * started before the port was found busy, kept the process alive until a second signal.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createCommissioningToken } from "../../firmware/security/commissioning-token.ts";
import { temporaryFolder } from "../evidence/fixtures.ts";
import { liftwatch } from "../support/cli.ts";

it("a box whose commissioning port is taken runs without the page and stops at one SIGTERM", async () => {
  const folder = temporaryFolder();
  const tokenFile = join(folder, "commissioning-token.json");
  writeFileSync(tokenFile, JSON.stringify(createCommissioningToken().record));
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const config = join(folder, "box.yaml");
    writeFileSync(config, `journal:\n  file: ${join(folder, "journal.db")}\nsimulation:\n  scenario: demo\n  speed: 10\ncommissioning:\n  enabled: true\n  listen: 127.0.0.1\n  port: ${port}\n  token_file: ${tokenFile}\n`);
    // One signal; a box still running 20 s later fails the test (liftwatch() rejects).
    const result = await liftwatch(["run", "--config", config], { stopAfterMs: 5000, timeoutMs: 25_000 });
    expect(result.stdout).toContain(`! commissioning page not started on 127.0.0.1:${port}: the port is in use`);
    expect(result.stdout).toContain("done:");
    expect([0, 3]).toContain(result.code);
  } finally {
    taken.close();
  }
}, 40_000);
