// @ts-check
/**
 * The read-ahead thread of a long forward read (see read-ahead.ts): it steps SQLite through
 * the log on its own connection and posts each page as one JSON text, so that the main thread
 * only parses. Plain JavaScript because a worker thread loads its file directly, and Node 20
 * cannot load a TypeScript file into a worker under a loader such as tsx (tests, benchmark).
 *
 * Messages in: a number, more pages the reader is ready for. Messages out: a page of JSON
 * text, `[[position, streamId, revision, id, type, data, metadata, created], …]`, then `null`
 * at the end. Positions and revisions beyond 2^53 are written as strings, so none loses
 * precision; the reader turns either back into a bigint.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ path: string, sql: string, from: bigint, maxCount: number, pageSize: number, pagesAhead: number }} */
const { path, sql, from, maxCount, pageSize, pagesAhead } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

const db = new Database(path, { readonly: true, fileMustExist: true });
const page = db.prepare(sql).safeIntegers(true).raw(true);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

let cursor = from;
let remaining = maxCount;
let credits = pagesAhead;
let finished = false;

/** @param {bigint} n */
const integer = (n) => (n <= MAX_SAFE ? `${n}` : `"${n}"`);

function pump() {
  while (credits > 0 && !finished) {
    const rows = /** @type {[bigint, string, bigint, string, string, string, string, string][]} */ (
      page.all(cursor, Math.min(pageSize, remaining))
    );
    let text = '[';
    for (let i = 0; i < rows.length; i += 1) {
      const [position, streamId, revision, id, type, data, metadata, created] = /** @type {typeof rows[number]} */ (rows[i]);
      if (i > 0) text += ',';
      text += `[${integer(position)},${JSON.stringify(streamId)},${integer(revision)},${JSON.stringify(id)},${JSON.stringify(type)},${data},${metadata},${JSON.stringify(created)}]`;
    }
    text += ']';
    if (rows.length > 0) {
      port.postMessage(text);
      credits -= 1;
      remaining -= rows.length;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize || remaining <= 0) {
      finished = true;
      db.close();
      port.postMessage(null);
      return;
    }
    cursor = last[0] + 1n;
  }
}

port.on('message', (more) => {
  credits += Number(more);
  pump();
});
pump();
