import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NO_STREAM, openEventStore, WrongExpectedVersionError, type EventStore } from '../../src/store/index.js';
import { sqliteInternals } from '../../src/store/sqlite/open.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: EventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function fileStore(): Promise<{ store: EventStore; path: string }> {
  const path = join(dir, `${randomUUID()}.db`);
  const store = await openEventStore(`sqlite:${path}`);
  opened.push(store);
  return { store, path };
}

const event = (data: Record<string, number> = {}) => ({ id: randomUUID(), type: 'Batched', data });

describe('sqlite group commit', () => {
  it('commits 200 appends issued together in one transaction', async () => {
    const { store } = await fileStore();
    const { stats } = sqliteInternals(store);
    const before = { ...stats };
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.appendToStream(`s-${i}`, [event({ i })])));
    expect(results).toHaveLength(200);
    expect(stats.appends - before.appends).toBe(200);
    expect(stats.transactions - before.transactions).toBe(1);
  });

  it('awaited appends one after another are one transaction each (the counter is honest)', async () => {
    const { store } = await fileStore();
    const { stats } = sqliteInternals(store);
    const before = stats.transactions;
    for (let i = 0; i < 5; i++) await store.appendToStream('one-by-one', [event({ i })]);
    expect(stats.transactions - before).toBe(5);
  });

  it('commits in call order (FIFO): 100 unawaited appends with exact revisions all succeed', async () => {
    const { store } = await fileStore();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.appendToStream('fifo', [event({ i })], { expectedRevision: i === 0 ? NO_STREAM : BigInt(i - 1) }),
      ),
    );
    expect(results.map((r) => r.nextExpectedRevision)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
    const positions = results.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('a failing append in a batch fails alone: the others in the same transaction commit', async () => {
    const { store } = await fileStore();
    const { stats } = sqliteInternals(store);
    await store.appendToStream('taken', [event()]);
    const before = stats.transactions;
    const settled = await Promise.allSettled([
      store.appendToStream('ok-1', [event(), event()]),
      store.appendToStream('taken', [event(), event()], { expectedRevision: NO_STREAM }),
      store.appendToStream('ok-2', [event()]),
    ]);
    expect(stats.transactions - before).toBe(1);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    const streams: string[] = [];
    for await (const e of store.readAll()) streams.push(e.streamId);
    expect(streams).toEqual(['taken', 'ok-1', 'ok-1', 'ok-2']);
  });

  it('an acknowledged append is already committed to the file, in WAL mode with synchronous=FULL', async () => {
    const { store, path } = await fileStore();
    const { db } = sqliteInternals(store);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5_000);
    await store.appendToStream('durable', [event(), event()]);
    const other = new Database(path, { readonly: true });
    try {
      expect(other.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2 });
    } finally {
      other.close();
    }
  });
});
