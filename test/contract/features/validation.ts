import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_EVENT_BYTES,
  InvalidStoreInputError,
  MAX_EVENT_ID_BYTES,
  MAX_STREAM_NAME_BYTES,
  StreamNotFoundError,
  type EventStore,
} from '../../../src/store/index.js';
import { anEvent, collect, iterationError, rejectionOf, type ContractContext } from './context.js';

/** Calls `append`, expects InvalidStoreInputError at `where`, and checks the log did not move. */
async function refused(store: EventStore, where: string | RegExp, append: () => Promise<unknown>) {
  const head = await store.headPosition();
  const error = await rejectionOf(append());
  expect(error).toBeInstanceOf(InvalidStoreInputError);
  const invalid = error as InvalidStoreInputError;
  expect(invalid.code).toBe('INVALID_STORE_INPUT');
  if (typeof where === 'string') expect(invalid.where).toBe(where);
  else expect(invalid.where).toMatch(where);
  expect(await store.headPosition()).toBe(head);
  return invalid;
}

const cyclic = (): Record<string, unknown> => {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = node;
  return node;
};

export function validationTests(ctx: ContractContext): void {
  describe('bad input is refused before anything is written', () => {
    it('empty, over-long and reserved stream names', async () => {
      const store = await ctx.open();
      await refused(store, 'streamName', () => store.appendToStream('', [anEvent()]));
      // 342 three-byte characters: few characters, but over the limit in UTF-8 bytes.
      const long = '日'.repeat(Math.ceil((MAX_STREAM_NAME_BYTES + 1) / 3));
      const error = await refused(store, 'streamName', () => store.appendToStream(long, [anEvent()]));
      expect(error.message).toMatch(/bytes/);
      await refused(store, 'streamName', () => store.appendToStream('$system', [anEvent()]));
      const longest = `${ctx.stream('max')}-`.padEnd(MAX_STREAM_NAME_BYTES, 'n');
      await expect(store.appendToStream(longest, [anEvent()])).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });

    it('empty or over-long event ids, empty or reserved types, no events at all', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('bad-event');
      await refused(store, 'events[1].id', () => store.appendToStream(stream, [anEvent(), { ...anEvent(), id: '' }]));
      await refused(store, 'events[0].id', () =>
        store.appendToStream(stream, [{ ...anEvent(), id: 'i'.repeat(MAX_EVENT_ID_BYTES + 1) }]),
      );
      await refused(store, 'events[0].type', () => store.appendToStream(stream, [{ ...anEvent(), type: '' }]));
      await refused(store, 'events[0].type', () => store.appendToStream(stream, [{ ...anEvent(), type: '$reserved' }]));
      await refused(store, 'events', () => store.appendToStream(stream, []));
      const twice = anEvent();
      await refused(store, 'events[1].id', () => store.appendToStream(stream, [twice, twice]));
      expect(await iterationError(store.readStream(stream))).toBeInstanceOf(StreamNotFoundError);
    });

    it.each([
      ['a BigInt', { amount: 10n }, 'events[2].data.amount'],
      ['a function', { f: () => 1 }, 'events[2].data.f'],
      ['undefined', { nested: { value: undefined } }, 'events[2].data.nested.value'],
      ['a cycle', cyclic(), 'events[2].data.self'],
      ['NaN', { list: [1, Number.NaN] }, 'events[2].data.list[1]'],
      ['Infinity', Number.POSITIVE_INFINITY, 'events[2].data'],
      ['a Date', { at: new Date(0) }, 'events[2].data.at'],
    ])('data holding %s: the whole batch is refused, naming where', async (_kind, data, where) => {
      const store = await ctx.open();
      const stream = ctx.stream('non-json');
      const batch = [anEvent(), anEvent(), { ...anEvent(), data: data as never }, anEvent()];
      const error = await refused(store, where, () => store.appendToStream(stream, batch));
      expect(error.message).toMatch(/JSON/);
      expect(await iterationError(store.readStream(stream))).toBeInstanceOf(StreamNotFoundError);
    });

    it('metadata that is not a JSON object, or holds non-JSON values', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('bad-metadata');
      await refused(store, 'events[0].metadata', () =>
        store.appendToStream(stream, [{ ...anEvent(), metadata: ['not', 'an', 'object'] as never }]),
      );
      await refused(store, 'events[0].metadata.n', () =>
        store.appendToStream(stream, [{ ...anEvent(), metadata: { n: 1n } as never }]),
      );
    });

    it('an event larger than maxEventBytes', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('oversized');
      await store.appendToStream(stream, [anEvent()]);
      const big = { ...anEvent(), data: { blob: 'x'.repeat(DEFAULT_MAX_EVENT_BYTES) } };
      const error = await refused(store, 'events[1]', () => store.appendToStream(stream, [anEvent(), big]));
      expect(error.message).toMatch(/bytes/);
      expect(await collect(store.readStream(stream))).toHaveLength(1);
    });

    it('malformed expected revisions and read options', async () => {
      const store = await ctx.open();
      const stream = ctx.stream('bad-options');
      await refused(store, 'options.expectedRevision', () =>
        store.appendToStream(stream, [anEvent()], { expectedRevision: 0 as never }),
      );
      await refused(store, 'options.expectedRevision', () =>
        store.appendToStream(stream, [anEvent()], { expectedRevision: -1n }),
      );
      await store.appendToStream(stream, [anEvent()]);
      expect(await iterationError(store.readStream(stream, { maxCount: -1 }))).toBeInstanceOf(InvalidStoreInputError);
      expect(await iterationError(store.readAll({ fromPosition: -5n }))).toBeInstanceOf(InvalidStoreInputError);
    });
  });
}
