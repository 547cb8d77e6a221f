import { END, FORWARDS, START, type ReadStreamOptions, type RecordedEvent } from '../contract.js';
import { StreamNotFoundError } from '../errors.js';
import { validateReadStreamOptions, validateStreamName } from '../validate-input.js';
import { MAX_INT64, revisionOf, toRecordedEvent, type Statements } from './statements.js';

/** Rows fetched per query; the most a read holds in memory at once. */
export const READ_PAGE_SIZE = 500;

/**
 * One stream, lazily, a page at a time with keyset pagination on (stream_id, revision):
 * each page is a fresh indexed query from the last revision seen, never an OFFSET scan.
 * Nothing is queried until the first `next()`; a missing stream throws there.
 */
export async function* readStream(
  stmts: Statements,
  streamName: string,
  options?: ReadStreamOptions,
): AsyncGenerator<RecordedEvent> {
  const name = validateStreamName(streamName);
  const { from, direction, maxCount } = validateReadStreamOptions(options);
  const forwards = direction === FORWARDS;
  const exists = () => stmts.streamExists.get(name) !== undefined;
  let cursor = from === START ? 0n : from === END ? MAX_INT64 : from;
  if (from === END && forwards) {
    // Forwards from the end is an empty read, but a missing stream is still an error.
    if (!exists()) throw new StreamNotFoundError(name);
    return;
  }
  let remaining = maxCount;
  let first = true;
  while (true) {
    const limit = Math.min(READ_PAGE_SIZE, remaining);
    const rows =
      limit === 0 ? [] : forwards ? stmts.streamForward.all(name, cursor, limit) : stmts.streamBackward.all(name, cursor, limit);
    if (first && rows.length === 0 && !exists()) throw new StreamNotFoundError(name);
    first = false;
    for (const row of rows) yield toRecordedEvent(row);
    remaining -= rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < limit || remaining <= 0) return;
    if (!forwards && revisionOf(last) === 0n) return;
    cursor = forwards ? revisionOf(last) + 1n : revisionOf(last) - 1n;
  }
}
