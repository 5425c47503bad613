/**
 * Stores checked events and checkpoints, and finds what the chain says about them. Every
 * write is one IMMEDIATE transaction, so two receivers sharing the file never both decide
 * that a neighbour is missing; when a method returns, its transaction is committed.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { CalibrationRecord, Checkpoint } from "../../protocols/contract.ts";
import { canonicalJson, GENESIS_DIGEST, recordDigest, sha256Hex } from "../../firmware/evidence/canonical.ts";
import type { SealedEnvelope } from "../../firmware/evidence/seal.ts";
import { configure } from "./schema.ts";
import { InputError } from "../../firmware/config/input-error.ts";

export type FindingKind = "chain_break" | "boot_backwards" | "conflicting_record" | "checkpoint_mismatch";

export interface Finding {
  deviceId: string;
  seq: number;
  kind: FindingKind;
  message: string;
}

export type EventStoreOutcome =
  | { kind: "stored"; findings: Finding[]; reboot?: { from: number; to: number } }
  | { kind: "duplicate" }
  /** same device and seq, different signed content: the device signed two histories */
  | { kind: "conflict"; findings: Finding[] };

export type CheckpointStoreOutcome = { kind: "stored" | "duplicate"; findings: Finding[] };

interface StoredLink {
  seq: number;
  boot: number;
  prev_digest: string;
  digest: string;
}

export interface Rejection {
  topic: string;
  deviceId?: string;
  seq?: number;
  reason: string;
  payload: Buffer;
}

