import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors.js';
import { migrate } from './schema.js';
import { applyWriteSettings } from './write-settings.js';

export const MEMORY_PATH = ':memory:';

/** How long a write waits for another process's write lock before failing as unavailable. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface ConnectionOptions {
  /**
   * How long a write waits for another process's write lock before failing as unavailable.
   * @defaultValue 10000
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database file and sets it up for a durable, multi-process
 * log: WAL so readers never block the writer, synchronous=FULL so a commit is on disk before
 * an append resolves, busy_timeout so a second process waits its turn instead of failing.
 */
export function openConnection(path: string, options: ConnectionOptions = {}): Database.Database {
  const memory = path === MEMORY_PATH;
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new StoreUnavailableError(`cannot open the sqlite store at ${path}: ${(error as Error).message}`, 1, error);
  }
  try {
    applyWriteSettings(db, options.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
    if (!memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`cannot switch ${path} to WAL (journal_mode is ${String(mode)})`);
    }
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
