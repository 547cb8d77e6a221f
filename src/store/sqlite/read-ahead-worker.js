// @ts-check
/**
 * The read-ahead thread of a long forward read (see read-ahead.ts): it steps SQLite through
 * the log on its own connection and posts each page as one JSON text, so that the main thread
 * only parses. Plain JavaScript because a worker thread loads its file directly, and Node 20
 * cannot load a TypeScript file into a worker under a loader such as tsx (tests, benchmark).
 *
 * Messages in: a number, more pages the reader is ready for. Messages out: a page of JSON
 * text, `[[position, streamId, type, revision, id, data, metadata, created], …]`, of at most
 * `pageSize` rows and `maxPageBytes` bytes as V8 holds it (see read-ahead.ts), then `null`
 * at the end. The query (READ_AHEAD_SQL) writes each row's text from its revision on; this
 * thread adds the position, stream id and type. Positions and revisions beyond 2^53 are
 * written as strings, so none loses precision; the reader turns either back into a bigint.
 *
 * A stream id or type already written in this read is written as its number in the order
 * they were first written (see RepeatedValues in read-ahead.ts). The reader then hands on one
 * string per stream: a fold keeps each stream's revision in a map, and a string it has seen
 * is hashed once and found by identity, where a fresh copy per event was hashed and compared
 * in full every time (~4% of the fold of a million events, measured alone).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ path: string, sql: string, from: bigint, maxCount: number, pageSize: number, pagesAhead: number, maxRepeated: number, maxPageBytes: number }} */
const { path, sql, from, maxCount, pageSize, pagesAhead, maxRepeated, maxPageBytes } = workerData;
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

/** Numbers of the stream ids and types written so far, up to `maxRepeated` of them. */
const written = new Map();

/** @param {string} value */
const repeatable = (value) => {
  const number = written.get(value);
  if (number !== undefined) return number;
  if (written.size < maxRepeated) written.set(value, written.size);
  return JSON.stringify(value);
};

/**
 * Takes back the numbers a row gave out (those from `first` on) when the row is left for the
 * next page, so that nothing is numbered that the reader has not seen written.
 * @param {number} first
 * @param {string[]} values
 */
const unnumber = (first, ...values) => {
  for (const value of values) if (written.get(value) >= first) written.delete(value);
};

/**
 * Whether a text has a character beyond Latin-1. V8 then holds the whole string at two bytes
 * a character, so such a page reaches the limit in half as many characters.
 */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

function pump() {
  while (credits > 0 && !finished) {
    const limit = Math.min(pageSize, remaining);
    let text = '[';
    let count = 0;
    let wide = false;
    let full = false;
    for (const row of page.iterate(cursor, limit)) {
      const [position, streamId, type, rest] = /** @type {[bigint, string, string, string]} */ (row);
      const numbers = written.size;
      const rowText = `[${integer(position)},${repeatable(streamId)},${repeatable(type)}${rest}`;
      /** @type {boolean} */
      const pageWide = wide || BEYOND_LATIN1.test(rowText);
      // A row that would take the page past the limit starts the next one (its query reads it
      // again); a row over the limit on its own makes a page of one.
      if (count > 0 && (text.length + rowText.length + 2) * (pageWide ? 2 : 1) > maxPageBytes) {
        unnumber(numbers, streamId, type);
        full = true;
        break;
      }
      text += count > 0 ? `,${rowText}` : rowText;
      wide = pageWide;
      count += 1;
      cursor = position + 1n;
    }
    if (count > 0) {
      port.postMessage(`${text}]`);
      credits -= 1;
      remaining -= count;
    }
    if (count === 0 || (count < limit && !full) || remaining <= 0) {
      finished = true;
      db.close();
      port.postMessage(null);
      // Nothing more will be asked. Closed, the port lets the thread end once its pages are
      // delivered, its heap with it (~50 MB of RSS near the end of a 1M-event read), while
      // the reader is still parsing the last of them, rather than when the reader is done.
      port.close();
      return;
    }
  }
}

port.on('message', (more) => {
  credits += Number(more);
  pump();
});
pump();
