import { describe, expect, it } from 'vitest';
import { InvalidStoreInputError, openEventStore, StoreUnavailableError } from '../../../src/store/index.js';
import { closedPort } from '../../support/closed-port.js';

describe('esdb engine without a reachable server', () => {
  it('every call fails as StoreUnavailableError; bad input is refused before any network call', async () => {
    const store = await openEventStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`, { maxEventBytes: 100 });
    expect(store.engine).toBe('esdb');
    expect(store.integrity).toBeUndefined();
    const unavailable = async (call: () => Promise<unknown>) => expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
    const drain = async (iterable: AsyncIterable<unknown>) => {
      for await (const _ of iterable);
    };
    await unavailable(() => store.appendToStream('claim-1', [{ id: 'a', type: 'T', data: {} }]));
    await unavailable(() => drain(store.readStream('claim-1')));
    await unavailable(() => drain(store.readAll()));
    await unavailable(() => store.headPosition());
    await expect(
      store.appendToStream('claim-1', [{ id: 'a', type: 'T', data: { blob: 'x'.repeat(200) } }]),
    ).rejects.toBeInstanceOf(InvalidStoreInputError);
    await store.close();
  });
});
