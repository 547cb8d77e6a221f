import type Database from 'better-sqlite3';
import type { JsonObject, JsonValue } from '../../../src/store/contract.js';
import { chainHash } from '../../../src/store/sqlite/hash-chain.js';

/** A row of the sqlite store's `events` table, as someone with the file would see it. */
export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  created: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash';

export function rowAt(db: Database.Database, position: number): EventRow {
  const row = db.prepare(`SELECT ${COLUMNS} FROM events WHERE position = ?`).get(position) as EventRow | undefined;
  if (!row) throw new Error(`no row at position ${position}`);
  return row;
}

export function insertRow(db: Database.Database, row: EventRow): void {
  db.prepare(
    `INSERT INTO events (${COLUMNS}) VALUES (@position, @stream_id, @revision, @event_id, @type, @data, @metadata, @created, @prev_hash, @hash)`,
  ).run(row);
}

/** Shifts every row from `from` on by `by` positions, without tripping the primary key. */
export function shiftPositions(db: Database.Database, from: number, by: number): void {
  db.prepare('UPDATE events SET position = -position WHERE position >= ?').run(from);
  db.prepare('UPDATE events SET position = -position + ? WHERE position <= ?').run(by, -from);
}

/** Swaps the rows at two positions (the rows keep their content, hashes included). */
export function swapRows(db: Database.Database, a: number, b: number): void {
  db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
  db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
  db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
}

/** The hash a row should carry, given what it holds now. */
export function hashOfRow(row: EventRow): string {
  return chainHash({
    position: BigInt(row.position),
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonValue,
    metadata: JSON.parse(row.metadata) as JsonObject,
    created: row.created,
    prevHash: row.prev_hash,
  });
}

/**
 * What a forger who knows the algorithm does after editing: re-links every row from `from` to
 * the end and rewrites the recorded chain head, so that the file verifies again. Only a head
 * anchored elsewhere (from /health or `ledger verify --json`) gives this away.
 */
export function relinkFrom(db: Database.Database, from: number): void {
  const last = db.prepare('SELECT max(position) AS last FROM events').get() as { last: number };
  let prevHash = from === 1 ? '0'.repeat(64) : rowAt(db, from - 1).hash;
  for (let position = from; position <= last.last; position++) {
    const row = { ...rowAt(db, position), prev_hash: prevHash };
    row.hash = hashOfRow(row);
    db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?').run(row.prev_hash, row.hash, position);
    prevHash = row.hash;
  }
  db.prepare('UPDATE chain_head SET position = ?, hash = ? WHERE id = 1').run(last.last, prevHash);
}
