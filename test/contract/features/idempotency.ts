import { describe, expect, it } from 'vitest';
import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '../../../src/store/index.js';
import { anEvent, collect, events, rejectionOf, type ContractContext } from './context.js';

export function idempotencyTests(ctx: ContractContext): void {
  describe('idempotent retry', () => {
    it('re-appending the same ids at the same exact revision succeeds without writing', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('retry-exact');
      await store.appendToStream(stream, events(2));
      const batch = events(3, 2);
      const original = await store.appendToStream(stream, batch, { expectedRevision: 1n });
      const head = await store.headPosition();
      const retried = await store.appendToStream(stream, batch, { expectedRevision: 1n });
      expect(retried).toEqual(original);
      expect(await store.headPosition()).toBe(head);
      expect(await collect(store.readStream(stream))).toHaveLength(5);
    });

    it('a NO_STREAM retry of the first append succeeds, even after the stream grew', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('retry-new');
      const batch = events(2);
      const original = await store.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
      await store.appendToStream(stream, events(3, 2), { expectedRevision: 1n });
      const retried = await store.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
      expect(retried).toEqual(original);
      expect(await collect(store.readStream(stream))).toHaveLength(5);
    });

    it('ANY and STREAM_EXISTS retries of a recent append succeed without writing', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('retry-any');
      await store.appendToStream(stream, events(1));
      const batch = events(2, 1);
      const original = await store.appendToStream(stream, batch, { expectedRevision: ANY });
      expect(await store.appendToStream(stream, batch, { expectedRevision: ANY })).toEqual(original);
      expect(await store.appendToStream(stream, batch, { expectedRevision: STREAM_EXISTS })).toEqual(original);
      expect(await collect(store.readStream(stream))).toHaveLength(3);
    });

    it('a retry whose ids only partly match what follows the revision is a conflict', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('retry-partial');
      const [first, second] = events(2);
      await store.appendToStream(stream, [first!, second!], { expectedRevision: NO_STREAM });
      const error = await rejectionOf(
        store.appendToStream(stream, [first!, anEvent()], { expectedRevision: NO_STREAM }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      const longer = await rejectionOf(
        store.appendToStream(stream, [first!, second!, anEvent()], { expectedRevision: NO_STREAM }),
      );
      expect(longer).toBeInstanceOf(WrongExpectedVersionError);
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });
  });
}
