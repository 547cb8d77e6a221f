import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ANY, openEventStore, STREAM_EXISTS, UnsupportedStoreError, WrongExpectedVersionError } from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const event = (data: Record<string, number> = {}) => ({ id: randomUUID(), type: 'Engine', data });

describe('sqlite engine specifics', () => {
  it('keeps the log across close and reopen; positions and the chain continue', async () => {
    const path = join(dir, 'reopen', 'nested', 'ledger.db');
    const first = await openEventStore(`sqlite:${path}`);
    await first.appendToStream('s', [event(), event()]);
    await first.close();
    const second = await openEventStore(`sqlite:${path}`);
    const result = await second.appendToStream('s', [event()], { expectedRevision: 1n });
    expect(result).toEqual({ success: true, nextExpectedRevision: 2n, position: 3n });
    expect(await second.integrity!.verify()).toMatchObject({ ok: true, events: 3 });
    await second.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('refuses an empty path instead of opening a throw-away database', async () => {
    await expect(openEventStore('sqlite:')).rejects.toBeInstanceOf(UnsupportedStoreError);
  });

  it('refuses a file written by a newer schema', async () => {
    const path = join(dir, 'newer.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    await expect(openEventStore(`sqlite:${path}`)).rejects.toThrow(/newer/);
  });

  it('event ids are unique per stream: ANY with some ids already stored, or out of order, is a conflict', async () => {
    const store = await openEventStore('sqlite::memory:');
    const [a, b, c] = [event(), event(), event()];
    await store.appendToStream('ids', [a, b]);
    await expect(store.appendToStream('ids', [a, c], { expectedRevision: ANY })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.appendToStream('ids', [b, a], { expectedRevision: STREAM_EXISTS })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.appendToStream('ids', [a], { expectedRevision: 1n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    // The same id in another stream is a different event.
    await expect(store.appendToStream('other', [a])).resolves.toMatchObject({ nextExpectedRevision: 0n });
    await store.close();
  });

  it('event ids are unique per stream at an exact revision too: a repeated id is a conflict and writes nothing', async () => {
    const store = await openEventStore(`sqlite:${join(dir, 'exact-duplicate.db')}`);
    const stored = event();
    await store.appendToStream('s', [stored, event()]);
    const error = await store.appendToStream('s', [event(), { ...stored, data: { again: 1 } }], { expectedRevision: 1n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: 's', expected: 1n, actual: 1n });
    expect(await store.headPosition()).toBe(2n);
    await store.close();
  });

  it('an append rolled back inside a group commit leaves the chain unbroken for the appends after it', async () => {
    const store = await openEventStore(`sqlite:${join(dir, 'group-chain.db')}`);
    const stored = event();
    await store.appendToStream('taken', [stored]);
    const settled = await Promise.allSettled([
      store.appendToStream('a', [event(), event()]),
      store.appendToStream('taken', [event(), stored], { expectedRevision: 0n }),
      store.appendToStream('b', [event()]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 4 });
    expect(await store.integrity!.head()).toMatchObject({ position: 4n });
    await store.close();
  });

  it('positions are gapless from 1 and recorded time never runs backwards, even if the clock does', async () => {
    const store = await openEventStore('sqlite::memory:');
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(now);
      await store.appendToStream('t', [event()]);
      clock.mockReturnValue(now - 60_000);
      await store.appendToStream('t', [event()]);
      clock.mockReturnValue(now + 1_000);
      await store.appendToStream('t', [event()]);
    } finally {
      clock.mockRestore();
    }
    const read = [];
    for await (const e of store.readAll()) read.push(e);
    expect(read.map((e) => e.position)).toEqual([1n, 2n, 3n]);
    expect(read.map((e) => e.created.getTime())).toEqual([now, now, now + 1_000]);
    await store.close();
  });

  it('close() commits what is queued, ends subscriptions and refuses further calls', async () => {
    const store = await openEventStore(`sqlite:${join(dir, 'close.db')}`);
    const subscription = store.subscribeToAll();
    const pending = store.appendToStream('c', [event()]);
    const iterating = (async () => {
      let n = 0;
      for await (const _ of subscription) n++;
      return n;
    })();
    await store.close();
    await expect(pending).resolves.toMatchObject({ position: 1n });
    expect(await iterating).toBeLessThanOrEqual(1);
    await expect(store.appendToStream('c', [event()])).rejects.toThrow(/closed/);
  });
});
