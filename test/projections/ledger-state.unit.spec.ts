import { describe, expect, it } from 'vitest';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';
import { evolve, initialState, type LedgerState } from '../../projections/ledger-state.js';
import { LateFiling } from '../../projections/late-filing.js';

const T1 = 'transfer:t1';

describe('ledger state: claim records', () => {
  const story = () =>
    logOf(
      registerSource('s1'),
      recordReport('r1'),
      assertClaim('c1', T1, 'detainees.count', exact(150)),
      assertClaim('c2', T1, 'status', 'completed'),
    );

  it('lists amendments only on the claim they amend, in log order', () => {
    // given two claims, one amended twice (the first amendment retracted in between)
    const log = story().record(amendClaim('c3', 'c1', exact(152)), retractClaim('x1', 'c3'), amendClaim('c4', 'c1', exact(153)));

    // then
    expect(log.state.claims.get('c1')!.amendedBy).toEqual(['c3', 'c4']);
    expect(log.state.claims.get('c2')!.amendedBy).toEqual([]);
    expect(log.state.claims.get('c3')!.amendedBy).toEqual([]);
    expect(log.state.chains.get('c1')).toEqual(['c1', 'c3', 'c4']);
  });

  it('keeps every record with the same fields, in the same order, whatever event made it', () => {
    const log = story().record(amendClaim('c3', 'c1', exact(152)));
    const fields = [...log.state.claims.values()].map((record) => Object.keys(record).join(','));
    expect(new Set(fields)).toEqual(new Set(['type,event,position,recordedAt,actor,root,retraction,amendedBy,version']));
    expect(Object.keys(log.state.reports.get('r1')!)).toEqual(['type', 'event', 'position', 'recordedAt', 'actor']);
  });

  it('keeps each event’s type beside its data, and the data as the store gave it', () => {
    const log = story().record(amendClaim('c3', 'c1', exact(152)), retractClaim('x1', 'c3'));
    expect(log.state.claims.get('c1')!.type).toBe('ClaimAsserted');
    expect(log.state.claims.get('c3')!.type).toBe('ClaimAmended');
    expect(log.state.retractions.get('x1')!.type).toBe('ClaimRetracted');
    expect(log.state.sources.get('s1')!.type).toBe('SourceRegistered');
    for (const record of [...log.state.claims.values(), log.state.reports.get('r1')!]) expect(record.event).not.toHaveProperty('type');
  });
});

describe('ledger state: filing held back and done in runs', () => {
  /** chainRoots as nested entry lists, so that the order of subjects, properties and roots counts. */
  const filed = (state: LedgerState) =>
    [...state.chainRoots].map(([subject, byProperty]) => [subject, [...byProperty].map(([property, roots]) => [property, [...roots]])]);

  it('ends with the same state as filing each as it comes, in the same order', () => {
    // given a report, chains about three subjects and several properties, an amendment and a retraction
    const log = logOf(
      registerSource('s1'),
      recordReport('r1'),
      assertClaim('c1', T1, 'detainees.count', exact(150)),
      assertClaim('c2', 'transfer:t2', 'status', 'completed'),
      assertClaim('c3', T1, 'status', 'planned'),
      amendClaim('c4', 'c1', exact(152)),
      assertClaim('c5', 'facility:f1', 'facility.location', 'Hasakah'),
      assertClaim('c6', T1, 'detainees.count', exact(149)),
      retractClaim('x1', 'c2'),
      assertClaim('c7', 'transfer:t2', 'status', 'cancelled'),
    );

    // when the same events are folded with four held back at a time, and the rest filed at the end
    const state = initialState();
    const filing = new LateFiling(4);
    for (const event of log.events) evolve(state, event, filing);
    const beforeTheEnd = { chainRoots: filed(state), chains: [...state.chains], reports: [...state.reports.keys()], retractions: [...state.retractions.keys()] };
    filing.fileInto(state);

    // then the first eight were filed as the fourth and the eighth came (the report, c1-c3;
    // the amendment, c5, c6, the retraction), the last chain only when asked
    expect(beforeTheEnd).toEqual({
      chainRoots: [
        [T1, [['detainees.count', ['c1', 'c6']], ['status', ['c3']]]],
        ['transfer:t2', [['status', ['c2']]]],
        ['facility:f1', [['facility.location', ['c5']]]],
      ],
      chains: [['c1', ['c1', 'c4']]],
      reports: ['r1'],
      retractions: ['x1'],
    });
    // and now everything is where filing each at once put it, in the same order
    expect(filed(state)).toEqual(filed(log.state));
    expect(state).toEqual(log.state);
  });
});
