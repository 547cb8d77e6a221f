import { describe, expect, it } from 'vitest';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';
import { evolve, initialState, UnfiledRoots, type LedgerState } from '../../projections/ledger-state.js';

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

describe('ledger state: chains filed later, in runs', () => {
  /** chainRoots as nested entry lists, so that the order of subjects, properties and roots counts. */
  const filed = (state: LedgerState) =>
    [...state.chainRoots].map(([subject, byProperty]) => [subject, [...byProperty].map(([property, roots]) => [property, [...roots]])]);

  it('ends with the same state as filing each chain as it comes, in the same order', () => {
    // given claims about three subjects and several properties, one amended, one retracted
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

    // when the same events are folded with chains held back, filed every four and at the end
    const state = initialState();
    const unfiled = new UnfiledRoots(4);
    for (const event of log.events) evolve(state, event, unfiled);
    const beforeTheLast = filed(state);
    unfiled.fileInto(state);

    // then the first four were filed when the fourth came, the last two only when asked, and
    // now every chain is where filing each at once put it
    expect(beforeTheLast).toEqual([
      [T1, [['detainees.count', ['c1']], ['status', ['c3']]]],
      ['transfer:t2', [['status', ['c2']]]],
      ['facility:f1', [['facility.location', ['c5']]]],
    ]);
    expect(filed(state)).toEqual(filed(log.state));
    expect(filed(state)).toEqual([
      [T1, [['detainees.count', ['c1', 'c6']], ['status', ['c3']]]],
      ['transfer:t2', [['status', ['c2', 'c7']]]],
      ['facility:f1', [['facility.location', ['c5']]]],
    ]);
    expect(state).toEqual(log.state);
  });
});
