/**
 * `liftwatch export [--config f] [--out events.jsonl]`: the box's event log from its journal,
 * ending with a signed checkpoint of its head (the journal's last, or one signed for the export),
 * for `liftwatch verify` and for a claim.
 */
import { existsSync } from "node:fs";
import type { Config } from "../firmware/config/schema.ts";
import { InputError } from "../firmware/config/input-error.ts";
import { loadDeviceKeys } from "../firmware/evidence/keys.ts";
import { evidenceKeyFiles } from "../firmware/journal/box-journal.ts";
import { Journal } from "../firmware/journal/journal.ts";
import { journalFiles, refuseOverwriting } from "./output.ts";

export async function exportCommand(config: Config, options: { out?: string; config?: string }): Promise<number> {
  const file = config.journal.file;
  refuseOverwriting({ "--out": options.out }, { "--config": options.config, "calibration.file": config.calibration.file, ...journalFiles(config) });
  if (!existsSync(file)) throw new InputError(`journal.file: ${file}: no journal there`);
  const keys = loadDeviceKeys(evidenceKeyFiles(config, file));
  const journal = Journal.open({ file, deviceId: config.device.id, keys });
  try {
    journal.joinCurrentBoot();
    // A checkpoint this signs is dated on the box's clocks at the latest the journal recorded
    // (this process's uptime is no time of the box's), or at the start of the current boot.
    journal.useTime(() => journal.lastRecordedTime() ?? { at: { mono_ms: 0, wall: new Date().toISOString() }, time_quality: "unsynchronised" });
    const counts = await journal.export(options.out ?? process.stdout);
    process.stderr.write(`exported ${counts.events} events (${counts.pruned} pruned), ${counts.checkpoints} checkpoints from ${file}\n`);
    return 0;
  } finally {
    journal.close();
  }
}
