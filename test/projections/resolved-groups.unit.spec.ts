import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandsFor, intents, PRELUDE, propertyRuns, type Intent, type Vocabulary } from '../support/command-sequences.js';
import { logOf } from '../support/in-memory-log.js';
import { subjectsByCanonical, type AsOf } from '../../projections/as-of.js';
import { resolveGroups, resolveSubject } from '../../projections/resolved-keys.js';

const VOCABULARY: Vocabulary = {
  prefix: 'g-',
  transfers: ['transfer:t1', 'transfer:t2', 'transfer:t3'],
  facilities: ['facility:f1', 'facility:f2'],
  operations: ['operation:o1'],
};

/** A log of the steps' commands, read as of a position `cut` picks. */
function viewOf(steps: Intent[], cut: number): AsOf {
  const log = logOf(...PRELUDE);
  commandsFor(steps, VOCABULARY, log);
  return log.at(BigInt(cut % (log.events.length + 1)));
}

describe('resolving every group in one walk of the claims', () => {
  it('gives each group what resolveSubject gives it, key order included, at any position', () => {
    fc.assert(
      fc.property(intents(40), fc.nat(), (steps, cut) => {
        const view = viewOf(steps, cut);
        const groups = [...subjectsByCanonical(view)];
        const together = resolveGroups(view, groups);
        expect([...together.keys()]).toEqual(groups.map(([canonical]) => canonical));
        for (const [canonical, recorded] of groups) {
          const alone = resolveSubject(view, recorded);
          expect([...together.get(canonical)!]).toEqual([...alone]);
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it("gives each group the sources of every resolved value and of each one's alternatives, sorted", () => {
    fc.assert(
      fc.property(intents(40), fc.nat(), (steps, cut) => {
        const view = viewOf(steps, cut);
        for (const keys of resolveGroups(view, subjectsByCanonical(view)).values()) {
          const behind = new Set<string>();
          for (const resolved of keys.values()) {
            behind.add(resolved.sourceId);
            for (const alternative of resolved.alternatives) behind.add(alternative.sourceId);
          }
          expect(keys.sources).toEqual([...behind].sort());
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});
