// @ts-check
/**
 * The WAL checkpointer thread of a store that writes (see checkpointer.ts): on its own
 * connection it copies committed pages from the WAL back into the database file, so that the
 * thread committing appends never waits for that copy and its fsync. Plain JavaScript for the
 * same reason as read-ahead-worker.js.
 *
 * PASSIVE checkpoints never block the writer or readers: each copies what no reader still
 * needs, and SQLite starts the WAL over once all of it has been copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ path: string, intervalMs: number }} */
const { path, intervalMs } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

const db = new Database(path, { fileMustExist: true });
// The database file is synced before the WAL is reused: a checkpoint never loses a commit.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 1000');

function checkpoint() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or briefly unavailable: the next tick tries again, and the writer's own
    // automatic checkpoint still bounds the WAL.
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.close();
});
