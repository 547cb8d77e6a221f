import { describe, expect, it } from 'vitest';
import { facilities } from '../../projections/facility-assignments.js';
import { aliasSubject, assertClaim, exact, recordReport, registerSource, retractClaim } from '../support/commands.js';
import { logOf } from '../support/in-memory-log.js';

const T1 = 'transfer:t1';
const T2 = 'transfer:t2';
const attribution = [registerSource('outlet'), registerSource('ngo'), recordReport('r1')];
const by = (sourceId: string) => ({ sourceId, hedge: 'reported' as const });

describe('facility-assignments projection', () => {
  it('lists each facility with its name, location and the transfers assigned to it', () => {
    const log = logOf(
      ...attribution,
      assertClaim('n', 'facility:al-hout', 'facility.name', 'Al-Hout Prison', by('outlet')),
      assertClaim('l', 'facility:al-hout', 'facility.location', 'Nasiriyah', by('outlet')),
      assertClaim('a1', T2, 'facility.assignment', { facility: 'facility:al-hout' }, by('outlet')),
      assertClaim('a2', T1, 'facility.assignment', { facility: 'facility:al-hout', quantity: exact(20) }, by('ngo')),
    );
    const [alHout] = facilities(log.now());
    expect(alHout).toMatchObject({
      subject: 'facility:al-hout',
      aliases: [],
      name: { value: 'Al-Hout Prison', claimId: 'n' },
      location: { value: 'Nasiriyah', claimId: 'l' },
      sources: ['ngo', 'outlet'],
    });
    expect(alHout!.transfers.map((t) => [t.transfer, t.quantity?.interval ?? null])).toEqual([
      [T1, [20, 20]],
      [T2, null],
    ]);
    expect(alHout!.transfers[1]!.assignment).toMatchObject({ claimId: 'a1', sourceId: 'outlet' });
  });

  it('lists a facility named only by an assignment, with no name or location', () => {
    const log = logOf(...attribution, assertClaim('a', T2, 'facility.assignment', { facility: 'facility:cropper' }, by('outlet')));
    expect(facilities(log.now())).toEqual([
      expect.objectContaining({ subject: 'facility:cropper', name: null, location: null, transfers: [expect.objectContaining({ transfer: T2 })] }),
    ]);
  });

  it('merges an alias into its canonical facility: claims, assignments and sources', () => {
    const log = logOf(
      ...attribution,
      assertClaim('n1', 'facility:cropper', 'facility.name', 'Cropper Prison', by('outlet')),
      assertClaim('l2', 'facility:camp-cropper', 'facility.location', 'Baghdad International Airport', by('ngo')),
      assertClaim('a1', T2, 'facility.assignment', { facility: 'facility:cropper' }, by('outlet')),
      assertClaim('a2', T2, 'facility.assignment', { facility: 'facility:camp-cropper', quantity: exact(30) }, by('ngo')),
      aliasSubject('facility:camp-cropper', 'facility:cropper'),
    );
    const views = facilities(log.now());
    expect(views.map((f) => f.subject)).toEqual(['facility:cropper']);
    const [cropper] = views;
    expect(cropper).toMatchObject({
      aliases: ['facility:camp-cropper'],
      name: { value: 'Cropper Prison' },
      location: { value: 'Baghdad International Airport', sourceId: 'ngo' },
      sources: ['ngo', 'outlet'],
    });
    // Both assignments name the same facility once aliases fold: one entry, ranked together.
    expect(cropper!.transfers).toHaveLength(1);
    expect(cropper!.transfers[0]!.assignment.alternatives.map((a) => a.claimId)).toHaveLength(1);
    expect(cropper!.transfers[0]!.quantity).toMatchObject({ interval: [30, 30], claimId: 'a2' });
  });

  it('keeps the facilities apart as of a position before the alias', () => {
    const log = logOf(
      ...attribution,
      assertClaim('a1', T2, 'facility.assignment', { facility: 'facility:cropper' }, by('outlet')),
      assertClaim('a2', T2, 'facility.assignment', { facility: 'facility:camp-cropper' }, by('ngo')),
    );
    const beforeAlias = log.position;
    log.record(aliasSubject('facility:camp-cropper', 'facility:cropper'));
    expect(facilities(log.at(beforeAlias)).map((f) => f.subject)).toEqual(['facility:camp-cropper', 'facility:cropper']);
    expect(facilities(log.now()).map((f) => f.subject)).toEqual(['facility:cropper']);
  });

  it('follows a chain of aliases to the last canonical subject', () => {
    const log = logOf(
      ...attribution,
      assertClaim('a1', T2, 'facility.assignment', { facility: 'facility:a' }, by('outlet')),
      aliasSubject('facility:a', 'facility:b'),
      aliasSubject('facility:b', 'facility:c'),
    );
    expect(facilities(log.now())).toEqual([
      expect.objectContaining({ subject: 'facility:c', aliases: ['facility:a', 'facility:b'], transfers: [expect.objectContaining({ transfer: T2 })] }),
    ]);
  });

  it('drops a retracted assignment', () => {
    const log = logOf(
      ...attribution,
      assertClaim('n', 'facility:a', 'facility.name', 'A', by('outlet')),
      assertClaim('a1', T2, 'facility.assignment', { facility: 'facility:a' }, by('outlet')),
      retractClaim('x', 'a1', { sourceId: 'outlet' }),
    );
    expect(facilities(log.now())).toEqual([expect.objectContaining({ subject: 'facility:a', transfers: [] })]);
  });
});
