// @ts-check
/**
 * The writer thread of a store that appends a lot (see writer-thread.ts): it runs each batch
 * of the group commit (write-batch.js) on its own connection, so that the main thread goes on
 * parsing, deciding and answering requests while SQLite writes the WAL and syncs it, or waits
 * for another process's write lock. Plain JavaScript for the same reason as
 * read-ahead-worker.js.
 *
 * Messages in: `{ kind: 'write', appends }`, `{ kind: 'autocheckpoint', pages? }` (sets it if
 * given; answered with the value in force), `{ kind: 'stop' }`. Messages out: one `{ kind: 'written', result }`
 * per write, in order; `{ kind: 'autocheckpoint', pages }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareWriteStatements, writeBatch } from './write-batch.js';
import { applyWriteSettings } from './write-settings.js';

/** @type {{ path: string, busyTimeoutMs: number, autocheckpointPages: number }} */
const { path, busyTimeoutMs, autocheckpointPages } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// The file exists, in WAL mode, with its schema: the main connection opened it first.
const db = new Database(path, { fileMustExist: true });
applyWriteSettings(db, busyTimeoutMs);
db.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
const stmts = prepareWriteStatements(db);

port.on('message', (/** @type {{ kind: string, appends?: any, pages?: number }} */ message) => {
  switch (message.kind) {
    case 'write':
      port.postMessage({ kind: 'written', result: writeBatch(db, stmts, message.appends, Date.now()) });
      break;
    case 'autocheckpoint':
      if (message.pages !== undefined) db.pragma(`wal_autocheckpoint = ${Number(message.pages)}`);
      port.postMessage({ kind: 'autocheckpoint', pages: db.pragma('wal_autocheckpoint', { simple: true }) });
      break;
    case 'stop':
      db.close();
      port.close();
      break;
  }
});
