/**
 * The pipeline's work as valgrind counts it: instructions per simulated second at 400 Hz. Wall
 * time on a shared machine moves by 40 % and more between runs (on one day, 2,200-5,300 × for
 * a build measured at 9,000 × two days before); an instruction count repeats far closer (below),
 * so a change to the hot path can be judged by it where the × real time figure cannot tell (and
 * function by function by instruction-profile.ts).
 *
 * Two processes replay the same trace, one WARM_UP times and one MEASURED more; the difference,
 * over MEASURED, is a replay of a warm pipeline (start-up, parsing and the warming-up replays
 * cancel out). Node runs `--predictable`: V8 compiles and collects on the counted thread, and
 * no heuristic of its reads the clock. Without it, a count taken beside another valgrind job
 * came out 7 % higher (some of V8's heuristics read the clock). V8's hash and random seeds are
 * fixed too (`--hash-seed=1 --random-seed=1`): with `--predictable` alone, six counts of one build
 * spread over 1.9 % (two of them with address randomisation off still 0.4 % apart); with the
 * seeds, three were within 0.04 %. On a quiet machine only: beside the test suite or another
 * valgrind job, counts of one build drifted by 0.5-3 % (something still reads the clock), so
 * builds are compared counted one after the other with nothing else running. The JIT goes on
 * compiling for two replays, which on the hour's first 5 minutes cost about 1,070 M
 * instructions after the first and 520 M after the second, then 410-470 M a replay, depending
 * on the window (one or two young-generation collections a replay; no full one): hence four
 * replays after three. Instructions are not
 * time: a change that waits on memory more, or less, moves time more than its count.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleScript } from "../scripts/bundle.ts";
import { scenarioTrace } from "../simulator/trace-export.ts";
import type { Figure } from "./figures.ts";
import { normalHour } from "./throughput.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const WARM_UP = 3;
export const MEASURED = 4;

export async function instructionFigures(quick: boolean): Promise<Figure[]> {
  if (spawnSync("valgrind", ["--version"]).status !== 0) {
    console.error("bench: valgrind not found (Debian's valgrind package): the pipeline's instruction count is left out");
    return [];
  }
  const seconds = quick ? 20 : 600;
  const [warm, measured] = await warmAndMeasured(seconds, (bundle, trace, replays) => instructionsOf(bundle, trace, replays));
  const perReplay = (measured.instructions - warm.instructions) / MEASURED;
  return [
    {
      name: "firmware pipeline work",
      value: perReplay / seconds,
      unit: "instructions per simulated second",
      method: `valgrind callgrind's count over ${seconds} s of the normal-hour scenario, accelerometer at 400 Hz, frames parsed beforehand: a process replaying it ${WARM_UP + MEASURED} times less one replaying it ${WARM_UP} times, over ${MEASURED} (node --predictable, V8's hash and random seeds fixed); counts of one build within 0.04 % on a quiet machine, up to 3 % apart beside other work${quick ? "; in a quick run the JIT is still compiling after replays this short: a smoke figure, not comparable with a full run's" : ""}`,
    },
  ];
}

/**
 * `count` run side by side on `seconds` of normal-hour at 400 Hz, replayed WARM_UP times and
 * WARM_UP + MEASURED times by the bundled replay script (`folder`: for its own files). The
 * trace, the bundle and the folder are removed after.
 */
export async function warmAndMeasured<Count>(seconds: number, count: (bundle: string, trace: string, replays: number, folder: string) => Promise<Count>): Promise<[Count, Count]> {
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-instructions-"));
  const trace = join(folder, "normal-hour.csv");
  writeFileSync(trace, scenarioTrace(normalHour(seconds)));
  const bundle = await bundleScript(join(root, "bench", "instructions-replay.ts"), "instructions-replay");
  try {
    return await Promise.all([count(bundle.file, trace, WARM_UP, folder), count(bundle.file, trace, WARM_UP + MEASURED, folder)]);
  } finally {
    bundle.remove();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Instructions valgrind counted in `node <bundle> <trace> <replays>`. `profile`: callgrind's
 * per-function counts are kept in that file, and V8 writes its perf map (/tmp/perf-<pid>.map,
 * the process's id returned) to name its compiled code (see instruction-profile.ts).
 */
export function instructionsOf(bundle: string, trace: string, replays: number, profile?: string): Promise<{ instructions: number; pid: number }> {
  return new Promise((resolve, reject) => {
    // The perf map also makes V8 write its log, by default as isolate-*.log in the working
    // directory (the repository): kept beside the profile, whose folder is removed after.
    const perfMap = profile ? ["--perf-basic-prof", "--no-logfile-per-isolate", `--logfile=${profile}.v8.log`] : [];
    const node = [process.execPath, "--predictable", "--hash-seed=1", "--random-seed=1", ...perfMap];
    const child = spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${profile ?? "/dev/null"}`, ...node, bundle, trace, String(replays)], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const collected = /Collected\s*:\s*(\d+)/.exec(stderr);
      if (code !== 0 || !collected) reject(new Error(`benchmark: the replay under valgrind failed (${code}): ${stderr.trim().split("\n").pop()}`));
      else resolve({ instructions: Number(collected[1]), pid: child.pid! });
    });
  });
}
