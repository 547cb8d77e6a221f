import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { loadCheckpoint } from '../../src/runtime/checkpoint.js';
import { checkpointDue } from '../../src/runtime/checkpoint-policy.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { openEventStore } from '../../src/store/index.js';
import { assertClaim, exact, recordReport, registerSource } from '../support/commands.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoints under concurrent commands', () => {
  it('saves one checkpoint at a time while every command succeeds, and the last one is complete', async () => {
    // given a ledger that checkpoints after every new event
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const checkpointPath = join(dir, 'ledger.checkpoint');
    const ledger = await Ledger.open({ store, checkpointPath, checkpointEvery: 1 });
    await ledger.execute([registerSource('s1'), recordReport('r1')].map((c) => parseCommand(c)), { actor: 'test' });

    // when 40 commands run at once, each crossing the threshold
    const commands = Array.from({ length: 40 }, (_, i) => parseCommand(assertClaim(`c${i}`, `transfer:t${i}`, 'detainees.count', exact(i))));
    const results = await Promise.allSettled(commands.map((command) => ledger.execute([command], { actor: 'test' })));

    // then none failed, and the checkpoint saved on close holds every event
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await ledger.close();
    const reopened = await openEventStore(store);
    expect((await loadCheckpoint(checkpointPath, reopened))?.state.eventCount).toBe(42);
    await reopened.close();
  });

  it('a periodic save that fails does not fail the command; health says so until a save succeeds', async () => {
    // given a ledger whose checkpoint directory is, for now, a file
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const blocked = join(dir, 'checkpoints');
    writeFileSync(blocked, 'not a directory');
    const ledger = await Ledger.open({ store, checkpointPath: join(blocked, 'ledger.checkpoint'), checkpointEvery: 1 });

    // when a command crosses the checkpoint line
    await ledger.execute([registerSource('s1'), recordReport('r1')].map((c) => parseCommand(c)), { actor: 'test' });

    // then it was recorded, and health reports the failed save
    await vi.waitFor(async () => expect(await ledger.health()).toMatchObject({ status: 'degraded', problem: expect.stringMatching(/checkpoint could not be saved/) }));
    expect(await ledger.health()).toMatchObject({ lastPosition: 2n, projectedPosition: 2n });

    // and once the directory can be made, the next save clears it
    rmSync(blocked);
    mkdirSync(blocked);
    await ledger.execute([parseCommand(assertClaim('c1', 'transfer:t1', 'detainees.count', exact(1)))], { actor: 'test' });
    await vi.waitFor(async () => expect(await ledger.health()).toMatchObject({ status: 'ok' }));
    await ledger.close();
    const reopened = await openEventStore(store);
    expect((await loadCheckpoint(join(blocked, 'ledger.checkpoint'), reopened))?.state.eventCount).toBe(3);
    await reopened.close();
  });
});

describe('periodic checkpoints of a growing log', () => {
  it('are saved when due (checkpointDue): after a quarter of the log once that is more than the interval', async () => {
    // given a ledger asked to save after every new event
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const checkpointPath = join(dir, 'ledger.checkpoint');
    const ledger = await Ledger.open({ store, checkpointPath, checkpointEvery: 1 });
    const reader = await openEventStore(store);
    const savedCount = async () => (await loadCheckpoint(checkpointPath, reader))?.state.eventCount ?? 0;

    // when 60 commands are recorded one at a time
    let saved = 0n;
    const savedAt: bigint[] = [];
    const commands = [registerSource('s1'), recordReport('r1'), ...Array.from({ length: 58 }, (_, i) => assertClaim(`c${i}`, `transfer:t${i}`, 'detainees.count', exact(i)))];
    for (const [i, command] of commands.entries()) {
      await ledger.execute([parseCommand(command)], { actor: 'test' });
      const position = BigInt(i + 1);
      if (checkpointDue(position, saved, 1)) {
        await vi.waitFor(async () => expect(await savedCount()).toBe(i + 1), { timeout: 5_000 });
        saved = position;
        savedAt.push(position);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(await savedCount()).toBe(Number(saved));
      }
    }

    // then it saved at the start of each quarter, not after every event
    expect(savedAt.slice(0, 7)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    expect(savedAt.length).toBeLessThan(20);
    await ledger.close();
    await reader.close();
  });
});

describe('periodic checkpoints of events the ledger did not write', () => {
  const firstEvents = [registerSource('s1'), recordReport('r1'), assertClaim('c0', 'transfer:t0', 'detainees.count', exact(0))];

  it('are saved once a start has folded a log that needs one, before any command', async () => {
    // given a log of three events and no checkpoint
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const checkpointPath = join(dir, 'ledger.checkpoint');
    const writer = await Ledger.open({ store });
    await writer.execute(firstEvents.map((c) => parseCommand(c)), { actor: 'test' });
    await writer.close();

    // when a ledger that saves checkpoints opens on it, and is asked nothing
    const ledger = await Ledger.open({ store, checkpointPath, checkpointEvery: 1 });

    // then it saves the state it folded while still open
    const reader = await openEventStore(store);
    await vi.waitFor(async () => expect((await loadCheckpoint(checkpointPath, reader))?.state.eventCount).toBe(3), { timeout: 5_000 });
    await ledger.close();
    await reader.close();
  });

  it('are saved for events another process appends', async () => {
    // given a ledger that has saved its checkpoint at the head
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const checkpointPath = join(dir, 'ledger.checkpoint');
    const ledger = await Ledger.open({ store, checkpointPath, checkpointEvery: 1 });
    await ledger.execute(firstEvents.map((c) => parseCommand(c)), { actor: 'test' });
    const reader = await openEventStore(store);
    const savedCount = async () => (await loadCheckpoint(checkpointPath, reader))?.state.eventCount;
    await vi.waitFor(async () => expect(await savedCount()).toBe(3), { timeout: 5_000 });

    // when another connection to the log (another process's, as far as the ledger can tell)
    // appends a quarter of the log and more
    const other = await Ledger.open({ store });
    await other.execute([parseCommand(assertClaim('c1', 'transfer:t1', 'detainees.count', exact(1)))], { actor: 'other' });
    await other.close();

    // then the ledger saves them, though no command of its own came
    await vi.waitFor(async () => expect(await savedCount()).toBe(4), { timeout: 5_000 });
    await ledger.close();
    await reader.close();
  });
});
