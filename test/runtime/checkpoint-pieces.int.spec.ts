import fc from 'fast-check';
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { pointOf, serializePieces, SnapshotAssembler } from '../../src/runtime/checkpoint-pieces.js';
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

/** Thirty claims about the vocabulary's subjects, one command each: the log, its store, then closed. */
async function withThirtyClaims(run: (store: EventStore, log: RecordedEvent[]) => Promise<void>): Promise<void> {
  const steps: Intent[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'assert', subject: i, property: i, value: i, source: i, report: i, hedge: i }));
  const { store, log, close } = await logOf([...PRELUDE, ...commandsFor(steps, VOCABULARY)]);
  try {
    await run(store, log);
  } finally {
    await close();
  }
}

/** A projector folds the events it is given into its state: each gets its own copy. */
const folded = (store: EventStore, events: readonly RecordedEvent[], into = new Projector(store)) => {
  for (const event of events) into.apply(structuredClone(event));
  return into;
};

/**
 * The pieces read back are the state and stream revisions of the log's first `count` events,
 * and folding the rest onto them gives what the live projector holds.
 */
function expectSavedAt(store: EventStore, log: readonly RecordedEvent[], count: number, pieces: readonly Buffer[], live: Projector): void {
  const assembler = new SnapshotAssembler();
  for (const piece of pieces) assembler.add(piece);
  const loaded = assembler.finish();
  const firstEvents = folded(store, log.slice(0, count));
  expect(loaded.state).toEqual(firstEvents.state);
  expect(loaded.seen).toBe(firstEvents.position);
  expect(new Map(loaded.revisions)).toEqual(new Map(firstEvents.revisions));
  const resumed = folded(store, log.slice(count), new Projector(store, loaded));
  expect(resumed.state).toEqual(live.state);
  expect(new Map(resumed.revisions)).toEqual(new Map(live.revisions));
}

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
              // read, as a command decided between pieces reads it
              if (next) live.revisions.get(next.streamId);
            },
          });
          folded(store, arriving, live);

          // then it is the state of the first p events, and folding the rest onto it the live one
          expectSavedAt(store, log, p, pieces, live);
        } finally {
          await close();
        }
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it('as a delta laid over an earlier save, hold the state when the delta began, and folding on gives the live state', async () => {
    await fc.assert(
      fc.asyncProperty(intents(40), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), async (steps, cutA, cutB, entriesPerPiece) => {
        const { store, log, close } = await logOf([...PRELUDE, ...commandsFor(steps, VOCABULARY)]);
        try {
          // given the whole state saved after the first p events
          const p = cutA % (log.length + 1);
          const q = p + (cutB % (log.length - p + 1));
          const live = folded(store, log.slice(0, p));
          const base = await serializePieces(live.snapshot(), { entriesPerPiece });
          const since = { position: live.state.position, eventCount: live.state.eventCount };
          // when the fold goes on to q, a delta of that point is saved, and events arrive
          // before it begins and between its pieces
          folded(store, log.slice(p, q), live);
          const at = pointOf(live.snapshot());
          const revisions = live.revisions.standing();
          const arriving = log.slice(q);
          const first = arriving.shift();
          if (first) folded(store, [first], live);
          const delta = await serializePieces(live.snapshot(), {
            entriesPerPiece,
            since,
            at,
            revisions,
            between: async () => {
              const next = arriving.shift();
              if (next) folded(store, [next], live);
              // read, as a command decided between pieces reads it
              if (next) live.revisions.get(next.streamId);
            },
          });
          revisions.release();
          folded(store, arriving, live);

          // then the save and the delta together are the state of the first q events, and
          // folding the rest onto them the live one
          expectSavedAt(store, log, q, [...base, ...delta], live);
        } finally {
          await close();
        }
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it('write in a delta only what changed since the earlier save', async () => {
    await withThirtyClaims(async (store, log) => {
      const live = folded(store, log);
      const since = { position: live.state.position, eventCount: live.state.eventCount };
      const whole = await serializePieces(live.snapshot(), { entriesPerPiece: 1 });
      const nothingNew = await serializePieces(live.snapshot(), { entriesPerPiece: 1, since });
      // the meta piece and one per stream revision, and no claim, report or source again
      expect(nothingNew).toHaveLength(1 + live.revisions.size);
      expect(whole.length).toBeGreaterThan(nothingNew.length + live.state.claims.size);
    });
  });

  it('count chain roots, not subjects, towards a piece: one subject can hold most of them', async () => {
    await withThirtyClaims(async (store, log) => {
      const live = folded(store, log);
      const perPiece = 6;
      // Each subject's roots by property, as rows of the claim table.
      const rootsOf = (byProperty: [string, Int32Array][]) => byProperty.reduce((n, [, roots]) => n + roots.length, 0);
      const chainRootPieces = (await serializePieces(live.snapshot(), { entriesPerPiece: perPiece }))
        .map((piece) => deserialize(piece) as { kind: string; entries?: [string, [string, Int32Array][]][] })
        .filter((piece) => piece.kind === 'chainRoots')
        .map((piece) => piece.entries!);
      const subjects = live.state.chainRoots.size;
      expect(subjects).toBeLessThan(perPiece);
      // Fewer subjects than a piece holds, yet more roots: counted by roots, they take several pieces.
      expect(chainRootPieces.length).toBeGreaterThan(1);
      for (const entries of chainRootPieces) {
        // A piece is written as soon as it reaches the count, so all but its last entry hold fewer.
        expect(entries.slice(0, -1).reduce((n, [, byProperty]) => n + rootsOf(byProperty), 0)).toBeLessThan(perPiece);
      }
      expect(chainRootPieces.flat().map(([subject]) => subject).sort()).toEqual([...live.state.chainRoots.keys()].sort());
    });
  });

  it('hand each piece to `emit` before making the next, keeping none: a save writes them as they come', async () => {
    await withThirtyClaims(async (store, log) => {
      const live = folded(store, log);
      const kept = await serializePieces(live.snapshot(), { entriesPerPiece: 1 });
      const emitted: Buffer[] = [];
      let madeWhileOneWasPending = false;
      let pending = false;
      const returned = await serializePieces(live.snapshot(), {
        entriesPerPiece: 1,
        emit: async (piece) => {
          madeWhileOneWasPending ||= pending;
          pending = true;
          emitted.push(piece);
          await new Promise((resolve) => setImmediate(resolve));
          pending = false;
        },
      });
      expect(returned).toEqual([]);
      expect(madeWhileOneWasPending).toBe(false);
      expect(emitted).toEqual(kept);
    });
  });

  it('let the event loop run between pieces', async () => {
    await withThirtyClaims(async (store, log) => {
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
    });
  });
});
