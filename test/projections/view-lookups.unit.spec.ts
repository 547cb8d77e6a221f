import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEDGE_ORDER, RELIABILITY_ORDER } from '../../src/domain/commands.js';
import { compareRanked, rankedCandidate, type Candidate } from '../../src/domain/resolution.js';
import { byRank } from '../support/rank-oracle.js';
import { facilityKeysOf, groupKeyOf, lookupsAt, rankedOf, viewLookups, withValue } from '../../projections/view-lookups.js';
import { aliasSubject, assertClaim, exact, recordReport, registerSource } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';
import type { ClaimEvent } from '../../projections/claim-table.js';

const candidateArb: fc.Arbitrary<Candidate> = fc.record({
  claimId: fc.constant('c'),
  value: fc.constant(1),
  sourceId: fc.constant('s'),
  reportId: fc.constant('r'),
  hedge: fc.constantFrom(...HEDGE_ORDER),
  position: fc.bigInt({ min: 1n, max: 20n }),
  reliability: fc.constantFrom(...RELIABILITY_ORDER),
  publishedAt: fc.constantFrom(null, '2026-11-24T10:00:00Z', '2026-11-24T12:00:00+02:00', '2026-11-25T09:30:00.5Z'),
});

describe('ranking on numbers worked out once', () => {
  it('orders any two candidates as byRank does', () => {
    fc.assert(
      fc.property(candidateArb, candidateArb, (a, b) => {
        expect(Math.sign(compareRanked(rankedCandidate(a), rankedCandidate(b)))).toBe(Math.sign(byRank(a, b)));
      }),
    );
  });
});

describe('look-ups of one view', () => {
  it('takes reliability from the source and published time from the report; unknown ones rank as F and oldest', () => {
    const log = logOf(
      registerSource('s1', { reliability: 'B' }),
      recordReport('r1', { publishedAt: '2026-11-24T10:00:00+01:00' }),
      assertClaim('c1', 'transfer:t1', 'detainees.count', exact(3)),
    );
    // A log from before sources and reports were checked may name ones never registered.
    log.append({ ...(log.events.at(-1)!.event as ClaimEvent), type: 'ClaimAsserted', claimId: 'c2', sourceId: 'nobody', reportId: 'nothing' });
    const lookups = viewLookups(log.now());
    const row = log.state.claims.find('c1')!;
    expect(rankedOf(lookups, row)).toMatchObject({
      facts: row,
      value: exact(3),
      hedge: HEDGE_ORDER.indexOf('stated'),
      reliability: RELIABILITY_ORDER.indexOf('B'),
      published: Date.parse('2026-11-24T09:00:00Z'),
      position: log.state.claims.get('c1')!.position,
    });
    const unknown = log.state.claims.find('c2')!;
    expect(withValue(rankedOf(lookups, unknown), 'split value')).toMatchObject({
      value: 'split value',
      reliability: RELIABILITY_ORDER.indexOf('F'),
      published: -Infinity,
    });
  });

  it('names split keys after the canonical facility as of the view, once per facility and group', () => {
    const log = logOf(aliasSubject('facility:old', 'facility:new'));
    const keys = facilityKeysOf(viewLookups(log.now()), 'facility:old');
    expect(keys).toEqual({
      canonical: 'facility:new',
      assignment: 'facility.assignment[facility:new]',
      quantity: 'facility.assignment[facility:new].quantity',
      assigned: { facility: 'facility:new' },
    });
    expect(facilityKeysOf(viewLookups(log.at(0n)), 'facility:old').canonical).toBe('facility:old');
    const lookups = viewLookups(log.now());
    expect(groupKeyOf(lookups, 'Iraqi')).toBe('detainees.byGroup.Iraqi');
    expect(facilityKeysOf(lookups, 'facility:old')).toBe(facilityKeysOf(lookups, 'facility:old'));
  });

  it('shares with a view of another position only what the position does not change', () => {
    const log = logOf(aliasSubject('facility:old', 'facility:new'));
    const now = viewLookups(log.now());
    expect(facilityKeysOf(now, 'facility:old').canonical).toBe('facility:new');
    const before = lookupsAt(now, log.at(0n));
    expect(facilityKeysOf(before, 'facility:old').canonical).toBe('facility:old');
    expect(before.publishedByReport).toBe(now.publishedByReport);
    expect(before.reliabilityBySource).toBe(now.reliabilityBySource);
    expect(() => lookupsAt(now, logOf().now())).toThrow('look-ups are shared only between views of one state');
  });
});
