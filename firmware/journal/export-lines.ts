/**
 * The journal's event log as JSON lines: envelopes in seq order, each checkpoint after the
 * event it covers, a signed stub where a body was evicted. Paged by key, so the database
 * is free between pages while the stream drains.
 */
import type { Writable } from "node:stream";
import type Database from "better-sqlite3";
import { canonicalJson } from "../evidence/canonical.ts";
import type { PrunedEvent } from "../evidence/seal.ts";
import { guarded } from "./failure.ts";

interface Row {
  seq: number;
  part: number;
  id: number;
  text: string | null;
  prev_digest: string;
  digest: string;
}

/** Up to event `end.seq` and checkpoint `end.id`; `stub` signs what stands for an evicted body. */
export async function writeExportLines(
  database: Database.Database,
  stream: Writable,
  end: { id: number; seq: number },
  stub: (row: { seq: number; prev_digest: string; digest: string }) => PrunedEvent,
): Promise<{ events: number; pruned: number; checkpoints: number }> {
  const counts = { events: 0, pruned: 0, checkpoints: 0 };
  const page = database.prepare(
    `SELECT * FROM (
       SELECT e.seq, 0 AS part, e.seq AS id, b.envelope AS text, e.prev_digest, e.digest FROM events e LEFT JOIN event_bodies b ON b.seq = e.seq WHERE e.seq <= @endSeq
       UNION ALL
       SELECT seq, 1 AS part, id, record AS text, NULL, NULL FROM checkpoints WHERE id <= @endId
     ) WHERE (seq, part, id) > (@seq, @part, @id) ORDER BY seq, part, id LIMIT 500`,
  );
  let after = { seq: -1, part: 0, id: 0 };
  for (;;) {
    const rows = guarded("exporting", () => page.all({ endSeq: end.seq, endId: end.id, ...after })) as Row[];
    if (rows.length === 0) return counts;
    let chunk = "";
    for (const row of rows) {
      if (row.part === 1) counts.checkpoints += 1;
      else if (row.text === null) counts.pruned += 1;
      else counts.events += 1;
      chunk += `${row.text ?? canonicalJson(stub(row))}\n`;
    }
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once("drain", resolve));
    const last = rows[rows.length - 1];
    after = { seq: last.seq, part: last.part, id: last.id };
  }
}
