import { eventOf } from '../../src/domain/events.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refreshCounts } from '../../projections/group-refresh.js';
import { transfers } from '../../projections/transfers.js';
import type { LedgerEvent } from '../../src/domain/events.js';
import { commandsFor, intents, PRELUDE, propertyRuns, subjectsOf, type Vocabulary } from '../support/command-sequences.js';
import { assertClaim, exact } from '../support/commands.js';
import { InMemoryLog, logOf } from '../support/in-memory-log.js';
import { bodiesAt } from '../support/views.js';

const VOCABULARY: Vocabulary = {
  prefix: 'v-',
  transfers: ['transfer:v1', 'transfer:v2', 'transfer:v3'],
  facilities: ['facility:vx', 'facility:vy'],
  operations: ['operation:op'],
};
const SUBJECTS = subjectsOf(VOCABULARY);

describe('views asked again after more events', () => {
  it('equal the views of a state that folded the same events and was never asked before', () => {
    const before = { ...refreshCounts };
    fc.assert(
      fc.property(intents(40), fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 10 }), (steps, chunks) => {
        // given one log's commands, folded in chunks with the views read after each
        const commands = commandsFor(steps, VOCABULARY);
        const read = logOf(...PRELUDE);
        let start = 0;
        for (let k = 0; start < commands.length; k += 1) {
          const size = 1 + chunks[k % chunks.length]!;
          read.record(...commands.slice(start, start + size));
          bodiesAt(read.now(), SUBJECTS);
          start += size;
        }
        // then the last reading is what a state folded at once and read once gives
        const fresh = logOf(...PRELUDE, ...commands);
        expect(bodiesAt(read.now(), SUBJECTS)).toEqual(bodiesAt(fresh.now(), SUBJECTS));
      }),
      { numRuns: propertyRuns(60) },
    );
    // and the readings refreshed earlier answers (a reading after an alias, or after more
    // than a quarter of these short logs, is answered whole)
    expect(refreshCounts.partial - before.partial).toBeGreaterThan(0);
  });

  it('after one more claim, resolve only its transfer again, and reuse the others as they were', () => {
    // given a log with claims about three transfers, read once
    const steps = Array.from({ length: 30 }, (_, i) => ({ kind: 'assert' as const, subject: i, property: 0, value: i, source: i, report: i, hedge: i }));
    const log = logOf(...PRELUDE, ...commandsFor(steps, VOCABULARY));
    const first = transfers(log.now());
    expect(first.map((t) => t.subject)).toEqual(VOCABULARY.transfers);
    const before = { ...refreshCounts };

    // when one more claim about one of them is recorded and transfers read again
    log.record(assertClaim('w-1', 'transfer:v2', 'detainees.count', exact(999), { sourceId: 's-a', reportId: 'r-early' }));
    const second = transfers(log.now());

    // then that answer was a refresh, with the untouched transfers' views the same objects
    expect(refreshCounts.partial - before.partial).toBe(1);
    expect(refreshCounts.whole - before.whole).toBe(0);
    expect(second.filter((t, i) => t !== first[i]).map((t) => t.subject)).toEqual(['transfer:v2']);
    // and it is what a state that folded the same events at once gives
    expect(second).toEqual(transfers(new InMemoryLog().append(...log.events.map(eventOf)).now()));
  });

  it('resolve everything again when a report an earlier claim cited is recorded after it', () => {
    // given two claims on one count, the one citing a report not recorded yet ranking oldest
    const log = new InMemoryLog().append(
      { type: 'SourceRegistered', sourceId: 's1', name: 'S', kind: 'named-official', reliability: 'B' },
      { type: 'ReportRecorded', reportId: 'r-known', outlet: 'O', publishedAt: '2026-11-20T08:00:00Z' },
      claimed('c-known', 'r-known', 10),
      claimed('c-early', 'r-later', 20),
    ) as InMemoryLog;
    expect(transfers(log.now())[0]!.count?.value).toEqual(exact(10));

    // when that report is recorded, newer than the other
    log.append({ type: 'ReportRecorded', reportId: 'r-later', outlet: 'O', publishedAt: '2026-11-24T08:00:00Z' });

    // then the claim citing it wins, as a state folded at once has it
    expect(transfers(log.now())[0]!.count?.value).toEqual(exact(20));
  });

  it('resolve everything again when a source an earlier claim cited is registered after it', () => {
    // given two claims on one count from one report, the one citing a source not registered yet ranking lowest
    const log = new InMemoryLog().append(
      { type: 'SourceRegistered', sourceId: 's1', name: 'S', kind: 'named-official', reliability: 'B' },
      { type: 'ReportRecorded', reportId: 'r-known', outlet: 'O', publishedAt: '2026-11-20T08:00:00Z' },
      claimed('c-known', 'r-known', 10),
      claimed('c-early', 'r-known', 20, 's-later'),
    ) as InMemoryLog;
    expect(transfers(log.now())[0]!.count?.value).toEqual(exact(10));

    // when that source is registered, more reliable than the other
    log.append({ type: 'SourceRegistered', sourceId: 's-later', name: 'L', kind: 'named-official', reliability: 'A' });

    // then the claim citing it wins, as a state folded at once has it
    expect(transfers(log.now())[0]!.count?.value).toEqual(exact(20));
  });
});

function claimed(claimId: string, reportId: string, n: number, sourceId = 's1'): LedgerEvent {
  return {
    type: 'ClaimAsserted',
    claimId,
    subject: 'transfer:v1',
    property: 'detainees.count',
    value: exact(n),
    reportId,
    sourceId,
    hedge: 'stated',
  };
}
