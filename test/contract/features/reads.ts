import { describe, expect, it } from 'vitest';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type RecordedEvent,
} from '../../../src/store/index.js';
import { anEvent, collect, events, iterationError, type ContractContext } from './context.js';

const revisions = (read: RecordedEvent[]) => read.map((e) => e.revision);

export function readStreamTests(ctx: ContractContext): void {
  describe('readStream', () => {
    it('reads forwards and backwards, from a revision (inclusive), with maxCount', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('read');
      await store.appendToStream(stream, events(6));
      expect(revisions(await collect(store.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
      expect(revisions(await collect(store.readStream(stream, { fromRevision: 3n })))).toEqual([3n, 4n, 5n]);
      expect(revisions(await collect(store.readStream(stream, { fromRevision: 1n, maxCount: 2 })))).toEqual([1n, 2n]);
      expect(revisions(await collect(store.readStream(stream, { direction: BACKWARDS })))).toEqual([5n, 4n, 3n, 2n, 1n, 0n]);
      expect(revisions(await collect(store.readStream(stream, { direction: BACKWARDS, fromRevision: 3n })))).toEqual([3n, 2n, 1n, 0n]);
      expect(
        revisions(await collect(store.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 2n }))),
      ).toEqual([5n, 4n]);
      expect(revisions(await collect(store.readStream(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 })))).toEqual([0n]);
      expect(await collect(store.readStream(stream, { fromRevision: 6n }))).toEqual([]);
    });

    it('pages through a stream longer than any page, in order both ways', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('long');
      for (let i = 0; i < 3; i++) await store.appendToStream(stream, events(450, i * 450));
      const forwards = await collect(store.readStream(stream));
      expect(forwards.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 1350 }, (_, i) => i));
      const backwards = await collect(store.readStream(stream, { direction: BACKWARDS, fromRevision: 1200n }));
      expect(revisions(backwards)).toEqual(Array.from({ length: 1201 }, (_, i) => BigInt(1200 - i)));
      expect(await collect(store.readStream(stream, { fromRevision: 499n, maxCount: 502 }))).toHaveLength(502);
    });

    it('a missing stream throws StreamNotFoundError when iterated, not when called', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('missing');
      const read = store.readStream(stream);
      const error = await iterationError(read);
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect((error as StreamNotFoundError).streamName).toBe(stream);
      expect(await iterationError(store.readStream(stream, { direction: BACKWARDS }))).toBeInstanceOf(StreamNotFoundError);
    });

    it('keeps unicode and punctuation in stream names, types and data exactly', async () => {
      const store = await ctx.open();
      const names = [
        ctx.stream('claim-ünïcödé-✓-日本語-🙂'),
        ctx.stream(`punct !"#%&'()*+,./:;<=>?@[\\]^_\`{|}~ $`),
      ];
      for (const name of names) {
        const data = { text: 'Ünïcödé ✓ 日本語 🙂 "quoted" \\ back', n: -1.5e-7, list: [1, null, true, 'x'], nested: { a: { b: [] } } };
        await store.appendToStream(name, [{ id: anEvent().id, type: 'Typé-✓', data, metadata: { who: 'ç', n: 1 } }]);
        const [read] = await collect(store.readStream(name));
        expect(read!.streamId).toBe(name);
        expect(read!.type).toBe('Typé-✓');
        expect(read!.data).toEqual(data);
        expect(read!.metadata).toEqual({ who: 'ç', n: 1 });
      }
      const all = await collect(store.readAll({ direction: BACKWARDS, maxCount: 2 }));
      expect(all.map((e) => e.streamId).reverse()).toEqual(names);
    });

    it('returns what was appended: id, type, data of any JSON kind, metadata ({} when absent)', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('roundtrip');
      const written = [
        { id: anEvent().id, type: 'Obj', data: { a: 1, b: 'two', c: [3], d: null, e: false } },
        { id: anEvent().id, type: 'Str', data: 'just a string' },
        { id: anEvent().id, type: 'Arr', data: [1, 'two', { three: 3 }], metadata: { source: 'test', tags: ['x'] } },
        { id: 'not-a-uuid:claim/1', type: 'Num', data: 42.5 },
      ];
      await store.appendToStream(stream, written);
      const read = await collect(store.readStream(stream));
      expect(read.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }))).toEqual(
        written.map((e) => ({ ...e, metadata: e.metadata ?? {} })),
      );
      expect(read.every((e) => e.streamId === stream && e.created instanceof Date)).toBe(true);
    });
  });
}
