import type Database from 'better-sqlite3';
import type { RecordedEvent, JsonObject, JsonValue } from '../contract.js';
import { HEAD_SQL } from './write-batch.js';

/** A row of `events` as better-sqlite3 returns it with safe integers on. */
export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  created: string;
  prev_hash: string;
  hash: string;
}

/**
 * The columns an event is read back from (everything but the hash chain), as an array in
 * EVENT_COLUMNS order: better-sqlite3 builds an array per row faster than an object, and a
 * rebuild reads a million of them.
 */
export type StoredEventRow = [
  position: bigint,
  streamId: string,
  revision: bigint,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  created: string,
];

/**
 * Reads select these rather than `*`: the two 64-character hashes are only for verify(), and
 * materialising them for every row read costs a tenth of a full read.
 */
const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, created';

/** The log forwards from a position, a page at a time (the read-ahead worker has its own query: read-ahead.ts). */
export const ALL_FORWARD_SQL = `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`;

export interface HeadRow {
  position: bigint;
  hash: string;
  created: string;
}

/** Largest value an INTEGER column holds: "from the end" for backward reads. */
export const MAX_INT64 = 9223372036854775807n;

/**
 * Every statement the engine runs, prepared once per connection. Integers come back as
 * bigint (safeIntegers) so positions and revisions never lose precision.
 */
export function prepareStatements(db: Database.Database) {
  const prepare = <Row = unknown>(sql: string) => db.prepare<unknown[], Row>(sql).safeIntegers(true);
  const prepareRaw = (sql: string) => db.prepare<unknown[], StoredEventRow>(sql).safeIntegers(true).raw(true);
  return {
    streamExists: prepare<{ found: bigint }>('SELECT 1 AS found FROM events WHERE stream_id = ? LIMIT 1'),
    streamForward: prepareRaw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    streamBackward: prepareRaw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    allForward: prepareRaw(ALL_FORWARD_SQL),
    allBackward: prepareRaw(`SELECT ${EVENT_COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`),
    /** Whole rows, hashes included, for verify(). */
    chainForward: prepare<EventRow>('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?'),
    head: prepare<HeadRow>(HEAD_SQL),
    chainHead: prepare<{ position: bigint; hash: string }>('SELECT position, hash FROM chain_head WHERE id = 1'),
    /** Changes whenever another connection commits (see change-feed.ts); a plain number. */
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Rows of one commit share their `created` text: it is parsed once, not once per row. */
let lastCreated = '';
let lastCreatedTime = 0;

/** A row's recorded time, as a Date of its own (callers may change theirs). */
export function createdDate(created: string): Date {
  if (created !== lastCreated) {
    lastCreated = created;
    lastCreatedTime = Date.parse(created);
  }
  return new Date(lastCreatedTime);
}

export function toRecordedEvent([position, streamId, revision, id, type, data, metadata, created]: StoredEventRow): RecordedEvent {
  return {
    streamId,
    id,
    revision,
    position,
    type,
    data: JSON.parse(data) as JsonValue,
    metadata: JSON.parse(metadata) as JsonObject,
    created: createdDate(created),
  };
}

/** Position and revision of a row read by one of the event statements. */
export const positionOf = (row: StoredEventRow): bigint => row[0];
export const revisionOf = (row: StoredEventRow): bigint => row[2];
