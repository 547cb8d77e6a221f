import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EVENT_BYTES, END, type EventStore, type JsonObject, type RecordedEvent } from '../../src/store/index.js';
import { openSqliteEventStore, sqliteInternals } from '../../src/store/sqlite/open.js';

/**
 * A store knows what it committed itself: it hands those rows to its live subscribers instead
 * of reading them back, and answers headPosition without a query while nothing else committed.
 * Neither may hide what another process (here: a second store on the same file) commits.
 */
const dir = mkdtempSync(join(tmpdir(), 'ledger-own-commits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: EventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const event = (data: JsonObject = {}) => ({ id: randomUUID(), type: 'Committed', data, metadata: { actor: 'a' } });

/** Two stores on one file; the first commits on its writer thread from its first append on. */
async function twoStores(): Promise<[EventStore, EventStore]> {
  const path = join(dir, `${randomUUID()}.db`);
  const first = await openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, threadsAfterEvents: 0 });
  const second = await openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES });
  opened.push(first, second);
  expect(await sqliteInternals(first).writer()!.whenReady).toBe(true);
  return [first, second];
}

/** Collects a live subscription's events until `count` have come. */
function collect(store: EventStore, count: number): { events: RecordedEvent[]; done: Promise<void> } {
  const events: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ fromPosition: END });
  const done = (async () => {
    for await (const recorded of subscription) {
      events.push(recorded);
      if (events.length === count) break;
    }
  })();
  return { events, done };
}

async function readAll(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const recorded of store.readAll()) all.push(recorded);
  return all;
}

describe('sqlite: what a store committed itself', () => {
  it('is handed to its live subscribers as a read would return it, without reading it back', async () => {
    const [store] = await twoStores();
    const live = collect(store, 5);
    const { committed } = sqliteInternals(store);
    const before = committed.handedOver;
    await Promise.all([
      store.appendToStream('a', [event({ n: 1 }), event({ n: 2, nested: { list: [1, 'two'] } })]),
      store.appendToStream('b', [event({ n: 3 })]),
    ]);
    await store.appendToStream('a', [event({ n: 4 }), event({ n: 5 })]);
    await live.done;
    expect(committed.handedOver - before).toBe(5);
    expect(live.events).toEqual(await readAll(store));
  });

  it('still reaches its subscribers in order, gapless, when another process commits in between', async () => {
    const [store, other] = await twoStores();
    const live = collect(store, 6);
    await store.appendToStream('mine', [event({ n: 1 }), event({ n: 2 })]);
    await other.appendToStream('theirs', [event({ n: 3 })]);
    await store.appendToStream('mine', [event({ n: 4 })]);
    await other.appendToStream('theirs', [event({ n: 5 })]);
    await store.appendToStream('mine', [event({ n: 6 })]);
    await live.done;
    expect(live.events.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(live.events).toEqual(await readAll(store));
  });

  it('an idempotent retry hands nothing over and delivers nothing twice', async () => {
    const [store] = await twoStores();
    const live = collect(store, 2);
    const repeated = event({ n: 1 });
    await store.appendToStream('once', [repeated]);
    await store.appendToStream('once', [repeated]);
    await store.appendToStream('once', [event({ n: 2 })]);
    await live.done;
    expect(live.events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('headPosition sees another process commit at once, and its own commits too', async () => {
    const [store, other] = await twoStores();
    expect(await store.headPosition()).toBeNull();
    await store.appendToStream('mine', [event()]);
    expect(await store.headPosition()).toBe(1n);
    expect(await store.headPosition()).toBe(1n);
    await other.appendToStream('theirs', [event(), event()]);
    expect(await store.headPosition()).toBe(3n);
    await store.appendToStream('mine', [event()]);
    expect(await store.headPosition()).toBe(4n);
    expect(await other.headPosition()).toBe(4n);
    await other.appendToStream('theirs', [event()]);
    expect(await other.headPosition()).toBe(5n);
    expect(await store.headPosition()).toBe(5n);
  });

  it('headPosition reads the data version once per turn of the event loop, and sees another commit in the next turn', async () => {
    const [store, other] = await twoStores();
    await other.appendToStream('theirs', [event()]);
    const { head } = sqliteInternals(store);
    await new Promise((resolve) => setImmediate(resolve));
    const before = head.versionReads;
    expect(await Promise.all([store.headPosition(), store.headPosition(), store.headPosition()])).toEqual([1n, 1n, 1n]);
    expect(head.versionReads - before).toBe(1);
    await other.appendToStream('theirs', [event(), event()]);
    expect(await store.headPosition()).toBe(3n);
    expect(head.versionReads - before).toBe(2);
  });
});
