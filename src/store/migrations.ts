import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; strictly increasing from 1. */
  version: number;
  sql: string;
}

/**
 * The schema, append-only: never edit a shipped migration, add a new version instead.
 *
 * Index notes (checked with EXPLAIN QUERY PLAN in tests/store/query-plan.test.ts): every secondary index
 * implicitly ends with the rowid (`id`), so `deliveries_status (status)` already yields rows of one status
 * newest-first without a sort, and `deliveries_channel_status (channel, status)` does the same per channel.
 * `deliveries_due` serves claimDue (status, channel, next_attempt_at), nextDueAt, recovery and requeue.
 * countByStatus reads the tiny `delivery_counts` table, kept exact by triggers in the same transaction
 * as each write, so `crier status` costs the same on 1 M rows as on 10.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE articles (
  id         TEXT PRIMARY KEY,
  key        TEXT NOT NULL UNIQUE,
  title      TEXT NOT NULL,
  url        TEXT,
  source     TEXT NOT NULL,
  json       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  article_id      TEXT NOT NULL REFERENCES articles(id),
  channel         TEXT NOT NULL,
  platform        TEXT NOT NULL,
  status          TEXT NOT NULL
    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped', 'dry-run')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  scheduled_at    INTEGER NOT NULL,
  last_error_kind TEXT,
  last_error      TEXT,
  remote_id       TEXT,
  remote_url      TEXT,
  post_json       TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  UNIQUE (article_id, channel)
);

CREATE INDEX deliveries_due ON deliveries (status, channel, next_attempt_at);
CREATE INDEX deliveries_status ON deliveries (status);
CREATE INDEX deliveries_channel_status ON deliveries (channel, status);
CREATE INDEX deliveries_channel_scheduled ON deliveries (channel, scheduled_at);

CREATE TABLE delivery_counts (
  channel TEXT NOT NULL,
  status  TEXT NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (channel, status)
) WITHOUT ROWID;

CREATE TRIGGER deliveries_count_insert AFTER INSERT ON deliveries BEGIN
  INSERT INTO delivery_counts (channel, status, count) VALUES (NEW.channel, NEW.status, 1)
    ON CONFLICT (channel, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER deliveries_count_delete AFTER DELETE ON deliveries BEGIN
  UPDATE delivery_counts SET count = count - 1 WHERE channel = OLD.channel AND status = OLD.status;
END;

CREATE TRIGGER deliveries_count_update AFTER UPDATE OF status, channel ON deliveries
  WHEN OLD.status IS NOT NEW.status OR OLD.channel IS NOT NEW.channel BEGIN
  UPDATE delivery_counts SET count = count - 1 WHERE channel = OLD.channel AND status = OLD.status;
  INSERT INTO delivery_counts (channel, status, count) VALUES (NEW.channel, NEW.status, 1)
    ON CONFLICT (channel, status) DO UPDATE SET count = count + 1;
END;

CREATE TABLE feed_state (
  url             TEXT PRIMARY KEY,
  etag            TEXT,
  last_modified   TEXT,
  last_poll_at    INTEGER,
  last_success_at INTEGER,
  error_count     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_poll_at    INTEGER,
  primed          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feed_items (
  feed_url TEXT NOT NULL,
  item_key TEXT NOT NULL,
  seen_at  INTEGER NOT NULL,
  PRIMARY KEY (feed_url, item_key)
) WITHOUT ROWID;
`,
  },
];

/**
 * Connection settings, applied on every open (they are per connection, not stored in the file).
 *
 * `synchronous = FULL`: in WAL mode NORMAL already survives a crash of the process, but a power loss or
 * kernel panic can drop the last commits. For the outbox that could mean a row we marked `sending` (and
 * then posted) reverts to `queued` and is posted twice, or a `sent` mark is lost. FULL fsyncs the WAL on
 * every commit; at a few writes per post the cost is irrelevant.
 */
export function configure(db: Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/**
 * Applies every migration newer than `PRAGMA user_version`, each in its own transaction together with
 * the version bump, so a crash mid-migration leaves the previous version intact. Returns the version.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StoreError(
      file,
      `database schema version ${current} is newer than this crier understands (${latest}); ` +
        'upgrade crier, or move the file aside to start fresh',
    );
  }
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    db.transaction(() => {
      // Re-read under the write lock: another process (the service and a CLI command) may have migrated
      // between our first read and BEGIN IMMEDIATE.
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; the version is a number from this file.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }).immediate();
  }
  return Math.max(current, latest);
}
