import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../src/store/index.js';
import { anEvent, collect, type ContractContext } from './context.js';

const EVENTS = 100_000;
const BATCH = 1_000;
const PADDING = 'x'.repeat(300);

/**
 * Iterates and keeps only a count, sampling the heap (after a full GC) as it goes. A store
 * that loaded the whole result up front would show the full size here; a paged one only a page.
 */
async function maxHeapGrowth(read: AsyncIterable<RecordedEvent>): Promise<{ count: number; growth: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('global.gc is missing: run vitest with --expose-gc (vitest.config.ts sets it)');
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let growth = 0;
  let count = 0;
  for await (const event of read) {
    count++;
    if (count === 1 || count % 5_000 === 0) {
      gc();
      growth = Math.max(growth, process.memoryUsage().heapUsed - baseline);
    }
    void event;
  }
  return { count, growth };
}

export function largeReadTests(ctx: ContractContext): void {
  describe('large reads', () => {
    it(`reads ${EVENTS} events from a stream and from $all with bounded memory`, { timeout: 120_000 }, async () => {
      const store = await ctx.open();
      const stream = ctx.stream('large');
      let bytes = 0;
      for (let i = 0; i < EVENTS; i += BATCH) {
        const batch = Array.from({ length: BATCH }, (_, j) => anEvent({ n: i + j, padding: PADDING }));
        bytes += batch.reduce((sum, e) => sum + JSON.stringify(e).length, 0);
        await store.appendToStream(stream, batch, { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
      }
      const [firstEvent] = await collect(store.readStream(stream, { maxCount: 1 }));
      // Far below the data's size: a tenth of it (~40 MB total) leaves room only for paging.
      const limit = bytes / 10;

      const fromStream = await maxHeapGrowth(store.readStream(stream));
      expect(fromStream.count).toBe(EVENTS);
      expect(fromStream.growth).toBeLessThan(limit);

      const fromAll = await maxHeapGrowth(store.readAll({ fromPosition: firstEvent!.position, maxCount: EVENTS }));
      expect(fromAll.count).toBe(EVENTS);
      expect(fromAll.growth).toBeLessThan(limit);

      // The same read in pages: every event once, in order (on SQLite, through the read-ahead thread).
      let count = 0;
      let last = -1n;
      let largestPage = 0;
      for await (const page of store.readAllPages({ fromPosition: firstEvent!.position, maxCount: EVENTS })) {
        largestPage = Math.max(largestPage, page.length);
        for (const event of page) {
          if (count === 0) expect(event.position).toBe(firstEvent!.position);
          expect(event.position).toBeGreaterThan(last);
          last = event.position;
          count += 1;
        }
      }
      expect(count).toBe(EVENTS);
      expect(largestPage).toBeLessThan(EVENTS);
    });
  });
}
