import { END, START, type RecordedEvent, type SubscribeToAllOptions, type Subscription } from '../contract.js';
import { createSubscriptionHandle } from '../subscription-handle.js';
import { validateSubscribeOptions } from '../validate-input.js';
import type { ChangeFeed } from './change-feed.js';
import { READ_PAGE_SIZE } from './read-stream.js';
import { positionOf, toRecordedEvent, type Statements } from './statements.js';

/**
 * Catch-up then live, as one loop: read the next page after the last delivered position;
 * when there is none, wait for the change feed and read again. Catch-up and live are the same
 * query, so the switch between them can neither skip nor repeat an event: positions are
 * gapless and a commit becomes visible all at once.
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
    while (!signal.aborted) {
      const seen = feed.version();
      const rows = stmts.allForward.all(last + 1n, READ_PAGE_SIZE);
      if (rows.length === 0) {
        await feed.changedSince(seen, signal);
        continue;
      }
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
