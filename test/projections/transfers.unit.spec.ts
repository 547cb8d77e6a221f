import { describe, expect, it } from 'vitest';
import { transfer, transfers } from '../../projections/transfers.js';
import {
  aliasSubject,
  amendClaim,
  assertClaim,
  exact,
  recordReport,
  registerSource,
  retractClaim,
  undisclosed,
} from '../support/commands.js';
import { asJson } from '../support/as-json.js';
import { logOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const T2 = 'transfer:t2';
const attribution = [
  registerSource('s1', { reliability: 'B' }),
  registerSource('s2', { reliability: 'C' }),
  recordReport('r1'),
];

describe('transfers projection', () => {
  it('shows each interpreted property as a resolved value with its attribution', () => {
    // given
    const log = logOf(
      ...attribution,
      assertClaim('c1', T1, 'detainees.count', exact(150), {
        hedge: 'confirmed',
        quote: 'received 150',
        validTime: { text: 'last week', precision: 'week' },
      }),
      assertClaim('c2', T1, 'status', 'completed'),
      assertClaim('c3', T1, 'transport', { mode: 'helicopter', operator: 'International Coalition' }, { hedge: 'indicated' }),
      assertClaim('c4', T1, 'origin', 'SDF-run prisons'),
      assertClaim('c5', T1, 'destination', 'Iraq'),
      assertClaim('c6', T1, 'detainees.origins', ['Europe', 'Sudan']),
      assertClaim('c7', T1, 'detainees.profile', 'leaders'),
    );
    // when
    const [view] = transfers(log.now());
    // then
    expect(view).toMatchObject({ subject: T1, aliases: [], conflicts: [], sources: ['s1'] });
    expect(asJson(view!.count)).toEqual({
      value: { kind: 'exact', n: 150 },
      interval: [150, 150],
      claimId: 'c1',
      sourceId: 's1',
      hedge: 'confirmed',
      reportId: 'r1',
      quote: 'received 150',
      validTime: { text: 'last week', precision: 'week' },
      conflict: false,
      alternatives: [],
    });
    expect(view!.status).toMatchObject({ value: 'completed', claimId: 'c2', conflict: false });
    expect(view!.status).not.toHaveProperty('interval');
    expect(view!.transport?.value).toEqual({ mode: 'helicopter', operator: 'International Coalition' });
    expect(view!.origin?.value).toBe('SDF-run prisons');
    expect(view!.destination?.value).toBe('Iraq');
    expect(view!.origins?.value).toEqual(['Europe', 'Sudan']);
    expect(view!.profile?.value).toBe('leaders');
  });

  it('leaves what nobody claimed null, and lists transfers by subject', () => {
    const log = logOf(...attribution, assertClaim('c1', T2, 'status', 'underway'), assertClaim('c2', T1, 'status', 'completed'));
    const views = transfers(log.now());
    expect(views.map((t) => t.subject)).toEqual([T1, T2]);
    expect(views[1]).toMatchObject({ count: null, transport: null, origins: null, byGroup: {}, facilities: [] });
  });

  it('shows an undisclosed count as an interval open above', () => {
    const log = logOf(...attribution, assertClaim('c1', T2, 'detainees.count', undisclosed(), { hedge: 'reported' }));
    expect(transfer(log.now(), T2)?.count).toMatchObject({ value: { kind: 'undisclosed' }, interval: [0, null] });
  });

  it('splits a group breakdown into one resolved quantity per group', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(65) }, { hedge: 'indicated' }));
    const view = transfer(log.now(), T1)!;
    expect(Object.keys(view.byGroup).sort()).toEqual(['Iraqi', 'foreign']);
    expect(view.byGroup['Iraqi']).toMatchObject({ value: exact(85), interval: [85, 85], claimId: 'c1', hedge: 'indicated' });
    expect(view.byGroup['foreign']).toMatchObject({ interval: [65, 65] });
  });

  it('keeps a group named like an Object.prototype member as an ordinary group', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.byGroup', { constructor: exact(3), toString: exact(4) }));
    const view = transfer(log.now(), T1)!;
    expect(Object.keys(view.byGroup).sort()).toEqual(['constructor', 'toString']);
    expect(view.byGroup['constructor']?.interval).toEqual([3, 3]);
  });

  it('lists facility assignments with their quantity, merging claims that name the same facility', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', T2, 'facility.assignment', { facility: 'facility:al-hout' }, { hedge: 'reported' }),
      assertClaim('c2', T2, 'facility.assignment', { facility: 'facility:cropper', quantity: exact(40) }),
      assertClaim('c3', T2, 'facility.assignment', { facility: 'facility:al-hout' }, { sourceId: 's2', hedge: 'indicated' }),
    );
    const view = transfer(log.now(), T2)!;
    expect(view.facilities.map((f) => f.facility)).toEqual(['facility:al-hout', 'facility:cropper']);
    expect(asJson(view.facilities[0])).toMatchObject({
      assignment: { claimId: 'c1', conflict: false, alternatives: [{ claimId: 'c3', sourceId: 's2' }] },
      quantity: null,
    });
    expect(view.facilities[1]?.quantity).toMatchObject({ value: exact(40), interval: [40, 40], claimId: 'c2' });
    expect(view.sources).toEqual(['s1', 's2']);
  });

  it('keeps uninterpreted properties under other', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'investigation.nationalities', 'underway'));
    expect(transfer(log.now(), T1)?.other).toEqual({ 'investigation.nationalities': expect.objectContaining({ value: 'underway' }) });
  });

  it('lists the keys whose standing claims disagree', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', T1, 'detainees.count', exact(150)),
      assertClaim('c2', T1, 'detainees.count', exact(300), { sourceId: 's2' }),
      assertClaim('c3', T1, 'status', 'completed'),
      assertClaim('c4', T1, 'status', 'underway', { sourceId: 's2' }),
    );
    expect(transfer(log.now(), T1)?.conflicts.sort()).toEqual(['detainees.count', 'status']);
  });

  it('shows the amendment in place of the claim it amends, and nothing of a retracted claim', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', T1, 'detainees.count', exact(150)),
      amendClaim('c2', 'c1', exact(152)),
      assertClaim('c3', T1, 'status', 'completed'),
      retractClaim('x1', 'c3'),
    );
    const view = transfer(log.now(), T1)!;
    expect(asJson(view.count)).toMatchObject({ value: exact(152), claimId: 'c2', alternatives: [] });
    expect(view.status).toBeNull();
  });

  it('merges an aliased transfer into its canonical subject, found under either name', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', 'transfer:first', 'detainees.count', exact(150)),
      assertClaim('c2', T1, 'status', 'completed'),
      aliasSubject('transfer:first', T1),
    );
    const views = transfers(log.now());
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ subject: T1, aliases: ['transfer:first'], count: { claimId: 'c1' }, status: { claimId: 'c2' } });
    expect(transfer(log.now(), 'transfer:first')?.subject).toBe(T1);
  });

  it('finds a transfer under an alias that has no claims of its own', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'status', 'completed'), aliasSubject('transfer:first', T1));
    expect(transfer(log.now(), 'transfer:first')?.subject).toBe(T1);
  });

  it('shows the transfer as it stood at an earlier position', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.count', exact(150)));
    const before = log.position;
    log.record(amendClaim('c2', 'c1', exact(152)), assertClaim('c3', T2, 'status', 'planned'));
    expect(transfer(log.at(before), T1)?.count?.value).toEqual(exact(150));
    expect(transfers(log.at(before)).map((t) => t.subject)).toEqual([T1]);
    expect(transfers(log.at(0n))).toEqual([]);
  });

  it('ignores subjects of other kinds', () => {
    const log = logOf(...attribution, assertClaim('c1', 'operation:op', 'planned.total', exact(10)));
    expect(transfers(log.now())).toEqual([]);
  });
});
