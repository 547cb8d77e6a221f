import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { now } from '../../projections/as-of.js';
import type { CommandInput } from '../../src/domain/commands.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { Ledger, type OpenLedgerOptions } from '../../src/runtime/ledger.js';
import { Projector, rebuild } from '../../src/runtime/projector.js';
import type { RecordedEvent } from '../../src/store/contract.js';
import { openEventStore } from '../../src/store/index.js';
import { loadCheckpoint } from '../../src/runtime/checkpoint.js';
import { commandsFor, intents, PRELUDE, propertyRuns, subjectsOf, type Vocabulary } from '../support/command-sequences.js';
import { bodiesAt } from '../support/views.js';
import { asJson } from '../support/as-json.js';
import { NotFoundError } from '../../src/domain/errors.js';

const VOCABULARY: Vocabulary = {
  prefix: 'p-',
  transfers: ['transfer:t1', 'transfer:t2', 'transfer:t3'],
  facilities: ['facility:f1', 'facility:f2', 'facility:f3'],
  operations: ['operation:op'],
};
const SUBJECTS = subjectsOf(VOCABULARY);

/** Appends `commands` through the Ledger in batches whose sizes `cuts` choose, as clients would send them. */
async function appendInBatches(ledger: Ledger, commands: readonly CommandInput[], cuts: readonly number[]): Promise<void> {
  let start = 0;
  for (let k = 0; start < commands.length; k += 1) {
    const size = 1 + (cuts[k % Math.max(cuts.length, 1)] ?? commands.length);
    await ledger.execute(commands.slice(start, start + size).map((c) => parseCommand(c)), { actor: 'property' });
    start += size;
  }
}

const withLedger = <T>(use: (ledger: Ledger) => Promise<T>): Promise<T> => withOpen({ store: 'sqlite::memory:' }, use);

/** The bodies the Ledger's public reads give, in the shape of `bodiesAt`. */
function ledgerBodies(ledger: Ledger, asOf?: string): Record<string, unknown> {
  const histories: Record<string, unknown> = {};
  for (const subject of SUBJECTS) {
    try {
      histories[subject] = ledger.history(subject, undefined, asOf);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      histories[subject] = 'no claims';
    }
  }
  return asJson({ transfers: ledger.transfers(asOf), counts: ledger.counts(asOf), facilities: ledger.facilities(asOf), histories }) as Record<string, unknown>;
}

describe('properties of the runtime over any valid command sequence (SQLite in memory)', () => {
  it('a rebuild from scratch equals the live incremental state', async () => {
    await fc.assert(
      fc.asyncProperty(intents(), fc.array(fc.nat({ max: 6 }), { maxLength: 8 }), async (steps, cuts) => {
        const commands = [...PRELUDE, ...commandsFor(steps, VOCABULARY)];
        await withLedger(async (ledger) => {
          await appendInBatches(ledger, commands, cuts);
          const live = ledgerBodies(ledger);
          const rebuilt = await rebuild(ledger.store);
          expect(bodiesAt(now(rebuilt.state), SUBJECTS)).toEqual(live);
          expect(new Map(rebuilt.revisions)).toEqual(new Map(ledger.projector.revisions));
          expect(rebuilt.seen).toBe(ledger.projector.position);
        });
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it('as of position p equals a fresh rebuild of the first p events', async () => {
    await fc.assert(
      fc.asyncProperty(intents(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), async (steps, cuts) => {
        const commands = [...PRELUDE, ...commandsFor(steps, VOCABULARY)];
        await withLedger(async (ledger) => {
          await appendInBatches(ledger, commands, [3]);
          const log: RecordedEvent[] = [];
          for await (const event of ledger.store.readAll()) log.push(event);
          for (const cut of cuts) {
            const p = cut % (log.length + 1) === 0 ? 0n : log[(cut % (log.length + 1)) - 1]!.position;
            const fresh = new Projector(ledger.store);
            for (const event of log) if (event.position <= p) fresh.apply(event);
            expect(ledgerBodies(ledger, String(p))).toEqual(bodiesAt(now(fresh.state), SUBJECTS));
          }
        });
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it('a fresh Ledger over the same file, from scratch or from an older checkpoint, shows the same views', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ledger-properties-'));
    try {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(intents(), fc.nat(), async (steps, split) => {
          run += 1;
          const store = `sqlite:${join(directory, `run-${run}.db`)}`;
          const checkpointPath = join(directory, `run-${run}.checkpoint`);
          const commands = [...PRELUDE, ...commandsFor(steps, VOCABULARY)];
          const cut = split % (commands.length + 1);
          // The checkpoint is saved on close, after the first part only.
          const checkpointed = await withOpen({ store, checkpointPath }, async (ledger) => {
            await appendInBatches(ledger, commands.slice(0, cut), [2]);
            return ledger.projector.position;
          });
          const live = await withOpen({ store }, async (ledger) => {
            await appendInBatches(ledger, commands.slice(cut), [2]);
            return ledgerBodies(ledger);
          });
          expect(await withOpen({ store }, async (ledger) => ledgerBodies(ledger))).toEqual(live);
          // The checkpoint on disk is the older one, so the next open starts from it and folds the rest.
          expect(await checkpointPosition(store, checkpointPath)).toBe(checkpointed);
          expect(await withOpen({ store, checkpointPath }, async (ledger) => ledgerBodies(ledger))).toEqual(live);
        }),
        { numRuns: propertyRuns(10) },
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

async function withOpen<T>(options: OpenLedgerOptions, use: (ledger: Ledger) => Promise<T>): Promise<T> {
  const ledger = await Ledger.open(options);
  try {
    return await use(ledger);
  } finally {
    await ledger.close();
  }
}

async function checkpointPosition(connection: string, checkpointPath: string): Promise<bigint> {
  const store = await openEventStore(connection);
  try {
    return (await loadCheckpoint(checkpointPath, store))?.seen ?? 0n;
  } finally {
    await store.close();
  }
}
