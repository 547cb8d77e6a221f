import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendInWindows } from '../../bench/engines/project-appends.js';
import { rawWindowedCopyRate } from '../../bench/engines/raw-sqlite.js';
import { ClaimsLoad } from '../../bench/load.js';
import type { RecordedEvent } from '../../src/store/contract.js';
import { openEventStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-raw-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readLog(path: string): Promise<RecordedEvent[]> {
  const store = await openEventStore(`sqlite:${path}`);
  try {
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll()) events.push(event);
    return events;
  } finally {
    await store.close();
  }
}

describe("the engine's own append rate at a scaling size", () => {
  it('inserts the very rows the product wrote, in position order, and times them', async () => {
    // Given a log written the way the scaling rows write theirs
    const written = join(dir, 'product.db');
    const store = await openEventStore(`sqlite:${written}`);
    const { events } = await appendInWindows(store, new ClaimsLoad(), 350);
    await store.close();

    // When the raw engine copies it, 100 rows to a transaction
    const copy = join(dir, 'raw.db');
    const rate = await rawWindowedCopyRate(written, copy);

    // Then the copy holds the same events, and a rate was measured
    const [original, copied] = await Promise.all([readLog(written), readLog(copy)]);
    expect(copied).toHaveLength(events);
    expect(copied).toEqual(original);
    expect(rate).toBeGreaterThan(0);
    expect(Number.isFinite(rate)).toBe(true);
  });
});
