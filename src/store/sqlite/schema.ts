import type Database from 'better-sqlite3';

/**
 * Versioned migrations; the version lives in `PRAGMA user_version`. A migration only ever
 * appends to this list: the index + 1 is the version it brings the file to.
 */
const MIGRATIONS: readonly string[] = [
  // v1: the log. `position` is the rowid (global order, gapless, assigned head + 1 inside the
  // write transaction). UNIQUE(stream_id, revision) doubles as the index for per-stream reads
  // and the current-revision lookup; UNIQUE(stream_id, event_id) makes idempotency exact.
  // `chain_head` repeats the last hash so that verify() also notices a truncated tail.
  `
  CREATE TABLE events (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    event_id  TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    created   TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    UNIQUE (stream_id, revision),
    UNIQUE (stream_id, event_id)
  ) STRICT;
  CREATE TABLE chain_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    hash     TEXT    NOT NULL
  ) STRICT;
  `,
  // v2: no UNIQUE(stream_id, event_id). Ids are checked as EventStoreDB checks them (a retry
  // at the same place, or among a stream's recent events; see write-batch.js), because that
  // index cost every append a random leaf page: ~40% of the append rate at 1M events and a
  // third of POST's (docs/design-notes.md). SQLite cannot drop a table constraint, so the
  // table is copied once, rows and positions unchanged, which leaves the hash chain intact.
  `
  CREATE TABLE events_v2 (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    event_id  TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    created   TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT;
  INSERT INTO events_v2 (position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash)
    SELECT position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash FROM events ORDER BY position;
  DROP TABLE events;
  ALTER TABLE events_v2 RENAME TO events;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file to SCHEMA_VERSION (or to `target`, for a test that needs a file as an
 * older version left it). Runs under BEGIN IMMEDIATE and re-reads the version inside, so two
 * processes opening a new file at once do not both create the tables.
 */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() === target) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = current();
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `the database has schema version ${version}, newer than this ledger understands (${SCHEMA_VERSION}); upgrade the ledger`,
      );
    }
    for (let v = version; v < target; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${target}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
