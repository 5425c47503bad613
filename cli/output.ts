/**
 * Writing results so that a failure never leaves a half-written file that looks like
 * success: write beside the target, then rename over it.
 */
export { cannotWrite, writeFileAtomically, writeFileAtomicallyBy } from "../firmware/files/atomic-write.ts";

export function jsonLines(records: unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join("\n") + (records.length > 0 ? "\n" : "");
}
