import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { openCheckpoint } from '../../src/runtime/checkpoint.js';
import { checkpointDue } from '../../src/runtime/checkpoint-policy.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { openEventStore } from '../../src/store/index.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { assertClaim, exact } from '../support/commands.js';
import { appendStories, asJson } from '../support/ledger.js';

const SEED = new URL('../../examples/seed-story.ndjson', import.meta.url).pathname;
const T3 = 'transfer:syria-iraq-3';

/** Every read a client can make of the current views, as JSON. */
const bodiesOf = (ledger: Ledger) => ({
  counts: asJson(ledger.counts()),
  facilities: asJson(ledger.facilities()),
  transfers: asJson(ledger.transfers()),
  history: asJson(ledger.history('transfer:syria-iraq-1')),
});

describe('warm start: a restart over a large checkpoint answers at once', () => {
  let dir: string;
  let store: string;
  let checkpointPath: string;
  // The seed story is small; a threshold of one event makes its checkpoint "large".
  const open = (warmStartEvents = 1) => Ledger.open({ store, checkpointPath, warmStartEvents });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-warm-'));
    store = `sqlite:${join(dir, 'ledger.db')}`;
    checkpointPath = join(dir, 'ledger.checkpoint');
    const ledger = await open();
    await appendStories(ledger, SEED);
    await ledger.close(); // saves the checkpoint, with the current counts
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function expected() {
    const ledger = await Ledger.open({ store });
    try {
      return bodiesOf(ledger);
    } finally {
      await ledger.close();
    }
  }

  it('answers the current counts before the state is back, and refuses the rest as unavailable', async () => {
    const { counts } = await expected();
    const ledger = await open();
    try {
      expect(asJson(ledger.counts())).toEqual(counts);
      expect(() => ledger.facilities()).toThrow(StoreUnavailableError);
      expect(() => ledger.transfers()).toThrow(StoreUnavailableError);
      expect(() => ledger.counts('3')).toThrow(StoreUnavailableError);
      expect(() => ledger.claim('t1.count.awadi')).toThrow(StoreUnavailableError);
      expect(await ledger.health()).toMatchObject({ status: 'degraded', problem: expect.stringMatching(/reading back its checkpoint/) });
    } finally {
      await ledger.close();
    }
  });

  it('takes commands once the state is back, and then answers every view as a full rebuild does', async () => {
    const ledger = await open();
    await ledger.execute([parseCommand(assertClaim('late', T3, 'detainees.count', exact(12), { reportId: 'seed-article', sourceId: 'outlet' }))], {
      actor: 'test',
    });
    const warm = bodiesOf(ledger);
    expect((await ledger.health()).status).toBe('ok');
    await ledger.close();
    expect(warm).toEqual(await expected());
    expect((warm.counts as { total: { transfers: number } }).total.transfers).toBeGreaterThan(0);
  });

  it('leaves the checkpoint as it was when closed before the state is back', async () => {
    const before = readFileSync(checkpointPath);
    const ledger = await open();
    await ledger.close();
    expect(readFileSync(checkpointPath).equals(before)).toBe(true);
  });

  it('opens cold, caught up, when the log moved on after the checkpoint or the checkpoint is small', async () => {
    const other = await Ledger.open({ store });
    await other.execute([parseCommand(assertClaim('late', T3, 'status', 'planned', { reportId: 'seed-article', sourceId: 'outlet' }))], { actor: 'test' });
    await other.close();
    for (const ledger of [await open(), await open(1_000_000)]) {
      expect(bodiesOf(ledger)).toEqual(await expected());
      await ledger.close();
    }
  });

  it('opens warm after a stop that came right after a periodic save made without the counts', async () => {
    // given a ledger whose last event set off a periodic save, with nobody having asked for counts
    const ledger = await Ledger.open({ store, checkpointPath, warmStartEvents: 1, checkpointEvery: 1 });
    const start = (await ledger.health()).lastPosition;
    let due = 1;
    while (!checkpointDue(start + BigInt(due), start, 1)) due += 1;
    const claims = Array.from({ length: due }, (_, i) =>
      parseCommand(assertClaim(`late-${i}`, T3, 'detainees.count', exact(12 + i), { reportId: 'seed-article', sourceId: 'outlet' })),
    );
    await ledger.execute(claims, { actor: 'test' });
    const { projectedPosition } = await ledger.health();
    const reader = await openEventStore(store);
    await vi.waitFor(async () => expect((await openCheckpoint(checkpointPath, reader))?.seen).toBe(projectedPosition));
    await reader.close();
    const counts = asJson(ledger.counts());

    // when it stops with nothing folded since that save
    await ledger.close();

    // then the restart answers those counts at once, from the checkpoint
    const restarted = await open();
    try {
      expect(asJson(restarted.counts())).toEqual(counts);
      expect(() => restarted.transfers()).toThrow(StoreUnavailableError);
    } finally {
      await restarted.close();
    }
  });

  it('folds the log from its start when the checkpoint is cut short', async () => {
    truncateSync(checkpointPath, statSync(checkpointPath).size - 100);
    const ledger = await open();
    await ledger.execute([], { actor: 'test' }); // waits for the warm start to finish
    expect(bodiesOf(ledger)).toEqual(await expected());
    await ledger.close();
  });
});
