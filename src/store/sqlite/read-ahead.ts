import { Worker } from 'node:worker_threads';
import type { JsonObject, JsonValue, RecordedEvent } from '../contract.js';
import { createdDate } from './statements.js';

/**
 * A long forward read with the SQLite work on another thread. Stepping SQLite and turning
 * its rows into strings is over half the cost of reading a large log; a worker thread does
 * that on its own read-only connection, a few pages ahead, while this thread parses each
 * page and hands events on (a rebuild folds them meanwhile). Reads of a WAL database see
 * whole commits only, and positions are gapless, so the pages are what the main connection
 * would have read.
 */
export interface ReadAheadOptions {
  path: string;
  /** First position to read. */
  from: bigint;
  maxCount: number;
  /** @defaultValue 1000 */
  pageSize?: number;
  /** Pages the worker may have read before this thread takes them. @defaultValue PAGES_AHEAD */
  pagesAhead?: number;
  /** How many distinct stream ids and types are sent once and then by number. @defaultValue 131072 */
  maxRepeated?: number;
  /** Largest page text, in bytes as V8 holds it (one or two a character). @defaultValue MAX_PAGE_BYTES */
  maxPageBytes?: number;
}

/**
 * Each page's text stays under V8's largest ordinary object (128 KiB), however many rows that
 * leaves it. This thread's copy of a text is then made in the young generation and goes at
 * the next scavenge. A larger text goes to large-object space instead, and the few that are
 * still being parsed or waiting when a scavenge comes are moved to the old generation, which
 * only a full collection frees: at a million events, ~120 MB of old texts lay there when the
 * fold ended, and the collection they brought on fell in the views. Pages of 120,000 bytes
 * against pages of 1,000 rows (~540 KB) of the benchmark's log: the fold and the views 9.03
 * against 9.73 s, means of six alternating runs, and every pair faster.
 */
export const MAX_PAGE_BYTES = 120_000;

/**
 * How far the worker may read ahead: ~3,500 of the benchmark's rows, ~2 MB of text. A page
 * of at most MAX_PAGE_BYTES holds ~220 rows, a few milliseconds of this thread's folding, so
 * the 4 pages once allowed (when a page was 1,000 rows) left the two threads little slack:
 * over a 1M-event fold the worker sat idle for 2 s waiting for this thread to take pages,
 * while this thread waited 1.2 s for pages. Folding the benchmark's 1M-event log: 5.92
 * against 5.66 s, means of thirteen alternating runs, every one faster, with this thread's
 * CPU time unchanged; 48 pages did no better.
 */
export const PAGES_AHEAD = 16;

type PageRow = [
  position: number | string,
  streamId: string | number,
  type: string | number,
  revision: number | string,
  id: string,
  data: JsonValue,
  metadata: JsonObject,
  created: string,
];

/**
 * What the worker reads: each row's position, stream id and type, and the rest of its JSON
 * text as SQLite writes it (the stored data and metadata are JSON text already). Building
 * that text in JavaScript from five more columns, each made a string first, took the worker
 * ~1.7 s of a 1M-event read.
 */
const READ_AHEAD_SQL =
  `SELECT position, stream_id, type, ',' || ` +
  `CASE WHEN revision > ${Number.MAX_SAFE_INTEGER} THEN '"' || revision || '"' ELSE revision END || ',' || ` +
  `json_quote(event_id) || ',' || data || ',' || metadata || ',' || json_quote(created) || ']' ` +
  `FROM events WHERE position >= ? ORDER BY position LIMIT ?`;

const WORKER_URL = new URL('./read-ahead-worker.js', import.meta.url);

/**
 * Yields the events in order, a page at a time (one async step per page, not per event),
 * keeping `delivered.last` at the last position handed over. Ends early, without an error,
 * when the worker fails or a page does not parse: the caller reads on from there on its own
 * connection, and so meets any real problem (a damaged row) where it lies.
 */
export async function* readAhead(options: ReadAheadOptions, delivered: { last: bigint }): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? 1_000;
  const pagesAhead = options.pagesAhead ?? PAGES_AHEAD;
  const maxRepeated = options.maxRepeated ?? MAX_REPEATED;
  const maxPageBytes = options.maxPageBytes ?? MAX_PAGE_BYTES;
  const repeated = new RepeatedValues(maxRepeated);
  const pages = new PageQueue();
  const worker = new Worker(WORKER_URL, {
    workerData: { path: options.path, sql: READ_AHEAD_SQL, from: options.from, maxCount: options.maxCount, pageSize, pagesAhead, maxRepeated, maxPageBytes },
    // Plain JavaScript: it needs none of the loaders (tsx) the parent may run under.
    execArgv: [],
    stderr: true,
  });
  worker.on('message', (page: string | null) => pages.push(page));
  worker.on('error', (error) => pages.fail(error));
  worker.on('exit', () => pages.push(null));
  worker.stderr.resume();
  try {
    for (;;) {
      const text = await pages.next();
      if (text === null) return;
      worker.postMessage(1);
      let rows: PageRow[];
      try {
        rows = JSON.parse(text) as PageRow[];
      } catch {
        return;
      }
      const events: RecordedEvent[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i += 1) {
        const [position, streamId, type, revision, id, data, metadata, created] = rows[i]!;
        events[i] = {
          streamId: repeated.take(streamId),
          id,
          revision: BigInt(revision),
          position: BigInt(position),
          type: repeated.take(type),
          data,
          metadata,
          created: createdDate(created),
        };
      }
      yield events;
      delivered.last = events[events.length - 1]!.position;
    }
  } catch {
    return;
  } finally {
    await worker.terminate();
  }
}

/**
 * Enough for every stream of most logs; beyond it new stream ids come as text each time,
 * which costs only speed, while the table on each side stays a few MB.
 */
const MAX_REPEATED = 131_072;

/**
 * The reader's half of the worker's numbering (see read-ahead-worker.js): the first time a
 * value is written it comes as text and takes the next number, while numbers are left.
 */
class RepeatedValues {
  private readonly values: string[] = [];

  constructor(private readonly max: number) {}

  take(written: string | number): string {
    if (typeof written === 'number') {
      const value = this.values[written];
      // Never a guess: the read then goes on on the caller's own connection.
      if (value === undefined) throw new Error(`read-ahead: no value was numbered ${written}`);
      return value;
    }
    if (this.values.length < this.max) this.values.push(written);
    return written;
  }
}

/** Pages as the worker posts them, taken in turn; a failure ends the queue. */
class PageQueue {
  private readonly ready: (string | null)[] = [];
  private waiting: ((page: string | null) => void) | undefined;
  private ended = false;

  push(page: string | null): void {
    if (this.ended) return;
    if (page === null) this.ended = true;
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = undefined;
      wake(page);
    } else this.ready.push(page);
  }

  /** The reader goes on on its own thread from where the worker stopped, so the error itself is not needed. */
  fail(_error: unknown): void {
    this.push(null);
  }

  next(): Promise<string | null> {
    if (this.ready.length > 0) return Promise.resolve(this.ready.shift()!);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}
