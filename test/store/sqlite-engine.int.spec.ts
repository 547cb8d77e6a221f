import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ANY, NO_STREAM, openEventStore, STREAM_EXISTS, UnsupportedStoreError, WrongExpectedVersionError } from '../../src/store/index.js';
import { openConnection } from '../../src/store/sqlite/connection.js';
import { migrate, SCHEMA_VERSION } from '../../src/store/sqlite/schema.js';
import { prepareWriteStatements, RETRY_WINDOW, writeBatch } from '../../src/store/sqlite/write-batch.js';
import { collect } from '../contract/features/context.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const event = (data: Record<string, number> = {}) => ({ id: randomUUID(), type: 'Engine', data });

/** A file as schema v1 left it, two events in stream `s` written by the engine's own write path; returns the first id. */
function writeV1File(path: string): string {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  migrate(raw, 1);
  const first = { id: randomUUID(), type: 'Engine', dataJson: '{}', metadataJson: '{}' };
  const written = writeBatch(raw, prepareWriteStatements(raw), [
    { streamName: 's', expectedRevision: NO_STREAM, events: [first, { ...first, id: randomUUID() }] },
  ], Date.now());
  expect(written.committed).toBe(true);
  raw.close();
  return first.id;
}

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

  it('ANY or STREAM_EXISTS with only some of its ids among the recent events, or out of order, is a conflict', async () => {
    const store = await openEventStore('sqlite::memory:');
    const [a, b, c] = [event(), event(), event()];
    await store.appendToStream('ids', [a, b]);
    await expect(store.appendToStream('ids', [a, c], { expectedRevision: ANY })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.appendToStream('ids', [b, a], { expectedRevision: STREAM_EXISTS })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    // The same id in another stream is a different event.
    await expect(store.appendToStream('other', [a])).resolves.toMatchObject({ nextExpectedRevision: 0n });
    expect(await store.headPosition()).toBe(3n);
    await store.close();
  });

  it('an ANY retry is recognised while at most RETRY_WINDOW events follow it; then it conflicts, then it is new', async () => {
    const store = await openEventStore('sqlite::memory:');
    await store.appendToStream('w', [event()]);
    const batch = [event(), event()];
    const original = await store.appendToStream('w', batch, { expectedRevision: ANY });
    await store.appendToStream('w', Array.from({ length: RETRY_WINDOW }, () => event()));
    expect(await store.appendToStream('w', batch, { expectedRevision: STREAM_EXISTS })).toEqual(original);
    // One more event and the batch's first id has left the window: only some ids are found.
    await store.appendToStream('w', [event()]);
    await expect(store.appendToStream('w', batch, { expectedRevision: ANY })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await store.appendToStream('w', [event()]);
    const anew = await store.appendToStream('w', batch, { expectedRevision: ANY });
    expect(anew.position).toBe(original.position + BigInt(RETRY_WINDOW) + 4n);
    await store.close();
  });

  it('an exact revision is checked as EventStoreDB checks it: an id appended again at the end is a new event', async () => {
    const store = await openEventStore(`sqlite:${join(dir, 'exact-again.db')}`);
    const stored = event();
    await store.appendToStream('s', [stored, event()]);
    const again = { ...stored, data: { again: 1 } };
    const result = await store.appendToStream('s', [again], { expectedRevision: 1n });
    expect(result).toEqual({ success: true, nextExpectedRevision: 2n, position: 3n });
    // Its own retry, at the same place, is still recognised.
    expect(await store.appendToStream('s', [again], { expectedRevision: 1n })).toEqual(result);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 3 });
    await store.close();
  });

  it('opens a file an older version wrote (schema v1) by copying its events into the v2 table, chain intact', async () => {
    const path = join(dir, 'v1.db');
    const firstId = writeV1File(path);

    const store = await openEventStore(`sqlite:${path}`);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 2 });
    expect((await collect(store.readStream('s'))).map((e) => e.id)).toEqual([firstId, expect.any(String)]);
    // Under v1 a repeated id at an exact revision broke UNIQUE(stream_id, event_id).
    await expect(store.appendToStream('s', [{ id: firstId, type: 'Engine', data: {} }], { expectedRevision: 1n })).resolves.toMatchObject({ position: 3n });
    await store.close();
    const migrated = new Database(path, { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const indexed = migrated.prepare("SELECT name FROM pragma_index_list('events')").all() as { name: string }[];
    const columns = indexed.map(({ name }) => (migrated.prepare('SELECT name FROM pragma_index_info(?)').all(name) as { name: string }[]).map((c) => c.name));
    expect(columns).toEqual([['stream_id', 'revision']]);
    migrated.close();
  });

  it('a v1 file another process holds the write lock on is left as it was: the copy waits, then gives up whole', async () => {
    // Given a v1 file, and another connection in the middle of a write
    const path = join(dir, 'v1-locked.db');
    writeV1File(path);
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');

    // When this version opens it with a short busy timeout, then after the lock is let go
    expect(() => openConnection(path, { busyTimeoutMs: 100 })).toThrow(/locked/);
    const untouched = new Database(path, { readonly: true });
    expect(untouched.pragma('user_version', { simple: true })).toBe(1);
    expect(untouched.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2 });
    untouched.close();
    holder.exec('ROLLBACK');
    holder.close();

    // Then the copy happens whole on the next open
    const store = await openEventStore(`sqlite:${path}`);
    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: 2 });
    await store.close();
  });

  it('an append refused inside a group commit leaves the chain unbroken for the appends after it', async () => {
    const store = await openEventStore(`sqlite:${join(dir, 'group-chain.db')}`);
    await store.appendToStream('taken', [event()]);
    const settled = await Promise.allSettled([
      store.appendToStream('a', [event(), event()]),
      store.appendToStream('taken', [event(), event()], { expectedRevision: 5n }),
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
