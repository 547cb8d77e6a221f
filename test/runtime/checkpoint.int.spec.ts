import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/runtime/ledger.js';
import { loadCheckpoint } from '../../src/runtime/checkpoint.js';
import { openEventStore } from '../../src/store/index.js';
import { appendStories, asJson } from '../support/ledger.js';

const SEED = new URL('../../examples/seed-story.ndjson', import.meta.url).pathname;

describe('projection checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function seedLedger(file: string, checkpointPath: string) {
    const ledger = await Ledger.open({ store: `sqlite:${file}`, checkpointPath });
    await appendStories(ledger, SEED);
    const counts = asJson(ledger.counts());
    await ledger.close(); // saves the checkpoint
    return counts;
  }

  it('is loaded for the log it was taken from, and gives the same views', async () => {
    const file = join(dir, 'a.db');
    const checkpoint = join(dir, 'a.checkpoint');
    const counts = await seedLedger(file, checkpoint);

    const store = await openEventStore(`sqlite:${file}`);
    expect((await loadCheckpoint(checkpoint, store))?.seen).toBe(37n);
    await store.close();

    const reopened = await Ledger.open({ store: `sqlite:${file}`, checkpointPath: checkpoint });
    expect(asJson(reopened.counts())).toEqual(counts);
    await reopened.close();
  });

  it('is refused for another log, even one holding the same story with the same event ids', async () => {
    const checkpoint = join(dir, 'shared.checkpoint');
    await seedLedger(join(dir, 'first.db'), checkpoint);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later recorded time
    const other = join(dir, 'second.db');
    const store = await openEventStore(`sqlite:${other}`);
    const ledger = await Ledger.open({ store });
    await appendStories(ledger, SEED);
    expect(await loadCheckpoint(checkpoint, store)).toBeUndefined();
    await ledger.close();
  });
});
