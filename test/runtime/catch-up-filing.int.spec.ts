import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { Ledger } from '../../src/runtime/ledger.js';
import { Projector } from '../../src/runtime/projector.js';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/store/contract.js';
import { inPages } from '../../src/store/in-pages.js';
import { commandsFor, intents, PRELUDE, propertyRuns, type Intent, type Vocabulary } from '../support/command-sequences.js';

const VOCABULARY: Vocabulary = {
  prefix: 'c-',
  transfers: ['transfer:t1', 'transfer:t2'],
  facilities: ['facility:f1', 'facility:f2'],
  operations: ['operation:op'],
};

/** The events of a ledger that recorded the prelude and then `steps`. */
async function logOf(steps: readonly Intent[]): Promise<{ store: EventStore; events: RecordedEvent[]; close(): Promise<void> }> {
  const ledger = await Ledger.open({ store: 'sqlite::memory:' });
  for (const command of [...PRELUDE, ...commandsFor(steps, VOCABULARY)]) {
    await ledger.execute([parseCommand(command)], { actor: 'catch-up' });
  }
  const events: RecordedEvent[] = [];
  for await (const event of ledger.store.readAll()) events.push(event);
  return { store: ledger.store, events, close: () => ledger.close() };
}

/**
 * The store, with its forward read cut into pages of `pageSize` and `betweenPages` called
 * each time the reader comes back for the next one (it has folded the page before).
 */
function pagedStore(store: EventStore, pageSize: number, betweenPages: () => void): EventStore {
  return Object.assign(Object.create(store) as EventStore, {
    async *readAllPages(options?: ReadAllOptions): AsyncGenerator<readonly RecordedEvent[]> {
      for await (const page of inPages(store.readAll(options), pageSize)) {
        yield page;
        if (page.length === pageSize) betweenPages();
      }
    },
  });
}

/** The state a projector reaches applying each event up to `position` at once, as the live projector does. */
function filedAtOnce(store: EventStore, events: readonly RecordedEvent[], position: bigint): Projector {
  const projector = new Projector(store);
  for (const event of events) if (event.position <= position) projector.apply(event);
  return projector;
}

/** What a projector holds, revisions as entries (their queue inside may differ). */
function pictureOf(projector: Projector) {
  const { state, revisions, seen } = projector.snapshot();
  return { state, revisions: new Map(revisions), seen };
}

describe('a catch-up read holds back what it files, and no reader sees the difference', () => {
  it('the state read between two pages of a catch-up equals the events so far filed at once', async () => {
    await fc.assert(
      fc.asyncProperty(intents(), fc.integer({ min: 1, max: 7 }), async (steps, pageSize) => {
        // given a log, and a projector catching up on it a page at a time
        const log = await logOf(steps);
        try {
          let reads = 0;
          const projector: Projector = new Projector(
            pagedStore(log.store, pageSize, () => {
              // when the state is read in the middle of the read
              reads += 1;
              const { state } = projector;
              // then it is the state the events read so far make, every chain and report filed
              expect(state).toEqual(filedAtOnce(log.store, log.events, projector.position).state);
            }),
          );
          await projector.foldToHead();
          expect(reads).toBe(Math.floor(log.events.length / pageSize));
          expect(pictureOf(projector)).toEqual(pictureOf(filedAtOnce(log.store, log.events, projector.position)));
        } finally {
          await log.close();
        }
      }),
      { numRuns: propertyRuns(25) },
    );
  });

  it('a catch-up the store breaks off leaves the state of the events it folded, every one filed', async () => {
    await fc.assert(
      fc.asyncProperty(intents(), fc.integer({ min: 1, max: 7 }), fc.nat(), async (steps, pageSize, failAt) => {
        // given a log whose forward read fails after some page
        const log = await logOf(steps);
        try {
          const pages = Math.floor(log.events.length / pageSize);
          let reads = 0;
          const failing = pagedStore(log.store, pageSize, () => {
            reads += 1;
            if (reads === 1 + (failAt % Math.max(pages, 1))) throw new Error('the store went away');
          });
          const projector = new Projector(failing);

          // when a projector catches up on it
          const caughtUp = await projector.foldToHead().then(
            () => 'read to the end',
            (error: Error) => error.message,
          );

          // then it stopped where the read failed, with every event it folded filed
          expect(caughtUp).toBe(pages > 0 ? 'the store went away' : 'read to the end');
          expect(projector.position).toBe(pages > 0 ? log.events[reads * pageSize - 1]!.position : log.events.at(-1)!.position);
          expect(pictureOf(projector)).toEqual(pictureOf(filedAtOnce(log.store, log.events, projector.position)));
        } finally {
          await log.close();
        }
      }),
      { numRuns: propertyRuns(25) },
    );
  });
});
