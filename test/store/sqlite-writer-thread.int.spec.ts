import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EVENT_BYTES, StoreUnavailableError, WrongExpectedVersionError, type EventStore } from '../../src/store/index.js';
import { openSqliteEventStore, sqliteInternals } from '../../src/store/sqlite/open.js';
import { ANY } from '../../src/store/expected-revision.js';
import { startWriterThread } from '../../src/store/sqlite/writer-thread.js';

const DYING_WRITER = new URL('./fixtures/dying-writer.js', import.meta.url);
const SLOW_STARTING_WRITER = new URL('./fixtures/slow-starting-writer.js', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const event = (data: Record<string, number> = {}) => ({ id: randomUUID(), type: 'Written', data });

/** A store whose writer thread has started and taken over its commits. */
async function threadedStore(): Promise<{ store: EventStore; path: string }> {
  const path = join(dir, `${randomUUID()}.db`);
  const store = await openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, threadsAfterEvents: 0 });
  expect(await sqliteInternals(store).writer()!.whenReady).toBe(true);
  return { store, path };
}

describe('sqlite commits on a writer thread', () => {
  it('group-commits appends issued together on the thread; each is readable once it resolves', async () => {
    const { store } = await threadedStore();
    await store.appendToStream('first', [event()]);
    const { stats, writer } = sqliteInternals(store);
    expect(writer()).toBeDefined();
    const before = { ...stats };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.appendToStream(`s-${i}`, [event({ i })])));
    expect(results.map((r) => r.position)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i + 2)));
    expect(stats.appends - before.appends).toBe(100);
    expect(stats.transactions - before.transactions).toBeLessThanOrEqual(2);
    expect(await store.headPosition()).toBe(101n);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 101 });
    await store.close();
  });

  it('keeps the event loop free while the thread waits for another process to let go of the write lock', async () => {
    const { store, path } = await threadedStore();
    await store.appendToStream('s', [event()]);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    const pending = store.appendToStream('s', [event()], { expectedRevision: 0n });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Reads go on meanwhile: the main connection is not the one waiting.
    expect(await store.headPosition()).toBe(1n);
    other.exec('COMMIT');
    other.close();
    expect(await pending).toMatchObject({ nextExpectedRevision: 1n, position: 2n });
    clearInterval(timer);
    // Held by the lock wait, the loop would not turn at all; free, it turns ~30 times.
    expect(ticks).toBeGreaterThanOrEqual(5);
    await store.close();
  });

  it('writes the batches that waited for it together in one transaction, and answers each in order', async () => {
    const { store, path } = await threadedStore();
    await store.appendToStream('s', [event()]);
    const { stats } = sqliteInternals(store);
    // Another process holds the write lock, so the thread is held in its first commit while
    // three more batches, one a turn of the event loop, are handed to it.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const before = { ...stats };
    const first = store.appendToStream('held', [event()]);
    const later: Promise<{ position: bigint }>[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      later.push(store.appendToStream(`waited-${i}`, [event({ i }), event({ i })]));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    other.exec('COMMIT');
    other.close();
    expect((await first).position).toBe(2n);
    expect((await Promise.all(later)).map((result) => result.position)).toEqual([4n, 6n, 8n]);
    expect(stats.appends - before.appends).toBe(4);
    // Two when the thread had begun the first before the others came, one when it had not
    // (a busy machine may run its turn late); four, one each, without merging.
    expect(stats.transactions - before.transactions).toBeLessThanOrEqual(2);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 8 });
    await store.close();
  });

  it('merges waiting batches only while their appends fit in maxMergedAppends', async () => {
    const { store, path } = await threadedStore();
    await store.close();
    const writer = startWriterThread({ path, busyTimeoutMs: 5_000, autocheckpointPages: 1_000, maxMergedAppends: 4 });
    expect(await writer.whenReady).toBe(true);
    const append = (stream: string) => ({
      streamName: stream,
      expectedRevision: ANY,
      events: [{ id: randomUUID(), type: 'Written', dataJson: '{}', metadataJson: '{}' }],
    });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const held = writer.write([append('held')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waited = [writer.write([append('a'), append('b')]), writer.write([append('c'), append('d')]), writer.write([append('e'), append('f')])];
    await new Promise((resolve) => setTimeout(resolve, 20));
    other.exec('COMMIT');
    other.close();
    // Which batches share a transaction depends on whether the thread had begun `held` before
    // the others came; either way, no transaction goes past four appends, and batches merge.
    const results = [await held, ...(await Promise.all(waited))];
    expect(results.every((result) => result.committed)).toBe(true);
    const sizes = [1, 2, 2, 2];
    const transactions: number[] = [];
    results.forEach((result, i) => {
      if (result.joined) transactions[transactions.length - 1]! += sizes[i]!;
      else transactions.push(sizes[i]!);
    });
    expect(results[0]!.joined).toBeUndefined();
    expect(transactions.length).toBeLessThan(results.length);
    expect(Math.max(...transactions)).toBeLessThanOrEqual(4);
    await writer.stop();
  });

  it('reports conflicts from the thread as WrongExpectedVersionError, and the rest of the batch commits', async () => {
    const { store } = await threadedStore();
    await store.appendToStream('taken', [event()]);
    const settled = await Promise.allSettled([
      store.appendToStream('a', [event()]),
      store.appendToStream('taken', [event()], { expectedRevision: 5n }),
      store.appendToStream('b', [event()]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ streamName: 'taken', expected: 5n, actual: 0n });
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    await store.close();
  });

  it('if the thread dies, appends it has not answered fail as unavailable, saying their outcome is unknown', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const store = await openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES });
    await store.appendToStream('s', [event()]);
    // A stand-in thread that dies on its first batch, as a crash inside SQLite would.
    const writer = startWriterThread({ path, busyTimeoutMs: 1_000, autocheckpointPages: 1_000, maxMergedAppends: 256, script: DYING_WRITER });
    const error = await writer.write([{ streamName: 's', expectedRevision: 0n, events: [] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/writer thread stopped \(exit code 3\).*unknown.*send them again/);
    expect(writer.alive).toBe(false);
    await expect(writer.write([])).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it('once the thread has died, appends are written on the main connection and the chain goes on', async () => {
    const { store } = await threadedStore();
    await store.appendToStream('s', [event()]);
    const internals = sqliteInternals(store);
    await internals.writer()!.terminate();
    expect(internals.writer()).toBeUndefined();
    const before = internals.stats.transactions;
    expect(await store.appendToStream('s', [event()], { expectedRevision: 0n })).toMatchObject({ position: 2n });
    expect(internals.stats.transactions - before).toBe(1);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 2 });
    await store.close();
  });

  it('never holds an append waiting for the thread to start: until it is ready, commits stay on this connection', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const store = await openSqliteEventStore(path, {
      maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
      threadsAfterEvents: 1,
      writerScript: SLOW_STARTING_WRITER,
    });
    const started = performance.now();
    for (let n = 0; n < 10; n += 1) {
      await store.appendToStream('s', [event({ n })], { expectedRevision: n === 0 ? 'no_stream' : BigInt(n - 1) });
    }
    // The thread sleeps 1.5 s before it opens its connection: handed to it, these would wait that long.
    expect(performance.now() - started).toBeLessThan(1_000);
    const writer = sqliteInternals(store).writer()!;
    expect(writer.ready).toBe(false);
    expect(await writer.whenReady).toBe(true);
    expect(await store.appendToStream('s', [event()], { expectedRevision: 9n })).toMatchObject({ position: 11n });
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 11 });
    await store.close();
  });

  it('close() waits for the batch being written, and every caller of close waits for it', async () => {
    const { store, path } = await threadedStore();
    await store.appendToStream('s', [event()]);
    const appends = Array.from({ length: 50 }, (_, i) => store.appendToStream(`t-${i}`, [event({ i })]));
    await Promise.all([store.close(), store.close()]);
    expect((await Promise.allSettled(appends)).every((s) => s.status === 'fulfilled')).toBe(true);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 51 });
    raw.close();
  });
});
