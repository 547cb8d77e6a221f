// @ts-check
/**
 * The writer thread of a store that appends a lot (see writer-thread.ts): it runs each batch
 * of the group commit (write-batch.js) on its own connection, so that the main thread goes on
 * parsing, deciding and answering requests while SQLite writes the WAL and syncs it, or waits
 * for another process's write lock. Plain JavaScript for the same reason as
 * read-ahead-worker.js.
 *
 * Messages in:
 * - `{ kind: 'write', appends, lastIds? }`: with `lastIds`, the last append's events follow
 *   as `{ kind: 'part', events }` messages and then `{ kind: 'end', dropLast }` (write-batch.js,
 *   `startBatch`); the main thread posts them all in one go, so nothing else comes between;
 * - `{ kind: 'autocheckpoint', pages? }`: sets it if given; answered with the value in force;
 * - `{ kind: 'stop' }`.
 *
 * Messages out: `{ kind: 'ready' }` first, once its connection is open; then one
 * `{ kind: 'written', result }` per write, in order, once it is committed;
 * `{ kind: 'autocheckpoint', pages }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareWriteStatements, startBatch, writeBatch } from './write-batch.js';
import { applyWriteSettings } from './write-settings.js';

/** @type {{ path: string, busyTimeoutMs: number, autocheckpointPages: number }} */
const { path, busyTimeoutMs, autocheckpointPages } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// The file exists, in WAL mode, with its schema: the main connection opened it first.
const db = new Database(path, { fileMustExist: true });
applyWriteSettings(db, busyTimeoutMs);
db.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
const stmts = prepareWriteStatements(db);
port.postMessage({ kind: 'ready' });
/** The batch whose last append's events are still coming. @type {import('./write-batch.js').OpenBatch | undefined} */
let open;

port.on('message', (/** @type {{ kind: string, appends?: any, lastIds?: string[], events?: any, dropLast?: boolean, pages?: number }} */ message) => {
  switch (message.kind) {
    case 'write':
      if (message.lastIds) open = startBatch(db, stmts, message.appends, Date.now(), message.lastIds);
      else port.postMessage({ kind: 'written', result: writeBatch(db, stmts, message.appends, Date.now()) });
      break;
    case 'part':
      open?.add(message.events);
      break;
    case 'end':
      if (open) port.postMessage({ kind: 'written', result: open.end(message.dropLast) });
      open = undefined;
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
