/**
 * A box whose start fails half-way (its simulated lift or hardware cannot be made, after the
 * journal, the embedded broker, the platform and the link are open) closes what it opened and
 * reports the error. Left open, they kept a process running that watched nothing and said
 * nothing more: a field engineer's box with an out-of-bounds calibration record printed the error
 * and sat connected.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runLive } from "../../cli/live.ts";
import { defaultConfig } from "../../firmware/config/schema.ts";
import { loadScenario } from "../../simulator/scenario.ts";
import { temporaryFolder } from "../evidence/fixtures.ts";
import { liftwatch } from "../support/cli.ts";

/** How many of each kind of handle keep the process alive (sockets, servers, timers). */
const handles = () => {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};

it("runLive closes its journal, broker, platform and link when the box cannot be made, and rejects with the cause", async () => {
  const before = handles();
  const scenario = loadScenario("demo");
  // A box the simulator cannot build (a chip it has no emulator for), past every check that runs before the start.
  const broken = { ...scenario, box: { ...scenario.box, accelerometer_chip: "no-such-chip" } } as unknown as typeof scenario;
  await expect(runLive({ scenario: broken, config: defaultConfig(), speed: 1, stopAtScenarioEnd: true })).rejects.toThrow();
  // Sockets closing finish on the next turns of the loop.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const left = Object.entries(handles()).filter(([kind, count]) => count > (before[kind] ?? 0));
  expect(left).toEqual([]);
});

// A box its service restarts on failure left a trail of empty boots on the platform's record.
it("a start that cannot read the operator's key or the broker's CA fails before its journal counts a boot", async () => {
  const folder = temporaryFolder();
  const journal = join(folder, "journal.db");
  for (const [key, missing] of [["security:\n  operator_key", "operator-pub.pem"], ["mqtt:\n  ca_file", "ca.pem"]]) {
    const config = join(folder, "box.yaml");
    writeFileSync(config, `simulation:\n  scenario: demo\njournal:\n  file: ${journal}\n${key}: ${join(folder, missing)}\n`);
    const result = await liftwatch(["run", "--config", config]);
    expect(result.code, missing).not.toBe(0);
    expect(result.stderr, missing).toContain(missing);
    expect(existsSync(journal), missing).toBe(false);
  }
});
