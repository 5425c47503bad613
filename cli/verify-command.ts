/** `liftwatch verify <events.jsonl> --key <public-key.pem> [--device <id>]`: firmware/evidence/verify.ts. */
import { located, printable } from "../firmware/config/input-error.ts";
import { readTextFile } from "../firmware/config/yaml-file.ts";
import { loadPublicKey } from "../firmware/evidence/keys.ts";
import { verifyExport } from "../firmware/evidence/verify.ts";

/** One line either way; the exit code: 0 good log, 1 bad log (bad input throws InputError → 2). */
export function verifyCommand(file: string, options: { key: string; device?: string }): number {
  const publicKey = loadPublicKey(options.key);
  const text = readTextFile(file, "event log");
  const verdict = verifyExport(text, { publicKey, deviceId: options.device });
  if (!verdict.ok) {
    process.stderr.write(`${printable(located(file, verdict.line, verdict.problem.message))}\n`);
    return 1;
  }
  const { events, pruned, checkpoints, head } = verdict.summary;
  process.stdout.write(`ok: ${events} events${pruned > 0 ? ` (+${pruned} pruned)` : ""}, ${checkpoints} checkpoints, head ${head}\n`);
  return 0;
}
