/**
 * Run under valgrind by instructions.ts: a trace file replayed through the pipeline `replays`
 * times in one process, so that two runs differing only in `replays` differ by the pipeline's
 * own work (start-up, parsing and the warming-up replays cancel out).
 *
 *   node instructions-replay.mjs <trace.csv> <replays>
 */
import { readFileSync } from "node:fs";
import { configFromMetadata, replayTrace } from "../firmware/replay/replay.ts";
import { parseTrace } from "../firmware/replay/trace.ts";

const [file, replays] = process.argv.slice(2);
const trace = parseTrace(readFileSync(file, "utf8"), file);
const config = configFromMetadata(trace, file);
for (let index = 0; index < Number(replays); index++) replayTrace(trace, config);
