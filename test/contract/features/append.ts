import { describe, expect, it } from 'vitest';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type EventStore,
  type ExpectedRevision,
} from '../../../src/store/index.js';
import { anEvent, collect, events, rejectionOf, type ContractContext } from './context.js';

async function conflictOf(store: EventStore, stream: string, expectedRevision: ExpectedRevision) {
  const error = await rejectionOf(store.appendToStream(stream, [anEvent()], { expectedRevision }));
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  return error as WrongExpectedVersionError;
}

export function appendTests(ctx: ContractContext): void {
  describe('append and expected revision', () => {
    it('NO_STREAM creates a stream at revision 0 with a bigint position', async () => {
      const store = await ctx.open();
      const result = await store.appendToStream(ctx.stream('new'), [anEvent()], { expectedRevision: NO_STREAM });
      expect(result.success).toBe(true);
      expect(result.nextExpectedRevision).toBe(0n);
      expect(typeof result.position).toBe('bigint');
      expect(result.position).toBeGreaterThan(0n);
    });

    it('NO_STREAM on an existing stream is a conflict naming stream, expected and actual', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('exists');
      await store.appendToStream(stream, events(2));
      const error = await conflictOf(store, stream, NO_STREAM);
      expect(error.streamName).toBe(stream);
      expect(error.expected).toBe(NO_STREAM);
      expect(error.actual).toBe(1n);
      expect(error.code).toBe('WRONG_EXPECTED_VERSION');
      expect(error.expectedVersion).toBe(NO_STREAM);
      expect(error.actualVersion).toBe(1n);
    });

    it('STREAM_EXISTS fails on a missing stream (actual no_stream) and appends to an existing one', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('must-exist');
      const error = await conflictOf(store, stream, STREAM_EXISTS);
      expect(error.expected).toBe(STREAM_EXISTS);
      expect(error.actual).toBe(NO_STREAM);
      await store.appendToStream(stream, [anEvent()], { expectedRevision: NO_STREAM });
      const result = await store.appendToStream(stream, [anEvent()], { expectedRevision: STREAM_EXISTS });
      expect(result.nextExpectedRevision).toBe(1n);
    });

    it('ANY (the default) creates and extends a stream', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('any');
      expect((await store.appendToStream(stream, [anEvent()], { expectedRevision: ANY })).nextExpectedRevision).toBe(0n);
      expect((await store.appendToStream(stream, [anEvent()])).nextExpectedRevision).toBe(1n);
    });

    it('an exact revision appends when it matches and conflicts when ahead, behind or on no stream', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('exact');
      const missing = await conflictOf(store, stream, 0n);
      expect(missing.expected).toBe(0n);
      expect(missing.actual).toBe(NO_STREAM);
      await store.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      const ahead = await conflictOf(store, stream, 5n);
      expect([ahead.streamName, ahead.expected, ahead.actual]).toEqual([stream, 5n, 1n]);
      const behind = await conflictOf(store, stream, 0n);
      expect([behind.expected, behind.actual]).toEqual([0n, 1n]);
      const ok = await store.appendToStream(stream, events(3), { expectedRevision: 1n });
      expect(ok.nextExpectedRevision).toBe(4n);
    });

    it('a multi-event append gets consecutive revisions and increasing positions', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('multi');
      const result = await store.appendToStream(stream, events(5));
      const stored = await collect(store.readStream(stream));
      expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(stored.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
      for (let i = 1; i < stored.length; i++) expect(stored[i]!.position).toBeGreaterThan(stored[i - 1]!.position);
      expect(result.nextExpectedRevision).toBe(4n);
      expect(result.position).toBe(stored[4]!.position);
    });

    it('positions grow across streams in commit order and recorded time never goes back', async () => {
      const store = await ctx.open();
      const a = ctx.stream('order-a');
      const b = ctx.stream('order-b');
      const first = await store.appendToStream(a, [anEvent()]);
      const second = await store.appendToStream(b, [anEvent()]);
      const third = await store.appendToStream(a, [anEvent()]);
      expect(second.position).toBeGreaterThan(first.position);
      expect(third.position).toBeGreaterThan(second.position);
      const all = await collect(store.readAll({ fromPosition: first.position }));
      expect(all.map((e) => e.position)).toEqual([first.position, second.position, third.position]);
      for (let i = 1; i < all.length; i++) {
        expect(all[i]!.created.getTime()).toBeGreaterThanOrEqual(all[i - 1]!.created.getTime());
      }
      expect(all[0]!.created).toBeInstanceOf(Date);
      expect(Math.abs(all[0]!.created.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('a conflicting multi-event append writes none of its events', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('atomic-conflict');
      await store.appendToStream(stream, events(1));
      const head = await store.headPosition();
      await conflictOf(store, stream, 3n);
      await rejectionOf(store.appendToStream(stream, events(4), { expectedRevision: NO_STREAM }));
      expect(await store.headPosition()).toBe(head);
      expect(await collect(store.readStream(stream))).toHaveLength(1);
    });
  });
}
