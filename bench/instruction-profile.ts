/**
 * Where the pipeline's instructions go, function by function: the count of instructions.ts
 * (a process replaying normal-hour WARM_UP + MEASURED times less one replaying it WARM_UP
 * times, over MEASURED, Node run `--predictable` with V8's seeds fixed), kept per function by
 * callgrind and named through V8's perf map. A CPU profile samples wall time, which this shared
 * machine moves by 40 % and more; this is the same count every time, to the function.
 *
 *   npm run bench:profile [-- --seconds 300] [--top 40]
 *
 * Needs Debian's valgrind (callgrind_annotate comes with it). Functions V8 inlined count in
 * the function they were inlined into.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundleModules, costDifference, costsBySource, functionCosts, readPerfMap, type FunctionCost } from "./callgrind-functions.ts";
import { instructionsOf, MEASURED, warmAndMeasured } from "./instructions.ts";

export interface InstructionProfile {
  seconds: number;
  /** instructions per replay of `seconds`, warm */
  perReplay: number;
  /** by function, most first: instructions per replay */
  functions: FunctionCost[];
}

/** The warm pipeline's instructions by function over `seconds` of normal-hour at 400 Hz. */
export async function instructionProfile(seconds: number): Promise<InstructionProfile> {
  for (const tool of ["valgrind", "callgrind_annotate"]) {
    if (spawnSync(tool, ["--version"]).error) throw new Error(`bench: ${tool} not found: install Debian's valgrind package`);
  }
  const maps: string[] = [];
  let modules: ReturnType<typeof bundleModules> | undefined;
  try {
    const [warm, measured] = await warmAndMeasured(seconds, async (bundle, trace, replays, folder) => {
      const profile = join(folder, `callgrind-${replays}.out`);
      const run = await instructionsOf(bundle, trace, replays, profile);
      const map = `/tmp/perf-${run.pid}.map`;
      maps.push(map);
      const annotated = spawnSync("callgrind_annotate", ["--threshold=100", profile], { encoding: "utf8", maxBuffer: 1 << 30 });
      if (annotated.status !== 0) throw new Error(`bench: callgrind_annotate ${profile} failed: ${annotated.stderr.trim()}`);
      modules ??= bundleModules(readFileSync(bundle, "utf8"));
      return { costs: functionCosts(annotated.stdout, readPerfMap(readFileSync(map, "utf8")), basename(bundle), modules), instructions: run.instructions };
    });
    return { seconds, perReplay: (measured.instructions - warm.instructions) / MEASURED, functions: costDifference(warm.costs, measured.costs, MEASURED) };
  } finally {
    for (const map of maps) rmSync(map, { force: true });
  }
}

/** The profile as a table: each function's share, instructions per simulated second, name and source. */
export function profileTable(profile: InstructionProfile, top: number): string {
  const perSecond = (instructions: number) => Math.round(instructions / profile.seconds).toLocaleString("en");
  const row = (cost: FunctionCost, label: string) => `${((100 * cost.instructions) / profile.perReplay).toFixed(1).padStart(5)} % ${perSecond(cost.instructions).padStart(9)}  ${label}`;
  return [
    `${perSecond(profile.perReplay)} instructions per simulated second (normal-hour, ${profile.seconds} s at 400 Hz, warm)`,
    "",
    "share    instr/s  function  (source)",
    ...profile.functions.slice(0, top).map((cost) => row(cost, `${cost.name}  (${cost.source})`)),
    "",
    "share    instr/s  source",
    ...costsBySource(profile.functions)
      .slice(0, top)
      .map((cost) => row(cost, cost.source)),
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "300" }, top: { type: "string", default: "40" } } });
  const seconds = Number(values.seconds);
  const top = Number(values.top);
  if (!(Number.isInteger(seconds) && seconds > 0) || !(Number.isInteger(top) && top > 0)) {
    console.error(`bench:profile: --seconds ${values.seconds} --top ${values.top}: expected whole numbers above 0`);
    process.exit(2);
  }
  try {
    console.log(profileTable(await instructionProfile(seconds), top));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
