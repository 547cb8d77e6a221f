import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ANY,
  DEFAULT_MAX_EVENT_BYTES,
  END,
  InvalidStoreInputError,
  NO_STREAM,
  WrongExpectedVersionError,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
} from '../../src/store/index.js';
import { MAX_BATCHES_WRITING } from '../../src/store/sqlite/group-commit.js';
import { openConnection } from '../../src/store/sqlite/connection.js';
import { openSqliteEventStore, PART_EVENTS, sqliteInternals } from '../../src/store/sqlite/open.js';
import { prepareWriteStatements, startBatch, type EncodedEvent } from '../../src/store/sqlite/write-batch.js';
import { collect } from '../contract/features/context.js';

/**
 * An append of more than PART_EVENTS events is handed to the writer thread before it is
 * encoded in full: the thread decides it from its ids and writes each part while the main
 * thread encodes the next. What callers see must not change: all of it or none of it, in
 * order, on the chain, with the same errors.
 */
const dir = mkdtempSync(join(tmpdir(), 'ledger-in-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: EventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const LARGE = PART_EVENTS * 4 + 7;
const event = (data: JsonObject = {}) => ({ id: randomUUID(), type: 'Parted', data, metadata: { actor: 'a' } });
const events = (count: number) => Array.from({ length: count }, (_, n) => event({ n }));

/** A store that commits on its writer thread from its first append (or never, with `threadsAfterEvents`). */
async function store(threadsAfterEvents = 0): Promise<EventStore> {
  const path = join(dir, `${randomUUID()}.db`);
  const opening = await openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, threadsAfterEvents });
  opened.push(opening);
  if (threadsAfterEvents === 0) expect(await sqliteInternals(opening).writer()!.whenReady).toBe(true);
  return opening;
}

describe('sqlite: a large append handed to the writer thread in parts', () => {
  it('is written whole, in order, on the chain, and reaches live subscribers', async () => {
    const given = await store();
    const { stats } = sqliteInternals(given);
    const live: RecordedEvent[] = [];
    const subscription = given.subscribeToAll({ fromPosition: END });
    const listened = (async () => {
      for await (const recorded of subscription) if (live.push(recorded) === LARGE + 1) break;
    })();
    await given.appendToStream('small', [event()]);
    const appended = events(LARGE);

    const result = await given.appendToStream('large', appended, { expectedRevision: NO_STREAM });

    expect(stats.inParts).toBe(1);
    expect(result).toEqual({ success: true, nextExpectedRevision: BigInt(LARGE - 1), position: BigInt(LARGE + 1) });
    const all = await collect(given.readAll());
    expect(all.slice(1).map((e) => [e.streamId, e.revision, e.id, e.data])).toEqual(
      appended.map((e, n) => ['large', BigInt(n), e.id, e.data]),
    );
    expect(await given.integrity!.verify()).toMatchObject({ ok: true, events: LARGE + 1 });
    await listened;
    expect(live).toEqual(all);
  });

  it('that fails validation in a later part fails alone, naming the place, and writes none of it', async () => {
    const given = await store();
    const { stats } = sqliteInternals(given);
    await given.appendToStream('before', [event()]);
    const bad = events(LARGE);
    const badAt = PART_EVENTS * 3 + 2;
    bad[badAt] = { ...bad[badAt]!, data: { n: Number.NaN } };

    const settled = await Promise.allSettled([
      given.appendToStream('together', [event()]),
      given.appendToStream('large', bad),
      given.appendToStream('after', [event()]),
    ]);

    expect(stats.inParts).toBe(1);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (settled[1] as PromiseRejectedResult).reason as InvalidStoreInputError;
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect(error).toMatchObject({ where: `events[${badAt}].data.n`, message: expect.stringMatching(/NaN/) });
    expect((await collect(given.readAll())).map((e) => e.streamId)).toEqual(['before', 'together', 'after']);
    expect(await given.integrity!.verify()).toMatchObject({ ok: true, events: 3 });
  });

  it('sent again with ANY is recognised from its ids as the same append, and nothing is written twice', async () => {
    const given = await store();
    await given.appendToStream('large', [event()]);
    const appended = events(LARGE);
    const first = await given.appendToStream('large', appended, { expectedRevision: ANY });

    const again = await given.appendToStream('large', appended, { expectedRevision: ANY });
    const replayed = await given.appendToStream('large', appended, { expectedRevision: 0n });

    expect(sqliteInternals(given).stats.inParts).toBe(3);
    expect(again).toEqual(first);
    expect(replayed).toEqual(first);
    expect(await given.headPosition()).toBe(BigInt(LARGE + 1));
  });

  it('at the wrong revision is a conflict, and writes nothing', async () => {
    const given = await store();
    await given.appendToStream('large', [event()]);

    const refused = given.appendToStream('large', events(LARGE), { expectedRevision: 5n });

    await expect(refused).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(refused).rejects.toMatchObject({ expected: 5n, actual: 0n });
    expect(sqliteInternals(given).stats.inParts).toBe(1);
    expect(await given.headPosition()).toBe(1n);
  });

  it('while the writer thread holds as many batches as it may, is encoded whole and queued, in call order', async () => {
    const given = await store();
    const { stats } = sqliteInternals(given);
    await given.appendToStream('warm', [event()]);
    const appended = Array.from({ length: MAX_BATCHES_WRITING + 1 }, () => events(LARGE));

    const results = await Promise.all(appended.map((list, n) => given.appendToStream(`large-${n}`, list)));

    expect(stats.inParts).toBe(MAX_BATCHES_WRITING);
    expect(results.map((r) => r.position)).toEqual(appended.map((_, n) => BigInt(1 + (n + 1) * LARGE)));
    const all = await collect(given.readAll());
    expect(all.slice(1).map((e) => e.id)).toEqual(appended.flat().map((e) => e.id));
    expect(await given.integrity!.verify()).toMatchObject({ ok: true, events: 1 + appended.length * LARGE });
  });

  it('before the writer thread starts, is encoded whole first, with the same outcome', async () => {
    const given = await store(1_000_000);
    const bad = events(LARGE);
    bad[LARGE - 1] = { ...bad[LARGE - 1]!, data: { n: Number.POSITIVE_INFINITY } };

    await expect(given.appendToStream('large', bad)).rejects.toMatchObject({ where: `events[${LARGE - 1}].data.n` });
    const result = await given.appendToStream('large', events(LARGE));

    expect(sqliteInternals(given).stats.inParts).toBe(0);
    expect(result).toMatchObject({ nextExpectedRevision: BigInt(LARGE - 1), position: BigInt(LARGE) });
    expect(await given.integrity!.verify()).toMatchObject({ ok: true, events: LARGE });
  });
});

