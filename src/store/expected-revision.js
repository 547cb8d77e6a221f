// @ts-check
/**
 * The expected-revision rule every engine applies. Plain JavaScript (typed by JSDoc) because
 * the SQLite engine's writer thread runs it too, and a worker thread loads JavaScript only
 * (see sqlite/writer-worker.js); the constants live here for the same reason and the
 * contract re-exports them.
 */

export const ANY = /** @type {const} */ ('any');
export const NO_STREAM = /** @type {const} */ ('no_stream');
export const STREAM_EXISTS = /** @type {const} */ ('stream_exists');

/** @typedef {typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | bigint} ExpectedRevision */

/**
 * The outcome of checking an append against the stream's current revision.
 * - `append`: write the events after `current`.
 * - `replay`: the caller expected an older revision; the engine must compare the event ids
 *   already stored after it (an idempotent retry succeeds without writing).
 * - `conflict`: WrongExpectedVersion.
 * @typedef {'append' | 'replay' | 'conflict'} RevisionCheck
 */

/**
 * `current` is null for a stream that does not exist.
 * @param {ExpectedRevision} expected
 * @param {bigint | null} current
 * @returns {RevisionCheck}
 */
export function checkExpectedRevision(expected, current) {
  if (expected === ANY) return 'append';
  if (expected === STREAM_EXISTS) return current === null ? 'conflict' : 'append';
  if (expected === NO_STREAM) return current === null ? 'append' : 'replay';
  if (current === null || expected > current) return 'conflict';
  return expected === current ? 'append' : 'replay';
}
