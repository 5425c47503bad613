/** `liftwatch replay <trace.csv> [--config f] [--out f]`: ../shared/spec/trace-format.md. */
import { loadConfig } from "../firmware/config/load.ts";
import type { DetectionRecord } from "../firmware/frame.ts";
import { contractRecord } from "../firmware/replay/contract-record.ts";
import { configFromMetadata, replayFrames } from "../firmware/replay/replay.ts";
import { readTraceFile } from "../firmware/replay/trace-file.ts";
import { jsonLines, refuseOverwriting, writeFileAtomically } from "./output.ts";

export function replayCommand(traceFile: string, options: { config?: string; out?: string }): void {
  refuseOverwriting({ "--out": options.out }, { "the trace": traceFile, "--config": options.config });
  // Read as it is replayed: a long trace is more than memory holds (see trace-file.ts).
  const trace = readTraceFile(traceFile);
  const config = options.config !== undefined ? loadConfig(options.config) : configFromMetadata(trace, traceFile);
  const records = replayFrames(trace.frames(), trace.fitted, config).map((record) => rounded(contractRecord(record)));
  const text = jsonLines(records);
  if (options.out !== undefined) writeFileAtomically(options.out, text);
  else process.stdout.write(text);
}

/** Times to 0.1 ms: the trace's own resolution is 10 µs, the firmware's estimate far coarser. */
function rounded(record: DetectionRecord): DetectionRecord {
  const round = (value: unknown) => (typeof value === "number" ? Math.round(value * 1e4) / 1e4 : value);
  return { ...record, t: round(record.t) as number, onset: round(record.onset) as number, ...("start" in record ? { start: round(record.start), end: round(record.end) } : {}) };
}