describe('sqlite: the writer side of a batch whose last append comes in parts (startBatch)', () => {
  const encoded = (count: number): EncodedEvent[] =>
    Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'Parted', dataJson: `{"n":${n}}`, metadataJson: '{}' }));

  /** A batch of one complete append to `first` and an open one to `last` with these ids. */
  function openBatch(lastIds: readonly string[]) {
    const db = openConnection(join(dir, `${randomUUID()}.db`));
    const batch = startBatch(db, prepareWriteStatements(db), [
      { streamName: 'first', expectedRevision: NO_STREAM, events: encoded(1) },
      { streamName: 'last', expectedRevision: NO_STREAM, events: [] },
    ], Date.now(), lastIds);
    const streams = () => (db.prepare('SELECT stream_id AS s FROM events ORDER BY position').all() as { s: string }[]).map((r) => r.s);
    return { db, batch, streams };
  }

  it('commits the parts as they were added, as one append', () => {
    const parts = [encoded(3), encoded(2)];
    const { db, batch, streams } = openBatch(parts.flat().map((e) => e.id));

    parts.forEach((part) => batch.add(part));
    const result = batch.end();

    expect(result.committed).toBe(true);
    expect(result.outcomes[1]).toMatchObject({ ok: true, result: { nextExpectedRevision: 4n, position: 6n } });
    expect(streams()).toEqual(['first', 'last', 'last', 'last', 'last', 'last']);
    db.close();
  });

  it('drops the last append alone when told to, and commits the rest', () => {
    const part = encoded(3);
    const { db, batch, streams } = openBatch([...part, ...encoded(2)].map((e) => e.id));

    batch.add(part);
    const result = batch.end(true);

    expect(result.committed).toBe(true);
    expect(result.outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(streams()).toEqual(['first']);
    db.close();
  });

  it('fails the last append alone if its events are not the ones its ids named, or fewer', () => {
    const wrong = openBatch(encoded(2).map((e) => e.id));
    wrong.batch.add(encoded(2));
    expect(wrong.batch.end().outcomes[1]).toMatchObject({ ok: false, failure: { message: expect.stringMatching(/not the .* it was checked with/) } });
    expect(wrong.streams()).toEqual(['first']);
    wrong.db.close();

    const part = encoded(2);
    const short = openBatch([...part.map((e) => e.id), randomUUID()]);
    short.batch.add(part);
    expect(short.batch.end().outcomes[1]).toMatchObject({ ok: false, failure: { message: expect.stringMatching(/3 event ids but 2 events came/) } });
    expect(short.streams()).toEqual(['first']);
    short.db.close();
  });
});
