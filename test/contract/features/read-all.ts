import { describe, expect, it } from 'vitest';
import { BACKWARDS, END, START, type AppendResult } from '../../../src/store/index.js';
import { anEvent, collect, type ContractContext } from './context.js';

export function readAllTests(ctx: ContractContext): void {
  describe('readAll', () => {
    it('readAllPages: the events readAll yields, in the same order, in pages none of which is empty', async () => {
      const store = await ctx.open();
      const streams = [ctx.stream('pages-a'), ctx.stream('pages-b')];
      const results: AppendResult[] = [];
      for (let i = 0; i < 6; i++) results.push(await store.appendToStream(streams[i % 2]!, [anEvent({ i }), anEvent({ i, second: true })]));
      // Real positions only: EventStoreDB's are not consecutive numbers.
      const first = results[0]!.position;
      for (const options of [
        { fromPosition: first },
        { fromPosition: first, maxCount: 5 },
        { fromPosition: results[3]!.position },
        { fromPosition: results[4]!.position, direction: BACKWARDS, maxCount: 7 },
        { fromPosition: END },
      ] as const) {
        const pages = await collect(store.readAllPages(options));
        for (const page of pages) expect(page.length).toBeGreaterThan(0);
        expect(pages.flat()).toEqual(await collect(store.readAll(options)));
      }
    });

    it('reads from a position (inclusive) forwards and backwards, with maxCount', async () => {
      const store = await ctx.open();
      const streams = [ctx.stream('all-a'), ctx.stream('all-b'), ctx.stream('all-c')];
      const results: AppendResult[] = [];
      for (let i = 0; i < 9; i++) results.push(await store.appendToStream(streams[i % 3]!, [anEvent({ i })]));
      const positions = results.map((r) => r.position);

      const forwards = await collect(store.readAll({ fromPosition: positions[2]!, maxCount: 4 }));
      expect(forwards.map((e) => e.position)).toEqual(positions.slice(2, 6));
      expect(forwards.map((e) => e.streamId)).toEqual([streams[2], streams[0], streams[1], streams[2]]);

      const backwards = await collect(store.readAll({ fromPosition: positions[5]!, direction: BACKWARDS, maxCount: 3 }));
      expect(backwards.map((e) => e.position)).toEqual([positions[5], positions[4], positions[3]]);
      expect(backwards.map((e) => (e.data as { i: number }).i)).toEqual([5, 4, 3]);

      const toEnd = await collect(store.readAll({ fromPosition: positions[6]! }));
      expect(toEnd.map((e) => e.position)).toEqual(positions.slice(6));
    });

    it('END backwards starts at the head; END forwards reads nothing, the head position reads one', async () => {
      const store = await ctx.open();
      const last = await store.appendToStream(ctx.stream('all-end'), [anEvent(), anEvent()]);
      const [head] = await collect(store.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
      expect(head!.position).toBe(last.position);
      expect(await store.headPosition()).toBe(last.position);
      expect(await collect(store.readAll({ fromPosition: END }))).toEqual([]);
      expect(await collect(store.readAll({ fromPosition: last.position }))).toHaveLength(1);
    });

    it('START forwards begins with the oldest event and maxCount 0 reads nothing', async () => {
      const store = await ctx.open();
      await store.appendToStream(ctx.stream('all-start'), [anEvent()]);
      const [first] = await collect(store.readAll({ fromPosition: START, maxCount: 1 }));
      const [oldest] = await collect(store.readAll({ fromPosition: first!.position, direction: BACKWARDS }));
      expect(oldest!.position).toBe(first!.position);
      expect(await collect(store.readAll({ maxCount: 0 }))).toEqual([]);
    });
  });
}
