import { describe, expect, it } from 'vitest';
import { diff } from '../../projections/diff.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const T2 = 'transfer:t2';
const attribution = [registerSource('s1'), recordReport('r1')];

describe('diff projection', () => {
  it('lists each resolved value that changed between two positions, with the events that changed it', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.count', exact(150)), assertClaim('s', T1, 'status', 'completed'));
    const from = log.position;
    log.record(amendClaim('c2', 'c1', exact(152)), assertClaim('t2', T2, 'status', 'underway'));
    const changes = diff(log.state, from, log.position);
    expect(changes).toMatchObject({ from, to: log.position });
    expect(changes.changes.map((c) => [c.subject, c.key, c.before?.claimId ?? null, c.after?.claimId ?? null])).toEqual([
      [T1, 'detainees.count', 'c1', 'c2'],
      [T2, 'status', null, 't2'],
    ]);
    expect(changes.changes[0]!.events.map((e) => [e.event, e.claimId])).toEqual([['ClaimAmended', 'c2']]);
    expect(changes.changes[0]).toMatchObject({ before: { value: exact(150) }, after: { value: exact(152) } });
  });

  it('lists a value that disappeared, with after null', () => {
    const log = logOf(...attribution, assertClaim('s', T1, 'status', 'completed'));
    const from = log.position;
    log.record(retractClaim('x', 's'));
    expect(diff(log.state, from, log.position).changes).toEqual([
      expect.objectContaining({ subject: T1, key: 'status', after: null, events: [expect.objectContaining({ event: 'ClaimRetracted' })] }),
    ]);
  });

  it('lists nothing when a change was undone between the two points', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.count', exact(150)));
    const from = log.position;
    log.record(amendClaim('c2', 'c1', exact(152)), retractClaim('x', 'c2'));
    expect(diff(log.state, from, log.position).changes).toEqual([]);
  });

  it('lists nothing between a position and itself', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.count', exact(150)));
    expect(diff(log.state, log.position, log.position).changes).toEqual([]);
  });

  it('counts from the start of the log from position 0', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.count', exact(150)));
    expect(diff(log.state, 0n, log.position).changes).toEqual([
      expect.objectContaining({ key: 'detainees.count', before: null, after: expect.objectContaining({ claimId: 'c1' }) }),
    ]);
  });
});
