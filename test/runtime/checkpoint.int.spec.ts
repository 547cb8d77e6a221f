import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/runtime/ledger.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/runtime/checkpoint.js';
import { temporaryPathOf } from '../../src/runtime/checkpoint-temporaries.js';
import { openEventStore } from '../../src/store/index.js';
import type { EventStore } from '../../src/store/contract.js';
import { appendStories, asJson } from '../support/ledger.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { runTsx } from '../store/fixtures/spawn-tsx.js';

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

  it('a whole save that fails leaves no part of a file behind, and the checkpoint before it stands', async () => {
    // given a saved checkpoint, and a store that fails to read once the save has begun
    const file = join(dir, 'a.db');
    const checkpoint = join(dir, 'a.checkpoint');
    await seedLedger(file, checkpoint);
    const store = await openEventStore(`sqlite:${file}`);
    const snapshot = (await loadCheckpoint(checkpoint, store))!;
    const failing = { ...store, readAll: () => { throw new Error('the disk went away'); } } as EventStore;

    // when a whole save of the same state fails
    await expect(saveCheckpoint(checkpoint, snapshot, failing)).rejects.toThrow('the disk went away');

    // then only the earlier checkpoint is in the directory, still readable
    expect(readdirSync(dir).filter((name) => name.startsWith('a.checkpoint'))).toEqual(['a.checkpoint']);
    expect((await loadCheckpoint(checkpoint, store))?.seen).toBe(37n);
    await store.close();
  });

  it('a whole save cut short by a crash leaves no file behind once the ledger opens again; a running save is left alone', async () => {
    // given a saved checkpoint, and a process killed while it wrote the whole state again beside it
    const file = join(dir, 'a.db');
    const checkpoint = join(dir, 'a.checkpoint');
    const counts = await seedLedger(file, checkpoint);
    const killed = await runTsx('../../runtime/fixtures/killed-mid-save.ts', [file, checkpoint]);
    expect(killed.signal).toBe('SIGKILL');
    const left = temporaryPathOf(checkpoint, Number(killed.stdout.trim()));
    // and a save another process (still running) is writing, and a file of the user's own
    const running = temporaryPathOf(checkpoint, process.ppid);
    writeFileSync(running, 'in progress');
    writeFileSync(`${checkpoint}.notes.tmp`, 'mine');
    const files = () => readdirSync(dir).filter((name) => name.startsWith('a.checkpoint')).sort();
    expect(files()).toContain(left.slice(dir.length + 1));

    // when the ledger is opened on that log and checkpoint
    const ledger = await Ledger.open({ store: `sqlite:${file}`, checkpointPath: checkpoint });

    // then the killed process's file is gone, the others stay, and the checkpoint is used as before
    expect(files()).toEqual(['a.checkpoint', 'a.checkpoint.notes.tmp', running.slice(dir.length + 1)].sort());
    expect(asJson(ledger.counts())).toEqual(counts);
    await ledger.close();
  });

  it('is saved into a directory that does not exist yet', async () => {
    const checkpoint = join(dir, 'not', 'made', 'yet.checkpoint');
    const counts = await seedLedger(join(dir, 'a.db'), checkpoint);
    const reopened = await Ledger.open({ store: `sqlite:${join(dir, 'a.db')}`, checkpointPath: checkpoint });
    expect(reopened.projector.position).toBe(37n);
    expect(asJson(reopened.counts())).toEqual(counts);
    expect(readdirSync(join(dir, 'not', 'made'))).toEqual(['yet.checkpoint']);
    await reopened.close();
  });

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

  it('after a restart from it, amending one claim leaves the claims saved beside it unamended', async () => {
    // given two claims nobody amended, saved in one checkpoint
    const store = `sqlite:${join(dir, 'amend.db')}`;
    const checkpointPath = join(dir, 'amend.checkpoint');
    const first = await Ledger.open({ store, checkpointPath });
    const setup = [registerSource('s1'), recordReport('r1'), assertClaim('a', 'transfer:t1', 'detainees.count', exact(1)), assertClaim('b', 'transfer:t2', 'detainees.count', exact(2))];
    await first.execute(setup.map((c) => parseCommand(c)), { actor: 'test' });
    await first.close();

    // when the ledger restarts from the checkpoint and one of them is amended
    const reopened = await Ledger.open({ store, checkpointPath });
    await reopened.execute([parseCommand(amendClaim('a2', 'a', exact(10)))], { actor: 'test' });

    // then only that one is amended: the other can still be amended itself
    expect(reopened.claim('a')).toMatchObject({ amendedBy: ['a2'] });
    expect(reopened.claim('b')).toMatchObject({ amendedBy: [] });
    await reopened.execute([parseCommand(amendClaim('b2', 'b', exact(20)))], { actor: 'test' });
    expect(reopened.claim('b')).toMatchObject({ amendedBy: ['b2'] });
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
