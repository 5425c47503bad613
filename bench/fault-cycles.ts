/**
 * The kill -9 test of tests/delivery/chaos at the benchmark's length: 200 cycles of the box
 * killed at random moments, the broker frozen or killed in half of them, then a drain. The
 * test asserts 0 missing, 0 duplicates and an intact journal; this reports whether it held.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Figure } from "./figures.ts";

export function faultCycleFigures(quick: boolean): Figure[] {
  if (quick) return [];
  const cycles = 200;
  const root = fileURLToPath(new URL("../", import.meta.url));
  const run = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "tests/delivery/chaos/kill-cycles.test.ts"], {
    cwd: root,
    env: { ...process.env, CHAOS_CYCLES: String(cycles) },
    encoding: "utf8",
    timeout: 15 * 60_000,
  });
  const held = run.status === 0 && /1 passed, 0 failed/.test(run.stdout);
  return [
    {
      name: "kill -9 cycles with 0 lost, 0 duplicates",
      value: held ? cycles : 0,
      unit: `of ${cycles} cycles`,
      method: "box killed at random moments while events flow, broker frozen or killed in half the cycles, then drained to the reference receiver (tests/delivery/chaos/kill-cycles.test.ts)",
      target: `${cycles} of ${cycles}`,
    },
  ];
}
