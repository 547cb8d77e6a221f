import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openEventStore } from '../../src/store/index.js';
import { sqliteInternals } from '../../src/store/sqlite/open.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite WAL checkpoints on a worker thread', () => {
  it('copies committed pages into the database file while the writer goes on, and stops with the store', async () => {
    const path = join(dir, 'log.db');
    const store = await openEventStore(`sqlite:${path}`);
    const { db } = sqliteInternals(store);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    const emptyFileBytes = statSync(path).size;

    // About 2,000 pages of WAL: past SQLite's own threshold, short of the writer's backstop.
    for (let batch = 0; batch < 40; batch += 1) {
      const events = Array.from({ length: 50 }, (_, i) => ({ id: `e-${batch}-${i}`, type: 'Noted', data: { text: 'x'.repeat(3_000) } }));
      await store.appendToStream(`stream-${batch}`, events);
    }
    // The connection that commits now is the writer thread's; this one follows suit.
    expect(await sqliteInternals(store).writer()!.autocheckpoint()).toBe(10_000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(emptyFileBytes + 5_000_000), { timeout: 10_000, interval: 50 });

    await store.close();
    const reopened = await openEventStore(`sqlite:${path}`);
    expect(await reopened.headPosition()).toBe(2_000n);
    expect(await reopened.integrity!.verify()).toMatchObject({ ok: true, events: 2_000 });
    await reopened.close();
  });

  it('hands checkpoints back to the writer when its thread dies, and appends go on', async () => {
    const path = join(dir, 'orphan.db');
    const store = await openEventStore(`sqlite:${path}`);
    await store.appendToStream('s', Array.from({ length: 600 }, (_, i) => ({ id: `e-${i}`, type: 'Noted', data: {} })));
    const internals = sqliteInternals(store);
    expect(await internals.writer()!.autocheckpoint()).toBe(10_000);
    await internals.checkpointer()!.terminate();
    await vi.waitFor(async () => expect(await internals.writer()!.autocheckpoint()).toBe(1_000));
    expect(internals.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await store.appendToStream('s', [{ id: 'after', type: 'Noted', data: {} }], { expectedRevision: 599n });
    await store.close();
    const reopened = await openEventStore(`sqlite:${path}`);
    expect(await reopened.integrity!.verify()).toMatchObject({ ok: true, events: 601 });
    await reopened.close();
  });

  it('is not started by a store that only reads, nor by a short append', async () => {
    const path = join(dir, 'reader.db');
    const store = await openEventStore(`sqlite:${path}`);
    for await (const _ of store.readAll());
    await store.appendToStream('s', Array.from({ length: 100 }, (_, i) => ({ id: `e-${i}`, type: 'Noted', data: {} })));
    expect(sqliteInternals(store).checkpointer()).toBeUndefined();
    expect(sqliteInternals(store).db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await store.close();
  });
});
