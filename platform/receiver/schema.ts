/**
 * The receiver's own durable store (SQLite). Several receiver processes on one host may
 * share the file: WAL lets readers and one writer work together, busy_timeout makes a
 * writer wait for another's transaction instead of failing, and synchronous=FULL means a
 * committed event is on disk before it is acknowledged to the box.
 */
import type Database from "better-sqlite3";

export const BUSY_TIMEOUT_MS = 10_000;

export function configure(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(SCHEMA);
}

const SCHEMA = `
-- One row per event, once: (device_id, seq) is the deduplication key. record is the
-- canonical JSON as signed (sig included), so digest = sha256(record) can be rechecked.
CREATE TABLE IF NOT EXISTS events (
  device_id   TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  boot        INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  insured     INTEGER NOT NULL,
  prev_digest TEXT    NOT NULL,
  digest      TEXT    NOT NULL,
  record      TEXT    NOT NULL,
  received_at TEXT    NOT NULL,
  receiver    TEXT    NOT NULL,
  chain_break INTEGER NOT NULL DEFAULT 0, -- 1: kept as evidence, but its chain link does not hold
  PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;

-- Signed checkpoints, once each (by digest).
CREATE TABLE IF NOT EXISTS checkpoints (
  device_id   TEXT    NOT NULL,
  digest      TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  boot        INTEGER NOT NULL,
  head        TEXT    NOT NULL,
  record      TEXT    NOT NULL,
  received_at TEXT    NOT NULL,
  PRIMARY KEY (device_id, digest)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS checkpoints_by_seq ON checkpoints (device_id, seq);

-- Calibration records, once each (by digest of the canonical record, sig included): a box
-- sends the one in force at every connect, so the same record comes many times.
CREATE TABLE IF NOT EXISTS calibrations (
  device_id     TEXT NOT NULL,
  digest        TEXT NOT NULL,
  calibrated_at TEXT NOT NULL,
  record        TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  PRIMARY KEY (device_id, digest)
) WITHOUT ROWID;

-- What was refused and why, once per distinct payload (a box resends until acknowledged).
CREATE TABLE IF NOT EXISTS rejected (
  payload_digest TEXT    PRIMARY KEY,
  topic          TEXT    NOT NULL,
  device_id      TEXT,
  seq            INTEGER,
  reason         TEXT    NOT NULL,
  payload        BLOB    NOT NULL,
  first_at       TEXT    NOT NULL,
  last_at        TEXT    NOT NULL,
  times          INTEGER NOT NULL DEFAULT 1
);

-- Problems with stored evidence that someone must look at: chain_break, boot_backwards,
-- conflicting_record, checkpoint_mismatch.
CREATE TABLE IF NOT EXISTS findings (
  id        INTEGER PRIMARY KEY,
  device_id TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  kind      TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  found_at  TEXT    NOT NULL,
  UNIQUE (device_id, seq, kind, message)
);

-- Each boot of each device, with the first seq seen from it.
CREATE TABLE IF NOT EXISTS boots (
  device_id TEXT    NOT NULL,
  boot      INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  seen_at   TEXT    NOT NULL,
  PRIMARY KEY (device_id, boot)
) WITHOUT ROWID;
`;
