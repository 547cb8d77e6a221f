import { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision } from './contract.js';

/**
 * The outcome of checking an append against the stream's current revision.
 * - `append`: write the events after `current`.
 * - `replay`: the caller expected an older revision; the engine must compare the event ids
 *   already stored after it (an idempotent retry succeeds without writing).
 * - `conflict`: WrongExpectedVersion.
 */
export type RevisionCheck = 'append' | 'replay' | 'conflict';

/** The one rule every engine applies. `current` is null for a stream that does not exist. */
export function checkExpectedRevision(
  expected: ExpectedRevision,
  current: bigint | null,
): RevisionCheck {
  if (expected === ANY) return 'append';
  if (expected === STREAM_EXISTS) return current === null ? 'conflict' : 'append';
  if (expected === NO_STREAM) return current === null ? 'append' : 'replay';
  if (current === null || expected > current) return 'conflict';
  return expected === current ? 'append' : 'replay';
}
