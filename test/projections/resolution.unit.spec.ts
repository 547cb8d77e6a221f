import { describe, expect, it } from 'vitest';
import { resolve, type Candidate } from '../../src/domain/resolution.js';
import { transfer } from '../../projections/transfers.js';
import { assertClaim, atLeast, atMost, exact, range, recordReport, registerSource, undisclosed } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';
import { candidate } from '../support/candidate.js';

const T1 = 'transfer:t1';

const winner = (candidates: Candidate[], quantity = true) => resolve(candidates, quantity)?.claimId;

describe('resolution policy: ranking', () => {
  it('ranks by hedge first, whatever the reliability, time or position', () => {
    const confirmed = candidate('weak-source', { hedge: 'confirmed', reliability: 'E', position: 1n });
    const indicated = candidate('strong-source', { hedge: 'indicated', reliability: 'A', position: 9n, publishedAt: '2026-11-30T00:00:00Z' });
    expect(winner([indicated, confirmed])).toBe('weak-source');
  });

  it('orders hedges confirmed > stated > reported > indicated > unconfirmed', () => {
    const hedges = ['unconfirmed', 'indicated', 'reported', 'stated', 'confirmed'] as const;
    const ranked = resolve(hedges.map((hedge, i) => candidate(hedge, { hedge, position: BigInt(i + 1) })), true)!;
    expect([ranked.claimId, ...ranked.alternatives.map((a) => a.claimId)]).toEqual([...hedges].reverse());
  });

  it('breaks a hedge tie by source reliability (A before F)', () => {
    expect(winner([candidate('f', { reliability: 'F', position: 9n }), candidate('b', { reliability: 'B' })])).toBe('b');
  });

  it('breaks a reliability tie by published time, newest first', () => {
    const older = candidate('older', { publishedAt: '2026-11-20T00:00:00Z', position: 9n });
    const newer = candidate('newer', { publishedAt: '2026-11-21T00:00:00Z' });
    expect(winner([older, newer])).toBe('newer');
  });

  it('counts an unknown published time as the oldest', () => {
    const unknown = candidate('unknown', { publishedAt: null, position: 9n });
    const dated = candidate('dated', { publishedAt: '2000-01-01T00:00:00Z' });
    expect(winner([unknown, dated])).toBe('dated');
  });

  it('compares published times as instants, not strings', () => {
    const utc = candidate('utc', { publishedAt: '2026-11-20T10:00:00Z' });
    const laterInstant = candidate('plus-three', { publishedAt: '2026-11-20T12:00:00+01:00' });
    expect(winner([utc, laterInstant])).toBe('plus-three');
  });

  it('breaks the last tie by position, newest first', () => {
    expect(winner([candidate('first', { position: 1n }), candidate('second', { position: 2n })])).toBe('second');
  });

  it('gives null when nothing stands', () => {
    expect(resolve([], true)).toBeNull();
  });

  it('ranks through the projections with reliability and published time from the registry', () => {
    const log = logOf(
      registerSource('reliable', { reliability: 'A' }),
      registerSource('unknown'),
      recordReport('old', { publishedAt: '2026-11-01T00:00:00Z' }),
      recordReport('new', { publishedAt: '2026-11-20T00:00:00Z' }),
      assertClaim('c1', T1, 'status', 'completed', { sourceId: 'unknown', reportId: 'new' }),
      assertClaim('c2', T1, 'status', 'completed', { sourceId: 'reliable', reportId: 'old' }),
      assertClaim('c3', T1, 'status', 'completed', { sourceId: 'unknown', reportId: 'new', hedge: 'reported' }),
    );
    const status = transfer(log.now(), T1)!.status!;
    expect([status.claimId, ...status.alternatives.map((a) => a.claimId)]).toEqual(['c2', 'c1', 'c3']);
    expect(status.alternatives.at(0)).toEqual({ value: 'completed', claimId: 'c1', sourceId: 'unknown', reportId: 'new', hedge: 'stated' });
  });
});

describe('resolution policy: conflict flag', () => {
  const quantities = (...values: unknown[]) => values.map((value, i) => candidate(`c${i}`, { value, position: BigInt(i + 1) }));

  it('flags quantities whose intervals are disjoint', () => {
    expect(resolve(quantities(exact(150), exact(152)), true)?.conflict).toBe(true);
    expect(resolve(quantities(range(100, 149), atLeast(150)), true)?.conflict).toBe(true);
    expect(resolve(quantities(atMost(99), exact(100)), true)?.conflict).toBe(true);
  });

  it('does not flag quantities whose intervals meet', () => {
    expect(resolve(quantities(exact(150), range(100, 200)), true)?.conflict).toBe(false);
    expect(resolve(quantities(range(100, 150), atLeast(150)), true)?.conflict).toBe(false);
    expect(resolve(quantities(exact(150), undisclosed()), true)?.conflict).toBe(false);
    expect(resolve(quantities(atMost(7000), exact(150), exact(150)), true)?.conflict).toBe(false);
  });

  it('flags a disjoint pair among many even when each meets the top claim', () => {
    // [0,∞) meets both, but 100 and 200 cannot both hold.
    expect(resolve(quantities(undisclosed(), exact(100), exact(200)), true)?.conflict).toBe(true);
  });

  it('gives every quantity alternative its interval', () => {
    const resolved = resolve(quantities(exact(150), atLeast(10)), true)!;
    expect(resolved.interval).toEqual([10, null]);
    expect(resolved.alternatives.map((a) => a.interval)).toEqual([[150, 150]]);
  });

  it('flags differing non-quantity values, compared as JSON regardless of key order', () => {
    expect(resolve(quantities('completed', 'underway'), false)?.conflict).toBe(true);
    expect(resolve(quantities({ mode: 'helicopter', operator: 'X' }, { operator: 'X', mode: 'helicopter' }), false)?.conflict).toBe(false);
    expect(resolve(quantities(['Europe', 'Sudan'], ['Sudan', 'Europe']), false)?.conflict).toBe(true);
  });

  it('does not flag one claim alone', () => {
    expect(resolve(quantities(exact(1)), true)?.conflict).toBe(false);
  });
});