export class ReceiverStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string, private readonly receiverName: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // A box's journal named by mistake (a copy taken off a box): the store's tables had been
    // added to it before the first insert failed (a field engineer's finding).
    if (this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined) {
      this.db.close();
      throw new InputError(`${file}: a box's journal, not a receiver store (expected a store of the receiver's own, or no file)`);
    }
    configure(this.db);
    const db = this.db;
    this.statements = {
      link: db.prepare<[string, number], StoredLink>("SELECT seq, boot, prev_digest, digest FROM events WHERE device_id = ? AND seq = ?"),
      below: db.prepare<[string, number], StoredLink>("SELECT seq, boot, prev_digest, digest FROM events WHERE device_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1"),
      above: db.prepare<[string, number], StoredLink>("SELECT seq, boot, prev_digest, digest FROM events WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT 1"),
      insertEvent: db.prepare(
        `INSERT INTO events (device_id, seq, boot, event_id, type, insured, prev_digest, digest, record, received_at, receiver)
         VALUES (@device_id, @seq, @boot, @event_id, @type, @insured, @prev_digest, @digest, @record, @received_at, @receiver)`,
      ),
      flagChainBreak: db.prepare("UPDATE events SET chain_break = 1 WHERE device_id = ? AND seq = ?"),
      finding: db.prepare("INSERT OR IGNORE INTO findings (device_id, seq, kind, message, found_at) VALUES (?, ?, ?, ?, ?)"),
      boot: db.prepare(
        `INSERT INTO boots (device_id, boot, first_seq, seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id, boot) DO UPDATE SET first_seq = min(first_seq, excluded.first_seq)`,
      ),
      highestBootBefore: db.prepare<[string, number], { boot: number | null }>("SELECT max(boot) AS boot FROM boots WHERE device_id = ? AND boot < ?"),
      bootKnown: db.prepare<[string, number], { n: number }>("SELECT count(*) AS n FROM boots WHERE device_id = ? AND boot = ?"),
      checkpointHeadsAt: db.prepare<[string, number], { head: string; digest: string }>("SELECT head, digest FROM checkpoints WHERE device_id = ? AND seq = ?"),
      insertCheckpoint: db.prepare(
        `INSERT OR IGNORE INTO checkpoints (device_id, digest, seq, boot, head, record, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertCalibration: db.prepare("INSERT OR IGNORE INTO calibrations (device_id, digest, calibrated_at, record, received_at) VALUES (?, ?, ?, ?, ?)"),
      reject: db.prepare(
        `INSERT INTO rejected (payload_digest, topic, device_id, seq, reason, payload, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (payload_digest) DO UPDATE SET times = times + 1, last_at = excluded.last_at`,
      ),
      devices: db.prepare<[], { device_id: string; highest: number }>("SELECT device_id, max(seq) AS highest FROM events GROUP BY device_id"),
      seqsAbove: db.prepare<[string, number], { seq: number }>("SELECT seq FROM events WHERE device_id = ? AND seq > ? ORDER BY seq"),
    };
  }

  /** Stores a checked (contract and signature) envelope unless (device, seq) is already there. */
  storeEvent(envelope: SealedEnvelope): EventStoreOutcome {
    return this.db.transaction(() => this.storeEventInTransaction(envelope)).immediate();
  }

  /** Several events in one transaction (one disk flush for a burst); outcomes in the same order. */
  storeEvents(envelopes: SealedEnvelope[]): EventStoreOutcome[] {
    return this.db.transaction(() => envelopes.map((envelope) => this.storeEventInTransaction(envelope))).immediate();
  }

  private storeEventInTransaction(envelope: SealedEnvelope): EventStoreOutcome {
    const { device_id: deviceId, seq, boot } = envelope;
    // The stored text and its digest (recordDigest's) from one canonicalisation.
    const record = canonicalJson(envelope);
    const digest = sha256Hex(record);
    const now = new Date().toISOString();
    const existing = this.statements.link.get(deviceId, seq);
    if (existing) {
      if (existing.digest === digest) return { kind: "duplicate" };
      const conflict = this.addFinding({ deviceId, seq, kind: "conflicting_record", message: `a second, different signed record for seq ${seq} (digest ${digest}, stored ${existing.digest})` }, now);
      return { kind: "conflict", findings: [conflict] };
    }
    this.statements.insertEvent.run({
      device_id: deviceId, seq, boot, event_id: envelope.event_id, type: envelope.type, insured: envelope.insured ? 1 : 0,
      prev_digest: envelope.prev_digest, digest, record, received_at: now, receiver: this.receiverName,
    });
    const findings: Finding[] = [];
    const flag = (finding: Finding) => {
      findings.push(this.addFinding(finding, now));
      if (finding.kind === "chain_break") this.statements.flagChainBreak.run(finding.deviceId, finding.seq);
    };

    // The chain can be checked wherever a neighbour is already here; the other side is
    // checked when that neighbour arrives.
    const below = this.statements.below.get(deviceId, seq);
    const above = this.statements.above.get(deviceId, seq);
    if (seq === 1 && envelope.prev_digest !== GENESIS_DIGEST) flag({ deviceId, seq, kind: "chain_break", message: "seq 1 does not start the chain (prev_digest is not 64 zeros)" });
    if (below?.seq === seq - 1 && envelope.prev_digest !== below.digest) flag({ deviceId, seq, kind: "chain_break", message: `prev_digest is not the digest of stored seq ${seq - 1}` });
    if (above?.seq === seq + 1 && above.prev_digest !== digest) flag({ deviceId, seq: seq + 1, kind: "chain_break", message: `prev_digest is not the digest of seq ${seq}` });
    if (below && below.boot > boot) flag({ deviceId, seq, kind: "boot_backwards", message: `boot ${boot} after boot ${below.boot} of seq ${below.seq}` });
    if (above && above.boot < boot) flag({ deviceId, seq: above.seq, kind: "boot_backwards", message: `boot ${above.boot} after boot ${boot} of seq ${seq}` });
    for (const checkpoint of this.statements.checkpointHeadsAt.all(deviceId, seq)) {
      if (checkpoint.head !== digest) flag({ deviceId, seq, kind: "checkpoint_mismatch", message: `checkpoint ${checkpoint.digest} names another head for seq ${seq}` });
    }
    return { kind: "stored", findings, reboot: this.noteBoot(deviceId, boot, seq, now) };
  }

  /** A boot not seen before, above an earlier one, is a reboot. */
  private noteBoot(deviceId: string, boot: number, seq: number, now: string): { from: number; to: number } | undefined {
    const known = this.statements.bootKnown.get(deviceId, boot)!.n > 0;
    this.statements.boot.run(deviceId, boot, seq, now);
    if (known) return undefined;
    const before = this.statements.highestBootBefore.get(deviceId, boot)!.boot;
    return before === null ? undefined : { from: before, to: boot };
  }

  /** Stores a checked (contract and signature) checkpoint and compares it with the events here. */
  storeCheckpoint(checkpoint: Checkpoint): CheckpointStoreOutcome {
    return this.db.transaction((): CheckpointStoreOutcome => {
      const { device_id: deviceId, seq } = checkpoint;
      const digest = recordDigest(checkpoint);
      const now = new Date().toISOString();
      const inserted = this.statements.insertCheckpoint.run(deviceId, digest, seq, checkpoint.boot, checkpoint.head, canonicalJson(checkpoint), now).changes > 0;
      if (!inserted) return { kind: "duplicate", findings: [] };
      const findings: Finding[] = [];
      const mismatch = (message: string) => findings.push(this.addFinding({ deviceId, seq, kind: "checkpoint_mismatch", message }, now));
      if (checkpoint.count !== seq) mismatch(`checkpoint ${digest} counts ${checkpoint.count} events at seq ${seq}`);
      const event = seq > 0 ? this.statements.link.get(deviceId, seq) : undefined;
      const expectedHead = seq === 0 ? GENESIS_DIGEST : event?.digest;
      if (expectedHead !== undefined && checkpoint.head !== expectedHead) mismatch(`checkpoint ${digest} names a head that is not the digest of ${seq === 0 ? "an empty chain" : `stored seq ${seq}`}`);
      return { kind: "stored", findings };
    }).immediate();
  }

  /** Stores a checked (contract and signature) calibration record unless it is already here. */
  storeCalibration(record: CalibrationRecord): "stored" | "duplicate" {
    const inserted = this.statements.insertCalibration.run(record.device_id, recordDigest(record), record.calibrated_at, canonicalJson(record), new Date().toISOString());
    return inserted.changes > 0 ? "stored" : "duplicate";
  }

  /** Kept once per distinct payload, with a count of how often it came. */
  reject(rejection: Rejection): void {
    const now = new Date().toISOString();
    this.statements.reject.run(sha256Hex(rejection.payload), rejection.topic, rejection.deviceId ?? null, rejection.seq ?? null, rejection.reason, rejection.payload, now, now);
  }

  /** Every device with stored events and its highest seq. */
  devices(): { deviceId: string; highest: number }[] {
    return this.statements.devices.all().map((row) => ({ deviceId: row.device_id, highest: row.highest }));
  }

  /** Stored seqs of a device above `seq`, ascending. */
  seqsAbove(deviceId: string, seq: number): number[] {
    return this.statements.seqsAbove.all(deviceId, seq).map((row) => row.seq);
  }

  close(): void {
    this.db.close();
  }

  private addFinding(finding: Finding, now: string): Finding {
    this.statements.finding.run(finding.deviceId, finding.seq, finding.kind, finding.message, now);
    return finding;
  }
}
