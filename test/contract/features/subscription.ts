import { describe, expect, it } from 'vitest';
import { END, type EventStore, type RecordedEvent, type Subscription } from '../../../src/store/index.js';
import { anEvent, collect, events, type ContractContext } from './context.js';

/** Pulls events whose stream starts with `prefix` until `count` have arrived (or times out). */
async function take(subscription: Subscription, prefix: string, count: number, timeoutMs = 30_000) {
  const received: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.unsubscribe(), timeoutMs);
  for await (const event of subscription) {
    if (!event.streamId.startsWith(prefix)) continue;
    received.push(event);
    if (received.length === count) break;
  }
  clearTimeout(timer);
  return received;
}

/** Enough that ~350 bytes held per event would show well above the heap's own noise. */
const LIVE_EVENTS = 60_000;

const startOf = async (store: EventStore) => (await store.headPosition()) ?? 0n;

export function subscriptionTests(ctx: ContractContext): void {
  describe('subscribeToAll', () => {
    it('delivers catch-up then live events from 20 concurrent writers: commit order, no gap, no duplicate', async () => {
      const store = await ctx.open();
      const prefix = ctx.stream('sub');
      const start = await startOf(store);
      for (let i = 0; i < 5; i++) await store.appendToStream(`${prefix}-past-${i}`, events(10));

      const subscription = store.subscribeToAll({ fromPosition: start });
      const WRITERS = 20;
      const PER_WRITER = 25;
      const total = 50 + WRITERS * PER_WRITER;
      const receiving = take(subscription, prefix, total);
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < PER_WRITER; i++) {
            await store.appendToStream(`${prefix}-live-${w}`, [anEvent({ w, i })], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
          }
        }),
      );
      const received = await receiving;

      expect(received).toHaveLength(total);
      expect(new Set(received.map((e) => `${e.streamId}/${e.id}`)).size).toBe(total);
      for (let i = 1; i < received.length; i++) expect(received[i]!.position).toBeGreaterThan(received[i - 1]!.position);
      // No gap: exactly what a read of the log over the same range returns, in the same order.
      // (Reads from `start` itself: on EventStoreDB only real event positions are valid.)
      const logged = (await collect(store.readAll({ fromPosition: start }))).filter(
        (e) => e.position > start && e.streamId.startsWith(prefix),
      );
      expect(received.map((e) => e.position)).toEqual(logged.map((e) => e.position));
      for (let w = 0; w < WRITERS; w++) {
        const ofWriter = received.filter((e) => e.streamId === `${prefix}-live-${w}`);
        expect(ofWriter.map((e) => e.revision)).toEqual(Array.from({ length: PER_WRITER }, (_, i) => BigInt(i)));
      }
    });

    it('starts after fromPosition (exclusive), as EventStoreDB does', async () => {
      const store = await ctx.open();
      const prefix = ctx.stream('sub-exclusive');
      const first = await store.appendToStream(`${prefix}-a`, [anEvent({ k: 1 })]);
      await store.appendToStream(`${prefix}-a`, [anEvent({ k: 2 })]);
      const subscription = store.subscribeToAll({ fromPosition: first.position });
      const [next] = await take(subscription, prefix, 1);
      await subscription.unsubscribe();
      expect(next!.data).toEqual({ k: 2 });
    });

    it('from END delivers only what is appended afterwards', async () => {
      const store = await ctx.open();
      const prefix = ctx.stream('sub-end');
      await store.appendToStream(`${prefix}-a`, [anEvent({ k: 'before' })]);
      const subscription = store.subscribeToAll({ fromPosition: END });
      const receiving = take(subscription, prefix, 1);
      // Give a server engine time to establish the subscription; the sqlite one needs none.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.appendToStream(`${prefix}-a`, [anEvent({ k: 'after' })]);
      expect((await receiving).map((e) => e.data)).toEqual([{ k: 'after' }]);
    });

    it(`holds no memory for the live events it has delivered (${LIVE_EVENTS} events, heap sampled after full GCs)`, { timeout: 120_000 }, async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('global.gc is missing: run vitest with --expose-gc (vitest.config.ts sets it)');
      const store = await ctx.open();
      const stream = ctx.stream('held');
      const subscription = store.subscribeToAll({ fromPosition: END });
      const iterator = subscription[Symbol.asyncIterator]();
      let received = 0;
      let growth = 0;
      let baseline = 0;
      const receiving = (async () => {
        for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
          if (result.value.streamId !== stream) continue;
          received += 1;
          if (received === 1_000) {
            gc();
            baseline = process.memoryUsage().heapUsed;
          } else if (received % 10_000 === 0) {
            gc();
            growth = Math.max(growth, process.memoryUsage().heapUsed - baseline);
          }
          if (received === LIVE_EVENTS) return;
        }
      })();
      for (let from = 0; from < LIVE_EVENTS; from += 1_000) {
        await store.appendToStream(stream, events(1_000, from), { expectedRevision: from === 0 ? 'no_stream' : BigInt(from - 1) });
      }
      await receiving;
      await subscription.unsubscribe();
      expect(received).toBe(LIVE_EVENTS);
      // Each delivered event held on to ~350 bytes while the subscription lived: ~20 MiB here.
      expect(growth).toBeLessThan(6 * 2 ** 20);
    });

    it('unsubscribe ends an iteration that is waiting for live events', async () => {
      const store = await ctx.open();
      const subscription = store.subscribeToAll({ fromPosition: END });
      const started = Date.now();
      setTimeout(() => void subscription.unsubscribe(), 100);
      const seen: RecordedEvent[] = [];
      for await (const event of subscription) seen.push(event);
      expect(Date.now() - started).toBeLessThan(5_000);
      const after = await subscription[Symbol.asyncIterator]().next();
      expect(after.done).toBe(true);
    });
  });
}
