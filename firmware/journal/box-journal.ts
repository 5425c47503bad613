/**
 * The journal a box runs with: its evidence key (provisioned, or made beside the journal on
 * first start for a simulated box), held by this box alone, and a new boot counted before
 * anything is raised.
 */
import { InputError } from "../config/input-error.ts";
import type { Config } from "../config/schema.ts";
import { evidenceKeyFiles, loadDeviceKeys, loadOrCreateDeviceKeys, type DeviceKeys, type KeyFiles } from "../evidence/keys.ts";

export { evidenceKeyFiles };
import { Journal, type JournalHealth } from "./journal.ts";
import { holdJournal } from "./journal-lock.ts";

export interface BoxJournal {
  journal: Journal;
  keys: DeviceKeys;
  /** where the public half is, for the platform */
  keyFiles: KeyFiles;
}

export function openBoxJournal(config: Config, file: string, onHealthChange?: (health: JournalHealth) => void): BoxJournal {
  const keyFiles = evidenceKeyFiles(config, file);
  const keys = config.journal.evidence_key ? loadDeviceKeys(keyFiles) : loadOrCreateDeviceKeys(keyFiles);
  const held = holdJournal(file);
  let journal: Journal;
  try {
    journal = Journal.open({
      file,
      deviceId: config.device.id,
      keys,
      budgetBytes: config.journal.budget_mb * 1024 * 1024,
      pageCacheBytes: config.journal.page_cache_kib * 1024,
      checkpointEvery: config.journal.checkpoint_every,
      onHealthChange,
      held,
    });
  } catch (error) {
    held.release();
    throw error;
  }
  // Another box's key, or one replaced: every event it sealed here would fail verification, found
  // only when a claim is checked. A replaced key starts a new journal (the old one exported first).
  if (!journal.signedWith(keys.publicKey)) {
    journal.close();
    throw new InputError(`journal.evidence_key: ${keyFiles.privateKeyFile} is not the key ${file}'s records are signed with (another box's key, or one replaced: export the journal and start a new one)`);
  }
  journal.startBoot();
  return { journal, keys, keyFiles };
}
