import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_EVENT_BYTES, type EventStore, type ReadAllOptions, type RecordedEvent } from '../../src/store/index.js';
import { openSqliteEventStore, sqliteInternals } from '../../src/store/sqlite/open.js';
import { MAX_PAGE_BYTES, PAGES_AHEAD, readAhead, type ReadAheadOptions } from '../../src/store/sqlite/read-ahead.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-read-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EVENTS = 3_500;

/** A live worker holds MessagePort handles in this process; they go when its thread ends. */
const activePorts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort').length;

const open = (path: string, readAheadMinEvents: number) =>
  openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, readAheadMinEvents });

async function collect(store: EventStore, options?: ReadAllOptions): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll(options)) events.push(event);
  return events;
}

/** The worker's pages as they come, and where it says it stopped. */
async function pagesOf(options: ReadAheadOptions): Promise<{ pages: RecordedEvent[][]; last: bigint }> {
  const pages: RecordedEvent[][] = [];
  const delivered = { last: options.from - 1n };
  for await (const page of readAhead(options, delivered)) pages.push(page);
  return { pages, last: delivered.last };
}

async function readBoth(path: string, options?: ReadAllOptions) {
  const ahead = await open(path, 1);
  const here = await open(path, Number.POSITIVE_INFINITY);
  try {
    const [byWorker, byThisThread] = [await collect(ahead, options), await collect(here, options)];
    return { byWorker, byThisThread, fromWorker: sqliteInternals(ahead).readAhead.events, fromWorkerWhenOff: sqliteInternals(here).readAhead.events };
  } finally {
    await Promise.all([ahead.close(), here.close()]);
  }
}

