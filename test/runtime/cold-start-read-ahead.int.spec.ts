import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/runtime/ledger.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../../src/store/index.js';
import { openSqliteEventStore, sqliteInternals } from '../../src/store/sqlite/open.js';
import { appendStories, asJson } from '../support/ledger.js';
import { FOLLOW_UP_STORY, SEED_STORY } from '../support/story-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-cold-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a cold start catches up by reading ahead', () => {
  it('folds the log through the read-ahead worker and answers as a ledger that read it on this thread', async () => {
    // given a log written by one ledger
    const path = join(dir, 'ledger.db');
    const writer = await Ledger.open({ store: `sqlite:${path}` });
    await appendStories(writer, SEED_STORY, FOLLOW_UP_STORY);
    const expected = { transfers: asJson(writer.transfers()), counts: asJson(writer.counts()), facilities: asJson(writer.facilities()) };
    const events = Number(writer.projector.position);
    await writer.close();

    // when a ledger opens it with every long read going through the worker
    const store = await openSqliteEventStore(path, { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, readAheadMinEvents: 1 });
    const reader = await Ledger.open({ store });

    // then the projector caught up through the worker, and the views are the same
    expect(sqliteInternals(store).readAhead.events).toBe(events);
    expect({ transfers: asJson(reader.transfers()), counts: asJson(reader.counts()), facilities: asJson(reader.facilities()) }).toEqual(expected);
    await reader.close();
  });
});
