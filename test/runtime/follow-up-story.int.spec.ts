import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { primaryIdOf, type Command } from '../../src/domain/commands.js';
import type { Ledger } from '../../src/runtime/ledger.js';
import { appendEach, appendStories, asJson, openMemoryLedger } from '../support/ledger.js';
import { FOLLOW_UP_STORY, readStoryFile, SEED_STORY } from '../support/story-file.js';

const T1 = 'transfer:syria-iraq-1';
const T2 = 'transfer:syria-iraq-2';

/** Each command of the follow-up story is appended on its own, so every change has a position. */
describe('the invented follow-up story, appended after the seed story', () => {
  let ledger: Ledger;
  let followUp: Command[];
  const at = new Map<string, bigint>();
  /** Position of the event a follow-up command recorded; `before(id)` is the one just before. */
  const after = (id: string) => String(at.get(id)!);
  const before = (id: string) => String(at.get(id)! - 1n);

  beforeAll(async () => {
    ledger = await openMemoryLedger();
    await appendStories(ledger, SEED_STORY);
    followUp = await readStoryFile(FOLLOW_UP_STORY);
    const positions = await appendEach(ledger, followUp);
    followUp.forEach((command, i) => at.set(primaryIdOf(command), positions[i]!));
  });
  afterAll(() => ledger.close());

  const transferAt = (subject: string, asOf?: string) => asJson(ledger.transfer(subject, asOf)) as { transfer: Record<string, any> };
  const countAt = (subject: string, asOf?: string) => transferAt(subject, asOf).transfer['count'];
  const countsAt = (asOf?: string) => asJson(ledger.counts(asOf)) as Record<string, any>;
  const groupsSumOk = (asOf?: string) => countsAt(asOf)['checks'].find((c: { name: string; subject: string }) => c.name === 'groups-sum' && c.subject === T1).ok;

  it('is marked as invented in every report and every source it adds', () => {
    for (const command of followUp) {
      if (command.type === 'RecordReport') expect(command.title).toMatch(/^INVENTED follow-up for testing/);
      if (command.type === 'RegisterSource') expect(command.name).toMatch(/INVENTED/);
      if ('quote' in command && command.quote !== undefined) expect(command.quote).toMatch(/^\(invented\)/);
    }
  });

  it('records one event per command, each at its own position', () => {
    expect(new Set(at.values()).size).toBe(followUp.length);
  });

  describe('amendments: 150 → 152 (ministry) → 153 (wire correction) → retracted, back to 152', () => {
    it('shows each link of the chain as of the position it was recorded, and the one before it just before', () => {
      expect(countAt(T1, before('fu.t1.count.ministry'))).toMatchObject({ value: { n: 150 }, claimId: 't1.count.awadi' });
      expect(countAt(T1, after('fu.t1.count.ministry'))).toMatchObject({ value: { n: 152 }, claimId: 'fu.t1.count.ministry', sourceId: 'fictional-ministry', hedge: 'confirmed' });
      expect(countAt(T1, before('fu.t1.count.wire-correction'))).toMatchObject({ value: { n: 152 } });
      expect(countAt(T1, after('fu.t1.count.wire-correction'))).toMatchObject({ value: { n: 153 }, claimId: 'fu.t1.count.wire-correction', hedge: 'reported' });
      expect(countAt(T1, after('fu.x.t1.count.wire-correction'))).toMatchObject({ value: { n: 152 }, claimId: 'fu.t1.count.ministry' });
    });

    it('shows the current count as the newest standing link, with no alternatives: an amendment replaces, it does not compete', () => {
      expect(countAt(T1)).toMatchObject({ value: { kind: 'exact', n: 152 }, interval: [152, 152], claimId: 'fu.t1.count.ministry', alternatives: [], conflict: false });
    });

    it('keeps the history whole: the assertion, both amendments and the retraction, each with the value resolved after it', () => {
      const { properties } = asJson(ledger.history(T1, 'detainees.count')) as { properties: Record<string, any[]> };
      expect(properties['detainees.count']!.map((e) => [e.event, e.claimId, e.resolvedAfter?.value?.n])).toEqual([
        ['ClaimAsserted', 't1.count.awadi', 150],
        ['ClaimAmended', 'fu.t1.count.ministry', 152],
        ['ClaimAmended', 'fu.t1.count.wire-correction', 153],
        ['ClaimRetracted', 'fu.t1.count.wire-correction', 152],
      ]);
      const positions = properties['detainees.count']!.map((e) => e.position);
      expect(positions.slice(1)).toEqual(['fu.t1.count.ministry', 'fu.t1.count.wire-correction', 'fu.x.t1.count.wire-correction'].map((id) => Number(after(id))));
    });

    it('shows the history as it stood before the correction', () => {
      const { properties } = asJson(ledger.history(T1, 'detainees.count', before('fu.t1.count.wire-correction'))) as { properties: Record<string, any[]> };
      expect(properties['detainees.count']!.map((e) => e.claimId)).toEqual(['t1.count.awadi', 'fu.t1.count.ministry']);
    });

    it('keeps the whole chain on the claim, retracted link included', () => {
      const claim = asJson(ledger.claim('fu.t1.count.wire-correction')) as Record<string, any>;
      expect(claim['chain']).toEqual(['t1.count.awadi', 'fu.t1.count.ministry', 'fu.t1.count.wire-correction']);
      expect(claim['retraction']).toMatchObject({ retractionId: 'fu.x.t1.count.wire-correction', reasonCode: 'incorrect' });
      expect((asJson(ledger.claim('t1.count.awadi')) as Record<string, any>)['amendedBy']).toEqual(['fu.t1.count.ministry']);
    });

    it('diffs the revision: the count changed, by the amendment', () => {
      const changes = (asJson(ledger.diff(before('fu.t1.count.ministry'), after('fu.t1.count.ministry'))) as { changes: any[] }).changes;
      expect(changes.map((c) => [c.subject, c.key, c.before?.value?.n, c.after?.value?.n])).toEqual([[T1, 'detainees.count', 150, 152]]);
      expect(changes[0].events.map((e: { claimId: string }) => e.claimId)).toEqual(['fu.t1.count.ministry']);
    });

    it('diffs nothing for the count across the correction and its retraction', () => {
      const changes = (asJson(ledger.diff(before('fu.t1.count.wire-correction'), after('fu.x.t1.count.wire-correction'))) as { changes: any[] }).changes;
      expect(changes.filter((c) => c.key === 'detainees.count' && c.subject === T1)).toEqual([]);
    });

    it('fails the groups-sum check while the groups (150) trail the count, and passes once both say 152', () => {
      expect(groupsSumOk(before('fu.t1.count.ministry'))).toBe(true);
      expect(groupsSumOk(after('fu.t1.count.ministry'))).toBe(false);
      expect(groupsSumOk(after('fu.t1.by-group.ministry'))).toBe(false); // 87 + 65 = 152, count then 153
      expect(groupsSumOk()).toBe(true);
      expect(transferAt(T1).transfer['byGroup']['Iraqi']).toMatchObject({ value: { n: 87 }, claimId: 'fu.t1.by-group.ministry' });
    });
  });

  describe('two sources disagreeing on transfer 2, then one retracting', () => {
    it('flags the conflict once the monitor\'s 500–600 meets the wire\'s 300, and lists the alternatives', () => {
      expect(countAt(T2, after('fu.t2.count.wire'))).toMatchObject({ value: { kind: 'approximate', n: 300 }, conflict: false });
      const count = countAt(T2, after('fu.t2.count.monitor'));
      expect(count).toMatchObject({ claimId: 'fu.t2.count.wire', interval: [300, 300], conflict: true });
      expect(count.alternatives.map((a: any) => [a.claimId, a.sourceId, a.interval])).toEqual([
        ['fu.t2.count.monitor', 'fictional-monitor', [500, 600]],
        ['t2.count.outlet', 'outlet', [0, null]],
      ]);
      expect(transferAt(T2, after('fu.t2.count.monitor')).transfer['conflicts']).toContain('detainees.count');
    });

    it('resolves to the monitor once the wire retracts, without conflict', () => {
      expect(countAt(T2)).toMatchObject({ value: { kind: 'range', min: 500, max: 600 }, sourceId: 'fictional-monitor', conflict: false });
      expect(countAt(T2).alternatives.map((a: any) => a.claimId)).toEqual(['t2.count.outlet']);
      expect(transferAt(T2).transfer['conflicts']).toEqual([]);
    });

    it('moves the total with the resolved counts', () => {
      expect(countsAt(before('fu.t1.count.ministry'))['total']['interval']).toEqual([150, 7000]);
      expect(countsAt(after('fu.t1.count.ministry'))['total']['interval']).toEqual([152, 7000]);
      expect(countsAt(after('fu.t2.count.wire'))['total']['interval']).toEqual([452, 452]);
      expect(countsAt()['total']['interval']).toEqual([652, 752]);
    });

    it('keeps the retracted estimate in the history of transfer 2', () => {
      const { properties } = asJson(ledger.history(T2, 'detainees.count')) as { properties: Record<string, any[]> };
      expect(properties['detainees.count']!.map((e) => [e.event, e.claimId, e.resolvedAfter?.claimId, e.resolvedAfter?.conflict])).toEqual([
        ['ClaimAsserted', 't2.count.outlet', 't2.count.outlet', false],
        ['ClaimAsserted', 'fu.t2.count.wire', 'fu.t2.count.wire', false],
        ['ClaimAsserted', 'fu.t2.count.monitor', 'fu.t2.count.wire', true],
        ['ClaimRetracted', 'fu.t2.count.wire', 'fu.t2.count.monitor', false],
      ]);
    });
  });

  describe('an alias: facility:camp-cropper is facility:cropper', () => {
    const facilitiesAt = (asOf?: string) => (asJson(ledger.facilities(asOf)) as { facilities: Record<string, any>[] }).facilities;

    it('lists Camp Cropper on its own before the alias', () => {
      expect(facilitiesAt(before('facility:camp-cropper')).map((f) => f['subject'])).toEqual(['facility:al-hout', 'facility:camp-cropper', 'facility:cropper']);
      expect(transferAt(T2, before('facility:camp-cropper')).transfer['facilities'].map((f: any) => f.facility)).toEqual([
        'facility:al-hout',
        'facility:camp-cropper',
        'facility:cropper',
      ]);
    });

    it('merges it into Cropper after, with the monitor\'s quantity and both sources', () => {
      const cropper = facilitiesAt().find((f) => f['subject'] === 'facility:cropper')!;
      expect(facilitiesAt().map((f) => f['subject'])).toEqual(['facility:al-hout', 'facility:cropper']);
      expect(cropper).toMatchObject({ aliases: ['facility:camp-cropper'], name: { value: 'Cropper Prison' }, location: { value: 'Baghdad International Airport', conflict: false } });
      expect(cropper['sources']).toEqual(['fictional-monitor', 'outlet']);
      expect(cropper['transfers']).toEqual([expect.objectContaining({ transfer: T2, quantity: expect.objectContaining({ interval: [200, null] }) })]);
      const assignment = transferAt(T2).transfer['facilities'].find((f: any) => f.facility === 'facility:cropper');
      expect([assignment.assignment.claimId, ...assignment.assignment.alternatives.map((a: any) => a.claimId)].sort()).toEqual([
        'fu.t2.facility.camp-cropper.monitor',
        't2.facility.cropper.outlet',
      ]);
    });

    it('answers history under either name', () => {
      const history = asJson(ledger.history('facility:camp-cropper')) as Record<string, any>;
      expect(history).toMatchObject({ subject: 'facility:cropper', aliases: ['facility:camp-cropper'] });
      expect(history['properties']['facility.location'].map((e: any) => e.claimId)).toEqual(['cropper.location.outlet', 'fu.camp-cropper.location.monitor', null]);
      expect(history['properties']['facility.location'].at(-1)).toMatchObject({
        event: 'SubjectAliased',
        alias: 'facility:camp-cropper',
        canonical: 'facility:cropper',
      });
    });

    it('shows the alias as the step that moved transfer 2\'s facility figures, as known at each point', () => {
      const history = asJson(ledger.history(T2, 'facility.assignment')) as Record<string, any>;
      const steps = (key: string) =>
        history['properties'][key].map((e: any) => `${e.event}:${e.claimId}→${JSON.stringify(e.resolvedAfter?.value ?? null)}`);
      // Before the alias the monitor's claim named camp-cropper, and resolved under that name.
      expect(steps('facility.assignment[facility:camp-cropper].quantity')).toEqual([
        'ClaimAsserted:fu.t2.facility.camp-cropper.monitor→{"kind":"atLeast","min":200}',
        'SubjectAliased:null→null',
      ]);
      // The alias is what brought the figure to Cropper.
      expect(steps('facility.assignment[facility:cropper].quantity')).toEqual([
        'SubjectAliased:null→{"kind":"atLeast","min":200}',
      ]);
    });

    it('diffs the alias as a change to the facilities of transfer 2', () => {
      const changes = (asJson(ledger.diff(before('facility:camp-cropper'), after('facility:camp-cropper'))) as { changes: any[] }).changes;
      expect(changes.map((c) => c.subject)).toContain(T2);
      expect(changes.map((c) => c.key)).toContain('facility.assignment[facility:cropper]');
    });
  });

  it('keeps every event of the follow-up in some history, with the value resolved after it', async () => {
    const { events } = await ledger.events(0n, 10_000);
    const claimEvents = events.filter((e) => e.type.startsWith('Claim'));
    for (const event of claimEvents) {
      const data = event.data as { subject: string; claimId: string };
      const { properties } = asJson(ledger.history(data.subject)) as { properties: Record<string, any[]> };
      const entries = Object.values(properties).flat().filter((e) => e.position === Number(event.position));
      expect(entries.length, `${event.type} ${data.claimId}`).toBeGreaterThan(0);
      for (const entry of entries) expect(entry).toHaveProperty('resolvedAfter');
    }
  });

  it('records nothing when the follow-up is appended again', async () => {
    const position = ledger.projector.position;
    await appendStories(ledger, FOLLOW_UP_STORY);
    expect(ledger.projector.position).toBe(position);
  });
});
