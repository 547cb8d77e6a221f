import { END, START, type RecordedEvent, type SubscribeToAllOptions, type Subscription } from '../contract.js';
import { createSubscriptionHandle } from '../subscription-handle.js';
import { validateSubscribeOptions } from '../validate-input.js';
import type { ChangeFeed } from './change-feed.js';
import { READ_PAGE_SIZE } from './read-stream.js';
import { positionOf, toRecordedEvent, type Statements } from './statements.js';

/**
 * Catch-up then live, as one loop: read the next page after the last delivered position (or
 * take it from the commit this process just made); when there is none, wait for the change
 * feed and read again. Catch-up and live are the same query, so the switch between them can
 * neither skip nor repeat an event: positions are gapless and a commit becomes visible all at
 * once.
 *
 * The start is resolved now, synchronously: with `END`, every event committed after this call
 * returns is delivered.
 */
export function subscribeToAll(
  stmts: Statements,
  feed: ChangeFeed,
  options: SubscribeToAllOptions | undefined,
  onEnd: (subscription: Subscription) => void,
): Subscription {
  const from = validateSubscribeOptions(options);
  const after = from === START ? 0n : from === END ? (stmts.head.get()?.position ?? 0n) : from;

  async function* events(signal: AbortSignal): AsyncGenerator<RecordedEvent> {
    let last = after;
    /** The change feed's version as it was before the log was last read. */
    let read = feed.version();
    /** Whether the rows just delivered came from this process's commit, not from a read. */
    let handedOver = false;
    while (!signal.aborted) {
      let rows = feed.committedFrom(last + 1n);
      if (rows === undefined && handedOver) {
        // Whatever else may have been committed since the last read (another process's
        // commit) changed the version since then: the poll wakes this wait for it, as does
        // this process's next commit. Reading now would mostly find nothing.
        handedOver = false;
        await feed.changedSince(read, signal);
        continue;
      }
      if (rows === undefined) {
        read = feed.version();
        rows = stmts.allForward.all(last + 1n, READ_PAGE_SIZE);
        if (rows.length === 0) {
          await feed.changedSince(read, signal);
          continue;
        }
      } else handedOver = true;
      for (const row of rows) {
        if (signal.aborted) return;
        last = positionOf(row);
        yield toRecordedEvent(row);
      }
    }
  }

  const subscription: Subscription = createSubscriptionHandle(events, () => onEnd(subscription));
  return subscription;
}
