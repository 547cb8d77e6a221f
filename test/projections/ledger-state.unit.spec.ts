import { describe, expect, it } from 'vitest';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';

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
