import { describe, expect, it } from 'vitest';
import { counts } from '../../projections/counts.js';
import {
  amendClaim,
  assertClaim,
  atLeast,
  atMost,
  exact,
  range,
  recordReport,
  registerSource,
  undisclosed,
} from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const T2 = 'transfer:t2';
const OP = 'operation:op';
const attribution = [registerSource('s1'), registerSource('centcom'), recordReport('r1')];
const countOf = (subject: string, value: unknown, claimId = `${subject}.count`) =>
  assertClaim(claimId, subject, 'detainees.count', value);
const checksNamed = (name: string, log = logOf()) => counts(log.now()).checks.filter((c) => c.name === name);

describe('counts projection: totals by interval arithmetic', () => {
  it('adds exact counts', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)), countOf(T2, exact(50)));
    expect(counts(log.now()).total).toEqual({ interval: [200, 200], transfers: 2 });
  });

  it('opens the upper bound when a transfer is undisclosed', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)), countOf(T2, undisclosed()));
    expect(counts(log.now()).total.interval).toEqual([150, null]);
  });

  it('opens the upper bound for a transfer with no count claimed at all', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)), assertClaim('c', T2, 'status', 'underway'));
    expect(counts(log.now()).total).toEqual({ interval: [150, null], transfers: 2 });
  });

  it('adds ranges and bounds', () => {
    const log = logOf(...attribution, countOf(T1, range(100, 200)), countOf(T2, atMost(50)), countOf('transfer:t3', atLeast(10)));
    expect(counts(log.now()).total.interval).toEqual([110, null]);
    const closed = logOf(...attribution, countOf(T1, range(100, 200)), countOf(T2, atMost(50)));
    expect(counts(closed.now()).total.interval).toEqual([100, 250]);
  });

  it('closes the upper bound with the planned total, and shows who planned it', () => {
    const log = logOf(
      ...attribution,
      countOf(T1, exact(150)),
      countOf(T2, undisclosed()),
      assertClaim('p', OP, 'planned.total', atMost(7000), { sourceId: 'centcom', hedge: 'indicated' }),
    );
    const view = counts(log.now());
    expect(view.total.interval).toEqual([150, 7000]);
    expect(view.planned).toMatchObject({ value: atMost(7000), interval: [0, 7000], sourceId: 'centcom', hedge: 'indicated' });
    expect(view.plannedBy).toBe(OP);
  });

  it('leaves out planned and cancelled transfers', () => {
    const log = logOf(
      ...attribution,
      countOf(T1, exact(150)),
      countOf(T2, exact(500)),
      assertClaim('s2', T2, 'status', 'planned'),
      countOf('transfer:t3', exact(70)),
      assertClaim('s3', 'transfer:t3', 'status', 'cancelled'),
    );
    expect(counts(log.now()).total).toEqual({ interval: [150, 150], transfers: 1 });
  });

  it('totals each group, opening a group a transfer does not break down up to its count', () => {
    const log = logOf(
      ...attribution,
      countOf(T1, exact(150)),
      assertClaim('g1', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(65) }),
      countOf(T2, exact(40)),
      assertClaim('g2', T2, 'detainees.byGroup', { Iraqi: exact(40) }),
    );
    expect(counts(log.now()).byGroup).toEqual({ Iraqi: { interval: [125, 125] }, foreign: { interval: [65, 105] } });
  });

  it('is empty before anything is claimed', () => {
    expect(counts(logOf().now())).toEqual({
      total: { interval: [0, 0], transfers: 0 },
      byGroup: {},
      planned: null,
      plannedBy: null,
      checks: [],
    });
  });
});

