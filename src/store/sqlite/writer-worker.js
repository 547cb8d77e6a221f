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
 * `{ kind: 'written', result }` per write, in order, once it is committed (writes that waited
 * for the thread together share one transaction: see `waiting`);
 * `{ kind: 'autocheckpoint', pages }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareWriteStatements, splitBatchResult, startBatch, writeBatch } from './write-batch.js';
import { applyWriteSettings } from './write-settings.js';

/** @type {{ path: string, busyTimeoutMs: number, autocheckpointPages: number, maxMergedAppends: number }} */
const { path, busyTimeoutMs, autocheckpointPages, maxMergedAppends } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// The file exists, in WAL mode, with its schema: the main connection opened it first.
const db = new Database(path, { fileMustExist: true });
applyWriteSettings(db, busyTimeoutMs);
db.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
const stmts = prepareWriteStatements(db);
port.postMessage({ kind: 'ready' });
/** The batch whose last append's events are still coming. @type {import('./write-batch.js').OpenBatch | undefined} */
let open;
/**
 * Whole batches that came while the thread was busy, oldest first. They are written together,
 * up to `maxMergedAppends` appends to a transaction, and answered one by one: the thread goes
 * from one commit to the next without waiting for the main thread, busy with requests, to take
 * the answer and hand over what gathered meanwhile, and a commit still carries all of it.
 * @type {import('./write-batch.js').EncodedAppend[][]}
 */
const waiting = [];
let writeScheduled = false;

port.on('message', (/** @type {{ kind: string, appends?: any, lastIds?: string[], events?: any, dropLast?: boolean, pages?: number }} */ message) => {
  if (message.kind === 'write' && !message.lastIds) {
    waiting.push(message.appends);
    // Once every message already here has been taken: all of them join the transaction.
    if (!writeScheduled) setImmediate(writeWaiting);
    writeScheduled = true;
    return;
  }
  // Anything else comes after the batches handed over before it.
  writeWaiting();
  switch (message.kind) {
    case 'write':
      open = startBatch(db, stmts, message.appends, Date.now(), message.lastIds);
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

function writeWaiting() {
  writeScheduled = false;
  while (waiting.length > 0) {
    // The oldest batch, and those after it that fit with it.
    let take = 0;
    let appends = 0;
    for (const batch of waiting) {
      if (take > 0 && appends + batch.length > maxMergedAppends) break;
      appends += batch.length;
      take++;
    }
    const batches = waiting.splice(0, take);
    const result = writeBatch(db, stmts, batches.flat(), Date.now());
    for (const answer of splitBatchResult(result, batches.map((batch) => batch.length))) {
      port.postMessage({ kind: 'written', result: answer });
    }
  }
}
