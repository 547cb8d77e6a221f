import { END, FORWARDS, START, type ReadAllOptions, type RecordedEvent } from '../contract.js';
import { validateReadAllOptions } from '../validate-input.js';
import { READ_PAGE_SIZE } from './read-stream.js';
import { MAX_INT64, positionOf, toRecordedEvent, type Statements } from './statements.js';

/**
 * The whole log, lazily, a page at a time with keyset pagination on position. Between pages
 * other appends may commit; forwards they are simply read too (positions only grow), and
 * backwards the read stays below where it started.
 */
export async function* readAll(stmts: Statements, options?: ReadAllOptions): AsyncGenerator<RecordedEvent> {
  const { from, direction, maxCount } = validateReadAllOptions(options);
  const forwards = direction === FORWARDS;
  if (forwards && from === END) return;
  let cursor = from === START ? 0n : from === END ? MAX_INT64 : from;
  let remaining = maxCount;
  while (remaining > 0) {
    const limit = Math.min(READ_PAGE_SIZE, remaining);
    const rows = forwards ? stmts.allForward.all(cursor, limit) : stmts.allBackward.all(cursor, limit);
    for (const row of rows) yield toRecordedEvent(row);
    remaining -= rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < limit) return;
    cursor = forwards ? positionOf(last) + 1n : positionOf(last) - 1n;
  }
}
