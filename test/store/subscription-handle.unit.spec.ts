import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/store/index.js';
import { createSubscriptionHandle } from '../../src/store/subscription-handle.js';

/** A source that never yields until aborted, and then still does not: a slow engine. */
function silentSource(): AsyncIterator<RecordedEvent> {
  return { next: () => new Promise<never>(() => undefined) };
}

describe('subscription handle', () => {
  it('given calls of next() waiting on a silent source, when unsubscribed, then each is released as done', async () => {
    const subscription = createSubscriptionHandle(silentSource);
    const iterator = subscription[Symbol.asyncIterator]();
    const waiting = [iterator.next(), iterator.next()];
    await subscription.unsubscribe();
    expect(await Promise.all(waiting)).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('given a source that fails, when next() is called, then it rejects with the source error', async () => {
    const failing = createSubscriptionHandle(() => ({ next: () => Promise.reject(new Error('engine gone')) }));
    await expect(failing[Symbol.asyncIterator]().next()).rejects.toThrow('engine gone');
    const throwing = createSubscriptionHandle(() => {
      throw new Error('cannot start');
    });
    await expect(throwing[Symbol.asyncIterator]().next()).rejects.toThrow('cannot start');
  });

  it('given unsubscribe, then the source is told through its signal and onEnd runs once', async () => {
    let signal: AbortSignal | undefined;
    let ended = 0;
    const subscription = createSubscriptionHandle(
      (given) => {
        signal = given;
        return silentSource();
      },
      () => (ended += 1),
    );
    void subscription[Symbol.asyncIterator]().next();
    await subscription.unsubscribe();
    await subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    expect(ended).toBe(1);
  });
});
