import { describe, expect, it } from 'vitest';
import { history } from '../../projections/claim-history.js';
import {
  aliasSubject,
  amendClaim,
  assertClaim,
  exact,
  recordReport,
  registerSource,
  retractClaim,
} from '../support/commands.js';
import { asJson } from '../support/as-json.js';
import { logOf, recordedAtOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const attribution = [registerSource('s1', { reliability: 'B' }), registerSource('s2'), recordReport('r1'), recordReport('r2')];
/** position:event:claimId → the claim the key resolved to after it (or null). */
const steps = (entries: { position: bigint; event: string; claimId: string | null; resolvedAfter: { claimId: string } | null }[] = []) =>
  entries.map((e) => `${e.position}:${e.event}:${e.claimId}→${e.resolvedAfter?.claimId ?? null}`);

describe('claim-history projection', () => {
  it('lists every claim, amendment and retraction in log order with the value resolved after each', () => {
    // given a claim, a competing claim, an amendment and the amendment's retraction
    const log = logOf(
      ...attribution,
      assertClaim('c1', T1, 'detainees.count', exact(150), { hedge: 'confirmed', quote: 'received 150' }),
      assertClaim('c2', T1, 'detainees.count', exact(140), { sourceId: 's2', hedge: 'indicated' }),
      amendClaim('c3', 'c1', exact(152), { reportId: 'r2', hedge: 'confirmed', reason: 'revised figure' }),
      retractClaim('x1', 'c3', { reportId: 'r2', reason: 'typo', reasonCode: 'incorrect' }),
    );
    // when
    const found = history(log.now(), T1)!;
    // then
    expect(found.subject).toBe(T1);
    expect(Object.keys(found.properties)).toEqual(['detainees.count']);
    const entries = found.properties['detainees.count']!;
    expect(steps(entries)).toEqual(['5:ClaimAsserted:c1→c1', '6:ClaimAsserted:c2→c1', '7:ClaimAmended:c3→c3', '8:ClaimRetracted:c3→c1']);
    expect(entries[0]).toMatchObject({
      recordedAt: recordedAtOf(5n),
      actor: 'test',
      sourceId: 's1',
      reportId: 'r1',
      hedge: 'confirmed',
      value: exact(150),
      quote: 'received 150',
    });
    expect(entries[2]).toMatchObject({ amends: 'c1', reason: 'revised figure', value: exact(152) });
    expect(entries[3]).toMatchObject({ retractionId: 'x1', reason: 'typo', reasonCode: 'incorrect', reportId: 'r2' });
    expect(entries[3]).not.toHaveProperty('value');
    // the retraction of the amendment brings back the value before it, with its alternative
    expect(asJson(entries[3]!.resolvedAfter)).toMatchObject({ value: exact(150), conflict: true, alternatives: [{ claimId: 'c2' }] });
  });

  it('shows null once nothing stands', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'status', 'completed'), retractClaim('x1', 'c1'));
    expect(steps(history(log.now(), T1)!.properties['status'])).toEqual(['5:ClaimAsserted:c1→c1', '6:ClaimRetracted:c1→null']);
  });

  it('splits a group breakdown into a history per group, narrowed by property', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', T1, 'status', 'completed'),
      assertClaim('g1', T1, 'detainees.byGroup', { Iraqi: exact(85), foreign: exact(65) }),
      amendClaim('g2', 'g1', { Iraqi: exact(87), foreign: exact(65) }),
    );
    const found = history(log.now(), T1, { property: 'detainees.byGroup' })!;
    expect(Object.keys(found.properties).sort()).toEqual(['detainees.byGroup.Iraqi', 'detainees.byGroup.foreign']);
    expect(steps(found.properties['detainees.byGroup.Iraqi'])).toEqual(['6:ClaimAsserted:g1→g1', '7:ClaimAmended:g2→g2']);
    expect(found.properties['detainees.byGroup.Iraqi']![1]!.resolvedAfter).toMatchObject({ interval: [87, 87] });
  });

  it('records a facility assignment under the facility it names', () => {
    const log = logOf(...attribution, assertClaim('a1', T1, 'facility.assignment', { facility: 'facility:a', quantity: exact(5) }));
    expect(Object.keys(history(log.now(), T1)!.properties).sort()).toEqual([
      'facility.assignment[facility:a]',
      'facility.assignment[facility:a].quantity',
    ]);
  });

  it('merges an alias into its canonical subject, whichever name is asked for', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', 'facility:camp-cropper', 'facility.location', 'Baghdad International Airport'),
      assertClaim('c2', 'facility:cropper', 'facility.name', 'Cropper Prison'),
      aliasSubject('facility:camp-cropper', 'facility:cropper'),
    );
    const found = history(log.now(), 'facility:camp-cropper')!;
    expect(found).toMatchObject({ subject: 'facility:cropper', aliases: ['facility:camp-cropper'] });
    expect(Object.keys(found.properties).sort()).toEqual(['facility.location', 'facility.name']);
  });

  it('is undefined for a subject nobody made a claim about', () => {
    expect(history(logOf(...attribution).now(), T1)).toBeUndefined();
  });

  it('as of an earlier position, stops there', () => {
    const log = logOf(...attribution, assertClaim('c1', T1, 'detainees.count', exact(150)));
    const before = log.position;
    log.record(amendClaim('c2', 'c1', exact(152)));
    expect(steps(history(log.at(before), T1)!.properties['detainees.count'])).toEqual(['5:ClaimAsserted:c1→c1']);
    expect(history(log.at(before - 1n), T1)).toBeUndefined();
  });

  it('moves a facility assignment to the next key when the facility it was aliased to is aliased in turn', () => {
    // given a transfer assigned to facility c, and c aliased to b
    const log = logOf(...attribution, assertClaim('a1', T1, 'facility.assignment', { facility: 'facility:c' }), aliasSubject('facility:c', 'facility:b'));
    const before = history(log.now(), T1);

    // when b is aliased to a
    log.record(aliasSubject('facility:b', 'facility:a'));
    const found = history(log.now(), T1)!;

    // then that alias is a step too: the claim leaves b's key for a's
    expect(Object.fromEntries(Object.entries(found.properties).map(([key, entries]) => [key, steps(entries)]))).toEqual({
      'facility.assignment[facility:c]': ['5:ClaimAsserted:a1→a1', '6:SubjectAliased:null→null'],
      'facility.assignment[facility:b]': ['6:SubjectAliased:null→a1', '7:SubjectAliased:null→null'],
      'facility.assignment[facility:a]': ['7:SubjectAliased:null→a1'],
    });
    // and read as of the first alias, the history is what it was then
    expect(history(log.at(6n), T1)).toEqual(before);
  });

  it('keeps the history whole: every claim event about the subject appears exactly once per key', () => {
    const log = logOf(
      ...attribution,
      assertClaim('c1', T1, 'detainees.count', exact(150)),
      amendClaim('c2', 'c1', exact(151)),
      amendClaim('c3', 'c2', exact(152)),
      retractClaim('x1', 'c2'),
      retractClaim('x2', 'c3'),
      assertClaim('c4', T1, 'detainees.count', exact(149), { sourceId: 's2' }),
    );
    const entries = history(log.now(), T1)!.properties['detainees.count']!;
    expect(entries.map((e) => e.position)).toEqual([5n, 6n, 7n, 8n, 9n, 10n]);
    // x1 retracts a middle link: c3 still stands. x2 retracts c3: c1 is back.
    expect(steps(entries).slice(3)).toEqual(['8:ClaimRetracted:c2→c3', '9:ClaimRetracted:c3→c1', '10:ClaimAsserted:c4→c1']);
  });
});