describe('counts projection: consistency checks', () => {
  it('passes groups-sum when the groups add up to the count (85 + 65 = 150)', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)), assertClaim('g', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(65) }));
    expect(checksNamed('groups-sum', log)).toEqual([
      { name: 'groups-sum', subject: T1, ok: true, detail: expect.stringContaining('150') },
    ]);
  });

  it('fails groups-sum when the groups cannot add up to the count, saying so', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)), assertClaim('g', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(60) }));
    const [check] = checksNamed('groups-sum', log);
    expect(check).toMatchObject({ ok: false, subject: T1 });
    expect(check!.detail).toMatch(/145.*150/);
  });

  it('passes groups-sum when ranges make the sum possible', () => {
    const log = logOf(...attribution, countOf(T1, range(140, 160)), assertClaim('g', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(60) }));
    expect(checksNamed('groups-sum', log)[0]?.ok).toBe(true);
  });

  it('follows the amended count in groups-sum', () => {
    const log = logOf(...attribution, countOf(T1, exact(150), 'c'), assertClaim('g', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(65) }));
    log.record(amendClaim('c2', 'c', exact(152)));
    expect(checksNamed('groups-sum', log)[0]?.ok).toBe(false);
  });

  it('passes facilities-within-count when the facilities hold no more than the transfer', () => {
    const log = logOf(
      ...attribution,
      countOf(T2, exact(150)),
      assertClaim('f1', T2, 'facility.assignment', { facility: 'facility:a', quantity: exact(100) }),
      assertClaim('f2', T2, 'facility.assignment', { facility: 'facility:b', quantity: exact(50) }),
    );
    expect(checksNamed('facilities-within-count', log)).toEqual([
      { name: 'facilities-within-count', subject: T2, ok: true, detail: expect.any(String) },
    ]);
  });

  it('fails facilities-within-count when the facilities hold more than the transfer', () => {
    const log = logOf(
      ...attribution,
      countOf(T2, exact(150)),
      assertClaim('f1', T2, 'facility.assignment', { facility: 'facility:a', quantity: exact(100) }),
      assertClaim('f2', T2, 'facility.assignment', { facility: 'facility:b', quantity: atLeast(60) }),
    );
    expect(checksNamed('facilities-within-count', log)[0]?.ok).toBe(false);
  });

  it('passes facilities-within-count against an undisclosed count', () => {
    const log = logOf(...attribution, countOf(T2, undisclosed()), assertClaim('f1', T2, 'facility.assignment', { facility: 'facility:a', quantity: exact(100) }));
    expect(checksNamed('facilities-within-count', log)[0]?.ok).toBe(true);
  });

  it('runs no facility check when no facility has a quantity', () => {
    const log = logOf(...attribution, countOf(T2, exact(10)), assertClaim('f1', T2, 'facility.assignment', { facility: 'facility:a' }));
    expect(checksNamed('facilities-within-count', log)).toEqual([]);
  });

  it('passes transfers-within-planned when the transfers fit the plan', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)), countOf(T2, undisclosed()), assertClaim('p', OP, 'planned.total', atMost(7000)));
    expect(checksNamed('transfers-within-planned', log)).toEqual([
      { name: 'transfers-within-planned', subject: OP, ok: true, detail: expect.stringContaining('7,000') },
    ]);
  });

  it('fails transfers-within-planned when the transfers exceed the plan, keeping the total a valid interval', () => {
    const log = logOf(...attribution, countOf(T1, exact(6000)), countOf(T2, atLeast(2000)), assertClaim('p', OP, 'planned.total', atMost(7000)));
    const view = counts(log.now());
    expect(view.checks.find((c) => c.name === 'transfers-within-planned')?.ok).toBe(false);
    // The plan cannot bound a total it is already below: the interval stays as the claims make it.
    expect(view.total.interval).toEqual([8000, null]);
  });

  it('keeps every group total a valid interval when a group exceeds the plan', () => {
    const log = logOf(
      ...attribution,
      countOf(T1, exact(9000)),
      assertClaim('g', T1, 'detainees.byGroup', { Iraqi: exact(9000) }),
      assertClaim('p', OP, 'planned.total', atMost(7000)),
    );
    expect(counts(log.now()).byGroup['Iraqi']).toEqual({ interval: [9000, 9000] });
  });

  it('runs no planned check without a planned total', () => {
    const log = logOf(...attribution, countOf(T1, exact(150)));
    expect(checksNamed('transfers-within-planned', log)).toEqual([]);
  });
});
