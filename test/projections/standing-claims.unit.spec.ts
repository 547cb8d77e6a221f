import { describe, expect, it } from 'vitest';
import { standingBySubject } from '../../projections/standing-claims.js';
import { amendClaim, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';

const claimIds = (walk: ReturnType<typeof standingBySubject>, subject: string) =>
  walk.bySubject.get(subject)?.claims.map((claim) => claim.event.claimId);

describe('the standing claims of every subject, in one walk', () => {
  it('holds the standing link of each chain under its first claim’s subject, with its report’s published time', () => {
    // given a chain amended once, a retracted claim and a claim citing a report with no published time
    const log = logOf(
      registerSource('s1'),
      recordReport('r1', { publishedAt: '2026-11-24T10:00:00Z' }),
      recordReport('r2'),
      assertClaim('c1', 'transfer:t1', 'detainees.count', exact(3)),
      amendClaim('c2', 'c1', exact(4)),
      assertClaim('c3', 'transfer:t1', 'status', 'completed'),
      retractClaim('x3', 'c3'),
      assertClaim('c4', 'transfer:t2', 'status', 'planned', { reportId: 'r2' }),
    );
    // when the claims are walked now
    const walk = standingBySubject(log.now());
    // then each subject has its standing links, and each link its report's time (none: oldest)
    expect(claimIds(walk, 'transfer:t1')).toEqual(['c2']);
    expect(walk.bySubject.get('transfer:t1')!.published).toEqual([Date.parse('2026-11-24T10:00:00Z')]);
    expect(claimIds(walk, 'transfer:t2')).toEqual(['c4']);
    expect(walk.bySubject.get('transfer:t2')!.published).toEqual([-Infinity]);
    // and the look-ups it kept know every report it cited (group-refresh relies on that)
    expect([...walk.lookups.published.keys()].sort()).toEqual(['r1', 'r2']);
  });

  it('walks as of the view’s position: later links, later retractions and later claims are not there', () => {
    const log = logOf(
      registerSource('s1'),
      recordReport('r1'),
      assertClaim('c1', 'transfer:t1', 'detainees.count', exact(3)),
      assertClaim('c3', 'transfer:t1', 'status', 'completed'),
    );
    const before = log.position;
    log.record(amendClaim('c2', 'c1', exact(4)), retractClaim('x3', 'c3'), assertClaim('c4', 'transfer:t2', 'status', 'planned'));
    expect(claimIds(standingBySubject(log.at(before)), 'transfer:t1')).toEqual(['c1', 'c3']);
    expect(claimIds(standingBySubject(log.at(before)), 'transfer:t2')).toBeUndefined();
    expect(claimIds(standingBySubject(log.now()), 'transfer:t1')).toEqual(['c2']);
  });

  it('is walked once per position of a state, and again once the state has folded more', () => {
    const log = logOf(registerSource('s1'), recordReport('r1'), assertClaim('c1', 'transfer:t1', 'status', 'planned'));
    const first = standingBySubject(log.now());
    expect(standingBySubject(log.now())).toBe(first);
    log.record(assertClaim('c2', 'transfer:t1', 'status', 'completed', { sourceId: 's1' }));
    const after = standingBySubject(log.now());
    expect(after).not.toBe(first);
    expect(claimIds(after, 'transfer:t1')).toEqual(['c1', 'c2']);
  });
});