describe('sqlite readAll reading ahead on a worker thread', () => {
  const path = join(dir, 'log.db');
  beforeAll(async () => {
    const store = await open(path, 1);
    for (let i = 0; i < EVENTS; i += 100) {
      const batch = Array.from({ length: 100 }, (_, j) => ({
        id: `e-${i + j}`,
        type: 'Noted',
        data: { n: i + j, text: `line ${i + j} “quoted” \u2028 \\ ${'x'.repeat((i + j) % 50)}`, nested: { list: [1, null, true] } },
        metadata: { actor: `analyst-${j % 3}` },
      }));
      await store.appendToStream(`stream-${i % 700}`, batch);
    }
    await store.close();
  });

  it('delivers exactly what this thread reads: every field, in order, from the worker', async () => {
    const { byWorker, byThisThread, fromWorker, fromWorkerWhenOff } = await readBoth(path);
    expect(byWorker).toHaveLength(EVENTS);
    expect(byWorker).toEqual(byThisThread);
    expect(fromWorker).toBe(EVENTS);
    expect(fromWorkerWhenOff).toBe(0);
  });

  it('sends repeated stream ids and types once, and past the numbering limit as text, still exactly what this thread reads', async () => {
    const { byThisThread } = await readBoth(path);
    for (const maxRepeated of [0, 5, 131_072]) {
      const byWorker: RecordedEvent[] = [];
      const delivered = { last: 0n };
      for await (const page of readAhead({ path, from: 1n, maxCount: EVENTS, maxRepeated }, delivered)) byWorker.push(...page);
      expect(delivered.last).toBe(BigInt(EVENTS));
      expect(byWorker).toEqual(byThisThread);
    }
  });

  it('keeps to fromPosition and maxCount', async () => {
    const { byWorker, byThisThread, fromWorker } = await readBoth(path, { fromPosition: 100n, maxCount: 2_500 });
    expect(byWorker.map((e) => e.position)).toEqual(Array.from({ length: 2_500 }, (_, i) => BigInt(100 + i)));
    expect(byWorker).toEqual(byThisThread);
    expect(fromWorker).toBe(2_500);
  });

  it('sends an event larger than a page as a page of its own, and still delivers every event once, in order', async () => {
    const large = join(dir, 'large.db');
    const store = await open(large, 1);
    for (let i = 0; i < 30; i += 1) {
      await store.appendToStream('large', [{ id: `big-${i}`, type: 'Noted', data: { i, text: `${i}`.padEnd(400_000, 'é') } }]);
    }
    await store.close();
    const { byWorker, byThisThread, fromWorker } = await readBoth(large);
    expect(byWorker.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(byWorker).toEqual(byThisThread);
    expect(fromWorker).toBe(30);
  });

  it('keeps each page under MAX_PAGE_BYTES as V8 holds its text, two bytes a character once one is beyond Latin-1', async () => {
    const mixed = join(dir, 'mixed.db');
    const store = await open(mixed, 1);
    // 1,000 events of ~1 KB: Latin-1 text first, then Arabic (a two-byte page), then Latin-1 again.
    const texts = ['Latin-1 café '.repeat(80), 'نقل المحتجزين '.repeat(70), 'plain ASCII '.repeat(85)];
    for (let i = 0; i < 1_000; i += 100) {
      const text = texts[Math.min(2, Math.floor(i / 400))]!;
      await store.appendToStream(`stream-${i}`, Array.from({ length: 100 }, (_, j) => ({ id: `m-${i + j}`, type: 'Noted', data: { n: i + j, text } })));
    }
    await store.close();

    const { pages, last } = await pagesOf({ path: mixed, from: 1n, maxCount: 1_000 });
    expect(last).toBe(1_000n);
    expect(pages.flat().map((event) => (event.data as { n: number }).n)).toEqual(Array.from({ length: 1_000 }, (_, n) => n));
    for (const page of pages) {
      const dataChars = page.reduce((chars, event) => chars + JSON.stringify(event.data).length, 0);
      const wide = page.some((event) => /[^\u0000-\u00ff]/.test(JSON.stringify(event.data)));
      // The data alone is less than the page's text, which also carries every other field.
      expect(dataChars * (wide ? 2 : 1)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    }
    // Pages are filled, not cut to a row each: ~100 one-byte rows of ~1 KB fit, about half as many two-byte ones.
    const sizes = pages.map((page) => page.length);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(90);
    const arabicPage = pages.find((page) => page.some((event) => (event.data as { n: number }).n === 500))!;
    expect(arabicPage.length).toBeGreaterThanOrEqual(40);
    expect(arabicPage.length).toBeLessThan(60);
  });

  it('numbers a stream id only once a page has carried its text, when a page is cut before the row that names it', async () => {
    const streams = join(dir, 'many-streams.db');
    const store = await open(streams, 1);
    // Every event opens a stream of its own, and one stream is named like the type: each cut
    // page leaves a row whose stream id (and type) the reader has not seen yet.
    for (let i = 0; i < 400; i += 1) {
      const stream = i === 7 ? 'Noted' : `stream-${i}`;
      await store.appendToStream(stream, [{ id: `s-${i}`, type: i < 7 ? `Type${i}` : 'Noted', data: { n: i, text: 'x'.repeat(50 + ((i * 37) % 200)) } }]);
    }
    await store.close();

    const { pages, last } = await pagesOf({ path: streams, from: 1n, maxCount: 400, maxPageBytes: 1_500 });
    expect(last).toBe(400n);
    expect(pages.length).toBeGreaterThan(40);
    const here = await open(streams, Number.POSITIVE_INFINITY);
    try {
      expect(pages.flat()).toEqual(await collect(here));
    } finally {
      await here.close();
    }
  });

  it('lets its thread go once the last page is posted, while the reader still holds pages to take', async () => {
    const before = activePorts();
    const delivered = { last: 0n };
    // The worker may read more pages ahead than this read has: it posts them all and is done.
    const pages = readAhead({ path, from: 1n, maxCount: 2_500, pagesAhead: 1_000 }, delivered)[Symbol.asyncIterator]();
    const first = await pages.next();
    expect(first.done).toBe(false);
    expect(activePorts()).toBeGreaterThan(before);
    await vi.waitFor(() => expect(activePorts()).toBe(before), { timeout: 5_000, interval: 10 });
    const read: RecordedEvent[] = first.done ? [] : [...first.value];
    expect(read.length).toBeLessThan(2_500);
    for (let page = await pages.next(); !page.done; page = await pages.next()) read.push(...page.value);
    expect(read.map((event) => event.position)).toEqual(Array.from({ length: 2_500 }, (_, i) => BigInt(1 + i)));
    expect(delivered.last).toBe(2_500n);
  });

  it(`reads ${PAGES_AHEAD} pages ahead by default`, async () => {
    const before = activePorts();
    const pageSize = 10;
    // One page more than the worker may read ahead: once the reader takes the first, the
    // worker may post the last and end, without the reader taking any other.
    const maxCount = (PAGES_AHEAD + 1) * pageSize;
    const pages = readAhead({ path, from: 1n, maxCount, pageSize }, { last: 0n })[Symbol.asyncIterator]();
    const first = await pages.next();
    expect(first.done).toBe(false);
    await vi.waitFor(() => expect(activePorts()).toBe(before), { timeout: 5_000, interval: 10 });
    let read = first.done ? 0 : first.value.length;
    for (let page = await pages.next(); !page.done; page = await pages.next()) read += page.value.length;
    expect(read).toBe(maxCount);
  });

  it('delivers ids that JSON must escape exactly as this thread reads them', async () => {
    const awkward = join(dir, 'awkward.db');
    const store = await open(awkward, 1);
    const ids = ['quote " and \\ backslash', 'a / and a \\u0041 that is not an escape', 'emoji 🚚 and \u2028 separator', 'نقل', '{"not":"json"}'];
    await store.appendToStream('stream-awkward', ids.map((id, n) => ({ id, type: 'Noted', data: { n } })));
    await store.close();

    const { byWorker, byThisThread, fromWorker } = await readBoth(awkward);
    expect(fromWorker).toBe(ids.length);
    expect(byWorker.map((event) => event.id)).toEqual(ids);
    expect(byWorker).toEqual(byThisThread);
  });

  it('delivers positions and revisions beyond 2^53 without losing a digit', async () => {
    const large = join(dir, 'large-integers.db');
    const store = await open(large, 1);
    await store.appendToStream('stream-large', [1, 2, 3].map((n) => ({ id: `l-${n}`, type: 'Noted', data: { n } })));
    await store.close();
    // No log grows this far; the rows are moved there by hand to see the numbers' path.
    const beyond = 2n ** 53n + 7n;
    const edit = new Database(large);
    edit.defaultSafeIntegers(true);
    edit.prepare('UPDATE events SET revision = revision + ? WHERE position = 3').run(beyond);
    edit.prepare('UPDATE events SET position = ? WHERE position = 3').run(beyond);
    edit.close();

    const { byWorker, byThisThread, fromWorker } = await readBoth(large);
    expect(fromWorker).toBe(3);
    expect(byWorker.map((event) => [event.position, event.revision])).toEqual([
      [1n, 0n],
      [2n, 1n],
      [beyond, beyond + 2n],
    ]);
    expect(byWorker).toEqual(byThisThread);
  });

  it('meets a damaged row where it lies, as a read on this thread does', async () => {
    const damaged = join(dir, 'damaged.db');
    const raw = new Database(path, { readonly: true });
    await raw.backup(damaged);
    raw.close();
    const edit = new Database(damaged);
    edit.prepare('UPDATE events SET data = ? WHERE position = 1500').run('{"n": 1499, oops');
    edit.close();

    for (const [minEvents, inPages] of [
      [1, false],
      [Number.POSITIVE_INFINITY, false],
      [1, true],
      [Number.POSITIVE_INFINITY, true],
    ] as const) {
      const store = await open(damaged, minEvents);
      const seen: bigint[] = [];
      const reading = (async () => {
        if (inPages) for await (const page of store.readAllPages()) seen.push(...page.map((event) => event.position));
        else for await (const event of store.readAll()) seen.push(event.position);
      })();
      await expect(reading).rejects.toThrow(SyntaxError);
      expect(seen).toHaveLength(1_499);
      expect(seen.at(-1)).toBe(1_499n);
      await store.close();
    }
  });
});
