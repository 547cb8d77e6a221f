import { describe, expect, it } from 'vitest';
import { claimsOf, conflictsOf } from '../../dashboard/src/conflicts.js';
import { keyLabel, showInterval, showValue } from '../../dashboard/src/format.js';
import type { Picture, Resolved, Transfer } from '../../dashboard/src/types.js';

describe('numbers as readers say them', () => {
  it.each([
    [[150, 150], '150'],
    [[0, 7000], 'at most 7,000'],
    [[150, null], 'at least 150'],
    [[0, null], 'unknown'],
    [[150, 7000], '150–7,000'],
  ] as const)('interval %j → %s', (interval, text) => {
    expect(showInterval([...interval])).toBe(text);
  });

  it.each([
    [{ kind: 'exact', n: 150 }, '150'],
    [{ kind: 'approximate', n: 7000 }, 'about 7,000'],
    [{ kind: 'atMost', max: 7000 }, 'at most 7,000'],
    [{ kind: 'undisclosed' }, 'undisclosed'],
    [{ mode: 'helicopter', operator: 'International Coalition' }, 'helicopter, by International Coalition'],
    [{ facility: 'facility:al-hout' }, 'Al-Hout Prison'],
    [['Europe', 'Sudan'], 'Europe, Sudan'],
    [{ anything: 1 }, '{"anything":1}'],
  ])('value %j → %s', (value, text) => {
    expect(showValue(value, new Map([['facility:al-hout', 'Al-Hout Prison']]))).toBe(text);
  });

  it('labels split keys by what they split', () => {
    const names = new Map([['facility:cropper', 'Cropper Prison']]);
    expect(keyLabel('detainees.byGroup.Iraqi')).toBe('Iraqi detainees');
    expect(keyLabel('facility.assignment[facility:cropper]', names)).toBe('Assigned to Cropper Prison');
    expect(keyLabel('facility.assignment[facility:cropper].quantity', names)).toBe('Held at Cropper Prison');
  });
});

describe('the conflicts panel', () => {
  const resolved = (over: Partial<Resolved>): Resolved => ({
    value: { kind: 'exact', n: 150 }, interval: [150, 150], claimId: 'a', sourceId: 's', hedge: 'confirmed',
    reportId: 'r', conflict: false, alternatives: [], ...over,
  });
  const transfer = (over: Partial<Transfer>): Transfer => ({
    subject: 'transfer:t', aliases: [], status: null, count: null, origin: null, destination: null, transport: null,
    byGroup: {}, origins: null, profile: null, facilities: [], other: {}, conflicts: [], sources: [], ...over,
  });
  const asOf = { position: 1, recordedAt: null, events: 1 };
  const picture = (transfers: Transfer[]): Picture => ({
    transfers: { asOf, transfers, next: null },
    counts: { asOf, total: { interval: [0, 0], transfers: 0 }, byGroup: {}, planned: null, plannedBy: null, checks: [] },
    facilities: { asOf, facilities: [], next: null },
  });

  it('finds every conflicting key, split keys included, and sets each claim beside its rivals', () => {
    const rival = { value: { kind: 'exact', n: 120 }, interval: [120, 120] as [number, number], claimId: 'b', sourceId: 'o', reportId: 'r', hedge: 'stated', quote: 'some 120' };
    const count = resolved({ conflict: true, alternatives: [rival] });
    const group = resolved({ conflict: true, claimId: 'g' });
    const found = conflictsOf(picture([transfer({ count, byGroup: { Iraqi: group }, status: resolved({ value: 'completed' }) })]));
    expect(found.map((c) => c.key)).toEqual(['detainees.count', 'detainees.byGroup.Iraqi']);
    expect(claimsOf(count).map((c) => c.claimId)).toEqual(['a', 'b']);
    expect(claimsOf(count)[1]).toMatchObject({ quote: 'some 120', sourceId: 'o' });
  });

  it('no conflict, no entry', () => {
    expect(conflictsOf(picture([transfer({ count: resolved({}) })]))).toEqual([]);
  });
});
