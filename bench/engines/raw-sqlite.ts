import Database from 'better-sqlite3';
import { openEventStore } from '../../src/store/index.js';
import type { LoadAppend } from '../load.js';
import { BULK_WINDOW } from './project-appends.js';

/**
 * The embedded engine's own limit, measured with better-sqlite3 directly: the same rows in the
 * same table (created by the product's own migration, so every index the product relies on is
 * there), WAL and synchronous=FULL like the product, but no validation, no per-append checks
 * and no hash chain. JSON text is serialised before the clock starts.
 */
export type RawRow = [position: number, stream: string, revision: number, id: string, type: string, data: string, metadata: string, created: string, prevHash: string, hash: string];

const PLACEHOLDER_HASH = '0'.repeat(64);

/** The rows a log of these appends consists of, positions from 1. */
export function rawRowsOf(appends: readonly LoadAppend[]): RawRow[] {
  const created = new Date().toISOString();
  const rows: RawRow[] = [];
  for (const append of appends) {
    let revision = append.expectedRevision === 'no_stream' ? 0 : Number(append.expectedRevision) + 1;
    for (const event of append.events) {
      rows.push([rows.length + 1, append.stream, revision++, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), created, PLACEHOLDER_HASH, PLACEHOLDER_HASH]);
    }
  }
  return rows;
}

/**
 * A new log file made by the product's own migration, opened by better-sqlite3 directly as the
 * product writes it (WAL, synchronous=FULL), with the one statement a raw insert needs.
 */
export async function openRawLog(path: string): Promise<{ db: Database.Database; insert: Database.Statement<RawRow> }> {
  await (await openEventStore(`sqlite:${path}`)).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare<RawRow>(
    'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return { db, insert };
}

/** Inserts every row in one transaction; returns events per second. */
export async function rawInsertRate(path: string, rows: readonly RawRow[]): Promise<number> {
  const { db, insert } = await openRawLog(path);
  try {
    const started = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(...row);
    })();
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}

/**
 * What the engine alone does as a log grows: a product log's rows read back in position order
 * and inserted into a new file directly, a window of 100 to a durable transaction, as the
 * scaling rows' bulk import commits them (`appendInWindows`). The rows are the very ones the
 * product wrote, hash chain included. Times the inserts alone. Events per second.
 */
export async function rawWindowedCopyRate(from: string, to: string, window = BULK_WINDOW): Promise<number> {
  const source = new Database(from, { readonly: true });
  const { db, insert } = await openRawLog(to);
  try {
    const next = source
      .prepare('SELECT position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .raw(true);
    let after = 0;
    let written = 0;
    let seconds = 0;
    for (let rows = next.all(after, window) as RawRow[]; rows.length > 0; rows = next.all(after, window) as RawRow[]) {
      const started = performance.now();
      db.transaction(() => {
        for (const row of rows) insert.run(...row);
      })();
      seconds += (performance.now() - started) / 1000;
      written += rows.length;
      after = rows[rows.length - 1]![0];
    }
    return written / seconds;
  } finally {
    source.close();
    db.close();
  }
}

/**
 * Reads every event of a product log in position order and parses its JSON: the columns an
 * event consists of (not the hash chain), 1,000 rows a query by keyset, rows as arrays — the
 * fastest way better-sqlite3 offers. Events per second.
 */
export function rawScanRate(path: string): { events: number; seconds: number } {
  const db = new Database(path, { readonly: true });
  try {
    const page = db
      .prepare('SELECT position, stream_id, revision, event_id, type, data, metadata, created FROM events WHERE position > ? ORDER BY position LIMIT 1000')
      .raw(true);
    const started = performance.now();
    let events = 0;
    let after = 0;
    for (;;) {
      const rows = page.all(after) as [number, string, number, string, string, string, string, string][];
      for (const row of rows) {
        JSON.parse(row[5]);
        JSON.parse(row[6]);
      }
      events += rows.length;
      if (rows.length < 1000) break;
      after = rows[rows.length - 1]![0];
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}
