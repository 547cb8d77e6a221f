import type { RecordedEvent, Subscription } from './contract.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Wraps an engine's event source as a `Subscription`. The source gets an AbortSignal that
 * fires on `unsubscribe()`; meanwhile any pending `next()` resolves as done at once, so a
 * consumer blocked waiting for live events is released even if the source is slow to notice.
 * One consumer per subscription: iterating it twice shares the same cursor.
 */
export function createSubscriptionHandle(
  source: (signal: AbortSignal) => AsyncIterator<RecordedEvent>,
  onEnd?: () => void,
): Subscription {
  const controller = new AbortController();
  let iterator: AsyncIterator<RecordedEvent> | undefined;
  const stopped = new Promise<IteratorReturnResult<undefined>>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(DONE), { once: true });
  });

  const unsubscribe = async (): Promise<void> => {
    if (controller.signal.aborted) return;
    controller.abort();
    onEnd?.();
    // Not awaited: a generator still parked on a slow source would hold unsubscribe() hostage.
    iterator?.return?.().catch(() => undefined);
  };

  const events: AsyncIterator<RecordedEvent> = {
    next: async () => {
      if (controller.signal.aborted) return DONE;
      iterator ??= source(controller.signal);
      return Promise.race([iterator.next(), stopped]);
    },
    return: async () => {
      await unsubscribe();
      return DONE;
    },
  };

  return {
    [Symbol.asyncIterator]: () => events,
    unsubscribe,
  };
}
