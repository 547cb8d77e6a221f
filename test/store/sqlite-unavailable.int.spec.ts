import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventStore, StoreUnavailableError, type EventStore, type JsonObject } from '../../src/store/index.js';
import { sqliteInternals } from '../../src/store/sqlite/open.js';
import { runTsx } from './fixtures/spawn-tsx.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-unavailable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const event = (data: JsonObject = {}) => ({ id: randomUUID(), type: 'Fault', data });

async function count(store: EventStore): Promise<number> {
  let n = 0;
  for await (const _ of store.readAll()) n++;
  return n;
}

async function seeded(): Promise<{ store: EventStore; path: string }> {
  const path = join(dir, `${randomUUID()}.db`);
  const store = await openEventStore(`sqlite:${path}`);
  for (let i = 0; i < 5; i++) await store.appendToStream('seed', [event({ i })]);
  return { store, path };
}

/**
 * Faults are produced by SQLite itself on the engine's own connection (reached through the
 * sqliteInternals test seam): max_page_count makes the database "full" exactly as a full disk
 * does (SQLITE_FULL), query_only makes writes fail with SQLITE_READONLY. Running as root, a
 * chmod would not stop writes; the last test uses a real OS limit in a child process.
 */
describe('sqlite: storage faults', () => {
  it('a full database fails the writes of that transaction as StoreUnavailableError; reads go on; writes resume once there is room', async () => {
    const { store } = await seeded();
    const { db } = sqliteInternals(store);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);

    const big = event({ blob: 'x'.repeat(200_000) });
    await expect(store.appendToStream('s', [big])).rejects.toBeInstanceOf(StoreUnavailableError);
    // A batch sharing the failing transaction is abandoned whole (SQLite's advice after SQLITE_FULL).
    const batch = await Promise.allSettled([
      store.appendToStream('s', [event()]),
      store.appendToStream('s', [event({ blob: 'y'.repeat(200_000) })]),
    ]);
    expect(batch.map((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError)).toEqual([true, true]);
    expect(db.inTransaction).toBe(false);
    expect(await store.headPosition()).toBe(5n);
    expect(await count(store)).toBe(5);

    db.pragma('max_page_count = 1073741823');
    await expect(store.appendToStream('s', [big])).resolves.toMatchObject({ position: 6n, nextExpectedRevision: 0n });
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 6 });
    await store.close();
  });

  it('a read-only database fails writes as StoreUnavailableError and recovers when writable again', async () => {
    const { store } = await seeded();
    const { db } = sqliteInternals(store);
    db.pragma('query_only = ON');
    const error = await store.appendToStream('s', [event()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
    expect((error as Error).message).toMatch(/SQLITE_READONLY/);
    expect(await count(store)).toBe(5);
    db.pragma('query_only = OFF');
    await expect(store.appendToStream('s', [event()])).resolves.toMatchObject({ position: 6n });
    await store.close();
  });

  it.each([
    ['on the main thread', []],
    ['on the writer thread', ['writer-thread']],
  ])('when the OS refuses to grow the files (ulimit -f), appends committed %s fail as unavailable and nothing acknowledged is lost', { timeout: 30_000 }, async (_, mode) => {
    const { store, path } = await seeded();
    await store.close();
    const limitKiB = Math.ceil(statSync(path).size / 1024) + 400;
    const child = await runTsx('./fill-disk-worker.ts', [path, ...mode], { ulimitFileBlocks: limitKiB });
    expect(child.code, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout) as {
      acked: number;
      errorName?: string;
      errorMessage?: string;
      readable: number;
      secondError?: string;
    };
    expect(report.errorName, report.errorMessage).toBe('StoreUnavailableError');
    expect(report.errorMessage).toMatch(/SQLITE_(FULL|IOERR)/);
    expect(report.acked).toBeGreaterThan(0);
    expect(report.readable).toBe(5 + report.acked);

    const reopened = await openEventStore(`sqlite:${path}`);
    expect(await count(reopened)).toBe(5 + report.acked);
    expect(await reopened.integrity!.verify()).toMatchObject({ ok: true, events: 5 + report.acked });
    await expect(reopened.appendToStream('after', [event()])).resolves.toMatchObject({ position: BigInt(6 + report.acked) });
    await reopened.close();
  });
});
