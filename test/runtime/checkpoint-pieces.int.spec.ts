import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { serializePieces, SnapshotAssembler } from '../../src/runtime/checkpoint-pieces.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { Projector } from '../../src/runtime/projector.js';
import type { EventStore, RecordedEvent } from '../../src/store/contract.js';
import { commandsFor, intents, PRELUDE, propertyRuns, type Intent, type Vocabulary } from '../support/command-sequences.js';

const VOCABULARY: Vocabulary = {
  prefix: 'k-',
  transfers: ['transfer:t1', 'transfer:t2'],
  facilities: ['facility:f1', 'facility:f2'],
  operations: ['operation:op'],
};

/** The log a command sequence leaves, read back from a ledger in memory. */
async function logOf(commands: ReturnType<typeof commandsFor>): Promise<{ store: EventStore; log: RecordedEvent[]; close: () => Promise<void> }> {
  const ledger = await Ledger.open({ store: 'sqlite::memory:' });
  for (const command of commands) await ledger.execute([parseCommand(command)], { actor: 'property' });
  const log: RecordedEvent[] = [];
  for await (const event of ledger.store.readAll()) log.push(event);
  return { store: ledger.store, log, close: () => ledger.close() };
}

/** A projector folds the events it is given into its state: each gets its own copy. */
const folded = (store: EventStore, events: readonly RecordedEvent[], into = new Projector(store)) => {
  for (const event of events) into.apply(structuredClone(event));
  return into;
};

describe('checkpoints saved while the projector goes on folding', () => {
  it('hold the state as it stood when the save began, and folding on from them gives the live state', async () => {
    await fc.assert(
      fc.asyncProperty(intents(40), fc.nat(), fc.integer({ min: 1, max: 4 }), async (steps, cut, entriesPerPiece) => {
        const { store, log, close } = await logOf([...PRELUDE, ...commandsFor(steps, VOCABULARY)]);
        try {
          // given the first p events folded, and the rest arriving while the state is saved
          const p = cut % (log.length + 1);
          const live = folded(store, log.slice(0, p));
          const arriving = log.slice(p);
          // when the checkpoint is serialised a few entries at a time, an event folded between pieces
          const pieces = await serializePieces(live.snapshot(), {
            entriesPerPiece,
            between: async () => {
              const next = arriving.shift();
              if (next) folded(store, [next], live);
            },
          });
          folded(store, arriving, live);

          // then it is the state of the first p events
          const assembler = new SnapshotAssembler();
          for (const piece of pieces) assembler.add(piece);
          const loaded = assembler.finish();
          const firstP = folded(store, log.slice(0, p));
          expect(loaded.state).toEqual(firstP.state);
          expect(loaded.seen).toBe(firstP.position);
          // and folding the rest onto it gives what the live projector holds, revisions too
          const resumed = folded(store, log.slice(p), new Projector(store, loaded));
          expect(resumed.state).toEqual(live.state);
          expect(resumed.revisions).toEqual(live.revisions);
        } finally {
          await close();
        }
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it('let the event loop run between pieces', async () => {
    const steps: Intent[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'assert', subject: i, property: i, value: i, source: i, report: i, hedge: i }));
    const { store, log, close } = await logOf([...PRELUDE, ...commandsFor(steps, VOCABULARY)]);
    try {
      const projector = folded(store, log);
      let turns = 0;
      let saving = true;
      const turn = () => {
        if (!saving) return;
        turns += 1;
        setImmediate(turn);
      };
      setImmediate(turn);
      await serializePieces(projector.snapshot(), { entriesPerPiece: 1 });
      saving = false;
      expect(turns).toBeGreaterThan(10);
    } finally {
      await close();
    }
  });
});
