import type { AllStreamResolvedEvent, Position, ReadPosition } from '@eventstore/db-client';
import { END, START, type RecordedEvent, type SubscribeToAllOptions, type Subscription } from '../contract.js';
import { StoreUnavailableError } from '../errors.js';
import { createSubscriptionHandle } from '../subscription-handle.js';
import { validateSubscribeOptions } from '../validate-input.js';
import { mapEsdbError } from './map-errors.js';
import { toRecordedEvent } from './to-recorded-event.js';

/** One server-side catch-up subscription, as the client hands it out. */
export interface LiveSource extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
}

/** What the subscription needs from the client; narrow so a test can stand in for the server. */
export interface SubscribeDeps {
  /** A catch-up subscription to $all, exclusive of `from`, system events filtered out. */
  open(from: ReadPosition): LiveSource;
  /** Position of the last record in $all (system ones included), null when it is empty. */
  lastPosition(): Promise<Position | null>;
}

export interface ResubscribeOptions {
  /**
   * Wait before the first resubscription after a drop; doubles on each further failure.
   * @defaultValue 100
   */
  initialDelayMs?: number;
  /**
   * Longest wait between resubscriptions.
   * @defaultValue 5000
   */
  maxDelayMs?: number;
}

/**
 * Catch-up then live over `$all`. The client's subscriptions do not survive a dropped
 * connection, so this one resubscribes by itself after a retryable failure (StoreUnavailable
 * after mapping), with exponential backoff, from the last position it delivered — the start
 * is exclusive, so nothing is delivered twice, and a position guard drops anything at or
 * before it should the server replay. Other errors end the iteration by throwing.
 *
 * `END` is pinned to a concrete position as soon as this is called, so a resubscription
 * before any event arrived still starts where the first one did.
 */
export function subscribeToAll(
  deps: SubscribeDeps,
  options: SubscribeToAllOptions | undefined,
  retry: ResubscribeOptions = {},
): Subscription {
  const from = validateSubscribeOptions(options);
  const initialDelay = retry.initialDelayMs ?? 100;
  const maxDelay = retry.maxDelayMs ?? 5000;
  const delay = (failures: number) => Math.min(maxDelay, initialDelay * 2 ** failures);
  const resolveStart = (): Promise<ReadPosition> =>
    from === START
      ? Promise.resolve(START)
      : from === END
        ? deps.lastPosition().then((position) => position ?? START)
        : Promise.resolve({ commit: from, prepare: from });
  // Asked now rather than at the first next(), so END means "after what exists at this call".
  const eagerStart = resolveStart();
  eagerStart.catch(() => undefined); // handled in startPosition(), not an unhandled rejection

  /** The start, retried like a dropped subscription while the server cannot be reached. */
  async function startPosition(signal: AbortSignal): Promise<ReadPosition> {
    let attempt = eagerStart;
    for (let failures = 0; ; failures++) {
      try {
        return await attempt;
      } catch (error) {
        const mapped = mapEsdbError(error);
        if (!(mapped instanceof StoreUnavailableError) || signal.aborted) throw mapped;
        await sleep(delay(failures), signal);
        attempt = resolveStart();
      }
    }
  }

  async function* events(signal: AbortSignal): AsyncGenerator<RecordedEvent> {
    let position = await startPosition(signal);
    let last: bigint | null = position === START ? null : (position as Position).commit;
    let failures = 0;
    while (!signal.aborted) {
      const source = deps.open(position);
      const stop = () => void source.unsubscribe().catch(() => undefined);
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const resolved of source) {
          const event = toRecordedEvent(resolved);
          if (resolved.event?.position) position = resolved.event.position;
          if (!event || (last !== null && event.position <= last)) continue;
          last = event.position;
          failures = 0;
          yield event;
        }
      } catch (error) {
        if (signal.aborted) return;
        const mapped = mapEsdbError(error);
        if (!(mapped instanceof StoreUnavailableError)) throw mapped;
      } finally {
        signal.removeEventListener('abort', stop);
        if (!signal.aborted) stop();
      }
      // Reaching here means the subscription dropped (an error, or an end we did not ask for).
      await sleep(delay(failures), signal);
      failures++;
    }
  }

  return createSubscriptionHandle(events);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
