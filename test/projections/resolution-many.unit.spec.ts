import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEDGE_ORDER, RELIABILITY_ORDER } from '../../src/domain/commands.js';
import { resolve, type Candidate } from '../../src/domain/resolution.js';
import { byRank } from '../support/rank-oracle.js';

const candidateArbitrary = (position: number) =>
  fc.record({
    hedge: fc.constantFrom(...HEDGE_ORDER),
    reliability: fc.constantFrom(...RELIABILITY_ORDER),
    publishedAt: fc.option(fc.constantFrom('2026-11-20T00:00:00Z', '2026-11-21T12:00:00Z', '2026-11-22T00:00:00+03:00'), { nil: null }),
    value: fc.oneof(fc.constantFrom('completed', 'underway'), fc.record({ mode: fc.constantFrom('helicopter', 'convoy') })),
  }).map(
    (fields): Candidate => ({ ...fields, claimId: `c${position}`, sourceId: 's1', reportId: 'r1', position: BigInt(position) }),
  );

describe('resolution policy with many candidates', () => {
  it('ranks exactly as the byRank comparator orders them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidateArbitrary(i + 1)))), (candidates) => {
        const resolved = resolve(candidates, false);
        const expected = [...candidates].sort(byRank).map((c) => c.claimId);
        expect(resolved === null ? [] : [resolved.claimId, ...resolved.alternatives.map((a) => a.claimId)]).toEqual(expected);
      }),
    );
  });

  it('flags a conflict between different values and none between equal ones, objects compared by content', () => {
    const base = { claimId: 'c', sourceId: 's1', reportId: 'r1', hedge: 'stated', reliability: 'C', publishedAt: null } as const;
    const of = (values: unknown[]) => resolve(values.map((value, i) => ({ ...base, claimId: `c${i}`, value, position: BigInt(i + 1) })), false)!;
    expect(of(['completed', 'completed']).conflict).toBe(false);
    expect(of(['completed', 'underway']).conflict).toBe(true);
    expect(of([{ mode: 'helicopter', operator: 'x' }, { operator: 'x', mode: 'helicopter' }]).conflict).toBe(false);
    expect(of([{ mode: 'helicopter' }, 'helicopter']).conflict).toBe(true);
  });

  it('resolves a key with 200,000 standing quantities', () => {
    const candidates: Candidate[] = Array.from({ length: 200_000 }, (_, i) => ({
      claimId: `c${i}`,
      value: { kind: 'exact', n: i % 2 === 0 ? 150 : 152 },
      sourceId: 's1',
      reportId: 'r1',
      hedge: 'stated',
      reliability: 'C',
      publishedAt: null,
      position: BigInt(i + 1),
    }));
    const resolved = resolve(candidates, true)!;
    expect(resolved.claimId).toBe('c199999');
    expect(resolved.conflict).toBe(true);
    expect(resolved.alternatives).toHaveLength(199_999);
  });
});
