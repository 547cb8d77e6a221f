import { END, FORWARDS, START, type ReadAllOptions, type RecordedEvent } from '../contract.js';
import { validateReadAllOptions } from '../validate-input.js';
import { readAhead } from './read-ahead.js';
import { READ_PAGE_SIZE } from './read-stream.js';
import { MAX_INT64, positionOf, toRecordedEvent, type Statements, type StoredEventRow } from './statements.js';

export interface ReadAllEngineOptions {
  /** The database file; undefined for `:memory:`, which no other connection can read. */
  path: string | undefined;
  /**
   * Forward reads of at least this many events read ahead on a worker thread (see
   * read-ahead.ts); shorter ones are not worth starting a thread for.
   * @defaultValue READ_AHEAD_MIN_EVENTS
   */
  readAheadMinEvents?: number;
  /** Counts events delivered by the worker (a test seam: see sqliteInternals). */
  readAheadStats?: { events: number };
}

/** Starting a worker costs about as much as reading ten thousand events here. */
export const READ_AHEAD_MIN_EVENTS = 50_000;

export async function* readAll(
  stmts: Statements,
  options: ReadAllOptions | undefined,
  engine: ReadAllEngineOptions,
): AsyncGenerator<RecordedEvent> {
  for await (const page of readAllPages(stmts, options, engine)) yield* page;
}

/**
 * The whole log, lazily, a page at a time with keyset pagination on position. Between pages
 * other appends may commit; forwards they are simply read too (positions only grow), and
 * backwards the read stays below where it started.
 */
export async function* readAllPages(
  stmts: Statements,
  options: ReadAllOptions | undefined,
  engine: ReadAllEngineOptions,
): AsyncGenerator<RecordedEvent[]> {
  const { from, direction, maxCount } = validateReadAllOptions(options);
  const forwards = direction === FORWARDS;
  if (forwards && from === END) return;
  let cursor = from === START ? 0n : from === END ? MAX_INT64 : from;
  let remaining = maxCount;
  if (forwards && engine.path !== undefined && worthReadingAhead(stmts, cursor, remaining, engine)) {
    // The worker may stop early (it failed, or a page did not parse): read on from there here.
    const delivered = { last: cursor - 1n };
    for await (const page of readAhead({ path: engine.path, from: cursor, maxCount: remaining }, delivered)) {
      remaining -= page.length;
      if (engine.readAheadStats) engine.readAheadStats.events += page.length;
      yield page;
    }
    cursor = delivered.last + 1n;
  }
  while (remaining > 0) {
    const limit = Math.min(READ_PAGE_SIZE, remaining);
    const rows = forwards ? stmts.allForward.all(cursor, limit) : stmts.allBackward.all(cursor, limit);
    yield* decodedPage(rows);
    remaining -= rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < limit) return;
    cursor = forwards ? positionOf(last) + 1n : positionOf(last) - 1n;
  }
}

function worthReadingAhead(stmts: Statements, cursor: bigint, remaining: number, engine: ReadAllEngineOptions): boolean {
  const minEvents = engine.readAheadMinEvents ?? READ_AHEAD_MIN_EVENTS;
  if (remaining < minEvents) return false;
  const head = stmts.head.get()?.position ?? 0n;
  return Number(head - cursor + 1n) >= minEvents;
}

/**
 * A page's rows as events; a row that does not decode (damaged data) fails the read only after
 * the events before it are handed over, so a damaged row is met where it lies.
 */
function* decodedPage(rows: readonly StoredEventRow[]): Generator<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  try {
    for (const row of rows) events.push(toRecordedEvent(row));
  } catch (error) {
    if (events.length > 0) yield events;
    throw error;
  }
  if (events.length > 0) yield events;
}
