/**
 * The commissioning page's token record: where it is, and reading it. Apart from the page so
 * that `config check` can look for it without loading the server.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "../config/schema.ts";
import { COMMISSIONING_TOKEN_FILE, commissioningRecordSchema, type CommissioningRecord } from "../security/commissioning-token.ts";

/** The token record's file: configured, else beside the provisioned evidence key. */
export function tokenFile(config: Config): string | undefined {
  const { token_file } = config.commissioning;
  if (token_file !== undefined) return token_file;
  return config.journal.evidence_key === undefined ? undefined : join(dirname(config.journal.evidence_key), COMMISSIONING_TOKEN_FILE);
}

export function readTokenRecord(file: string): CommissioningRecord {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read the commissioning token record (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not JSON (expected the commissioning-token.json of liftwatch provision --device)`);
  }
  const result = commissioningRecordSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue.path.join(".") || "(record)"}: ${issue.message} (expected the commissioning-token.json of liftwatch provision --device)`);
  }
  return result.data;
}
