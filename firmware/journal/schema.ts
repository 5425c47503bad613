/**
 * The journal's tables, as numbered migrations applied in order (PRAGMA user_version says
 * how many ran). Add a migration; never edit one that has shipped.
 */
import type BetterSqlite3 from "better-sqlite3";

const migrations: string[] = [
  `
  -- device_id, boot counter, telemetry shed counter
  CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) STRICT;

  -- One row per event, forever: the chain's links. The body lives apart so that evicting
  -- an acknowledged non-insured event's body frees whole pages and leaves the link.
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    boot INTEGER NOT NULL,
    insured INTEGER NOT NULL,
    prev_digest TEXT NOT NULL,
    digest TEXT NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX events_unacknowledged ON events (seq) WHERE acknowledged = 0;
  -- the sealed envelope as canonical JSON, exactly the bytes that were signed and published
  CREATE TABLE event_bodies (
    seq INTEGER PRIMARY KEY REFERENCES events (seq),
    envelope TEXT NOT NULL
  ) STRICT;

  CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    digest TEXT NOT NULL,
    record TEXT NOT NULL
  ) STRICT;
  CREATE INDEX checkpoints_by_seq ON checkpoints (seq, id);

  -- Trips and status snapshots: sheddable, oldest first, when storage runs short.
  CREATE TABLE telemetry (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  -- Raw sensor samples, content-addressed; after_seq: the last event seq when it was stored.
  CREATE TABLE windows (
    digest TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    after_seq INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE event_windows (
    seq INTEGER NOT NULL REFERENCES events (seq),
    digest TEXT NOT NULL REFERENCES windows (digest),
    PRIMARY KEY (digest, seq)
  ) STRICT;
  `,
  `
  -- Refused remote commands and other security records: evidence too, never evicted.
  CREATE TABLE security (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  -- the counter of the last remote command accepted: a command must carry a higher one
  INSERT OR IGNORE INTO meta (key, value) VALUES ('command_counter', 0);
  `,
];

export function migrate(database: BetterSqlite3.Database): void {
  const applied = database.pragma("user_version", { simple: true }) as number;
  for (let index = applied; index < migrations.length; index += 1) {
    database.transaction(() => {
      database.exec(migrations[index]);
      database.pragma(`user_version = ${index + 1}`);
    })();
  }
}
