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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file to SCHEMA_VERSION. Runs under BEGIN IMMEDIATE and re-reads the version
 * inside, so two processes opening a new file at once do not both create the tables.
 */
export function migrate(db: Database.Database): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = current();
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `the database has schema version ${version}, newer than this ledger understands (${SCHEMA_VERSION}); upgrade the ledger`,
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
