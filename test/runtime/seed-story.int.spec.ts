import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/runtime/ledger.js';
import { appendStories, asJson, openMemoryLedger } from '../support/ledger.js';
import { readStoryFile, SEED_STORY } from '../support/story-file.js';

const T1 = 'transfer:syria-iraq-1';
const T2 = 'transfer:syria-iraq-2';
const OP = 'operation:syria-iraq-detainee-transfer';
const ARTICLE = new URL('../../../shared/seed-story/article.txt', import.meta.url);

describe('the seed story, appended through the Ledger', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await openMemoryLedger();
    await appendStories(ledger, SEED_STORY);
  });
  afterAll(() => ledger.close());

  const transfersBody = () => asJson(ledger.transfers()) as { transfers: Record<string, any>[] };
  const transferOf = (subject: string) => transfersBody().transfers.find((t) => t['subject'] === subject)!;

  it('shows transfer 1 completed with 150 detainees, confirmed by the spokesperson', () => {
    const t1 = transferOf(T1);
    expect(t1['status']).toMatchObject({ value: 'completed', sourceId: 'gov-spokesperson', hedge: 'confirmed', conflict: false });
    expect(t1['count']).toMatchObject({
      value: { kind: 'exact', n: 150 },
      interval: [150, 150],
      claimId: 't1.count.awadi',
      sourceId: 'gov-spokesperson',
      hedge: 'confirmed',
      reportId: 'seed-article',
      conflict: false,
      alternatives: [],
    });
  });

  it('shows 85 Iraqi and 65 foreign detainees in transfer 1, as reports suggest', () => {
    const { byGroup } = transferOf(T1);
    expect(Object.keys(byGroup).sort()).toEqual(['Iraqi', 'foreign']);
    expect(byGroup['Iraqi']).toMatchObject({ value: { kind: 'exact', n: 85 }, interval: [85, 85], hedge: 'indicated', sourceId: 'unnamed-sources' });
    expect(byGroup['foreign']).toMatchObject({ value: { kind: 'exact', n: 65 }, interval: [65, 65], hedge: 'indicated', sourceId: 'unnamed-sources' });
  });

  it('shows the origins Europe, Sudan, Somalia and the Caucasus', () => {
    expect(transferOf(T1)['origins']).toMatchObject({ value: ['Europe', 'Sudan', 'Somalia', 'Caucasus'], hedge: 'indicated' });
  });

  it('shows transfer 2 underway, count undisclosed, by International Coalition helicopters from SDF-run prisons', () => {
    const t2 = transferOf(T2);
    expect(t2['status']).toMatchObject({ value: 'underway', hedge: 'indicated', sourceId: 'unnamed-sources' });
    expect(t2['count']).toMatchObject({ value: { kind: 'undisclosed' }, interval: [0, null] });
    expect(t2['transport']).toMatchObject({ value: { mode: 'helicopter', operator: 'International Coalition' }, hedge: 'indicated' });
    expect(t2['origin']?.value).toMatch(/SDF-run prisons/);
    expect(t2['conflicts']).toEqual([]);
  });

  it('assigns transfer 2 to Al-Hout Prison (Nasiriyah) and Cropper Prison (Baghdad International Airport)', () => {
    expect(transferOf(T2)['facilities'].map((f: { facility: string }) => f.facility)).toEqual(['facility:al-hout', 'facility:cropper']);
    const { facilities } = asJson(ledger.facilities()) as { facilities: Record<string, any>[] };
    expect(facilities.map((f) => [f['subject'], f['name']?.value, f['location']?.value, f['transfers'].map((t: { transfer: string }) => t.transfer)])).toEqual([
      ['facility:al-hout', 'Al-Hout Prison', 'Nasiriyah', [T2]],
      ['facility:cropper', 'Cropper Prison', 'Baghdad International Airport', [T2]],
    ]);
  });

  it('counts at least 150 and at most 7,000 transferred, planned at up to 7,000 by CENTCOM', () => {
    const counts = asJson(ledger.counts()) as Record<string, any>;
    expect(counts['total']).toEqual({ interval: [150, 7000], transfers: 2 });
    expect(counts['planned']).toMatchObject({ value: { kind: 'atMost', max: 7000 }, interval: [0, 7000], sourceId: 'centcom', hedge: 'indicated' });
    expect(counts['plannedBy']).toBe(OP);
  });

  it('passes every consistency check, the groups-sum check of transfer 1 among them', () => {
    const { checks } = asJson(ledger.counts()) as { checks: { name: string; subject: string; ok: boolean }[] };
    expect(checks).toContainEqual(expect.objectContaining({ name: 'groups-sum', subject: T1, ok: true }));
    expect(checks).toContainEqual(expect.objectContaining({ name: 'transfers-within-planned', subject: OP, ok: true }));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('records every event with actor, command id and schema version, on the streams DESIGN §3 names', async () => {
    const { events } = await ledger.events(0n, 1000);
    expect(events).toHaveLength((await readStoryFile(SEED_STORY)).length);
    for (const event of events) {
      expect(event.metadata).toEqual({ actor: 'test', commandId: expect.stringMatching(/^[0-9a-f-]{36}$/), schemaVersion: 1 });
      expect(event.streamId).toMatch(/^(source-|report-|subject-[a-z]+:)/);
    }
    expect(events.find((e) => e.type === 'ClaimAsserted' && (e.data as { claimId: string }).claimId === 't1.count.awadi')?.streamId).toBe(`subject-${T1}`);
  });

  it('records nothing when the story is appended again', async () => {
    const before = ledger.projector.position;
    const result = await ledger.execute(await readStoryFile(SEED_STORY), { actor: 'someone-else' });
    expect(result.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(ledger.projector.position).toBe(before);
  });
});

/** One fact-bearing statement of the article: where it is, and who must be credited how. */
const STATEMENTS: [phrase: string, sourceId: string, hedge: string, subject: string, property: string][] = [
  ['reportedly deploying along the Syrian border', 'outlet', 'reported', OP, 'security.borderDeployment'],
  ['Sources indicate that the detainees are being transported', 'unnamed-sources', 'indicated', T2, 'status'],
  ['International Coalition helicopters', 'unnamed-sources', 'indicated', T2, 'transport'],
  ['remains undisclosed', 'outlet', 'reported', T2, 'detainees.count'],
  ['prisons operated by the Syrian Democratic Forces', 'outlet', 'reported', T2, 'origin'],
  ['will be distributed between', 'outlet', 'reported', T2, 'facility.assignment'],
  ['Al-Hout Prison’ in Nasiriyah', 'outlet', 'reported', 'facility:al-hout', 'facility.location'],
  ['Cropper Prison’ located at Baghdad International Airport', 'outlet', 'reported', 'facility:cropper', 'facility.location'],
  ['arrival of an initial group of detainees last week', 'outlet', 'reported', T1, 'status'],
  ['confirmed that Iraq received 150 ISIS members', 'gov-spokesperson', 'confirmed', T1, 'detainees.count'],
  ['investigations are underway', 'gov-spokesperson', 'stated', T1, 'investigation.nationalities'],
  ['Foreign nationals will be handed over', 'gov-spokesperson', 'stated', OP, 'disposition.foreignNationals'],
  ['Iraqi citizens will be prosecuted under Iraqi law', 'gov-spokesperson', 'stated', OP, 'disposition.iraqiCitizens'],
  ['proactive measure', 'gov-spokesperson', 'stated', OP, 'rationale'],
  ['close coordination with the International Coalition', 'gov-spokesperson', 'stated', OP, 'coordination'],
  ['prominent leaders of various nationalities', 'iraqi-security-officials', 'stated', T1, 'detainees.profile'],
  ['Reports suggest the group comprised 85 Iraqis and 65 foreign nationals', 'unnamed-sources', 'indicated', T1, 'detainees.byGroup'],
  ['Europe, Sudan, Somalia, and the Caucasus', 'unnamed-sources', 'indicated', T1, 'detainees.origins'],
  ['called upon European nations', 'iraqi-government', 'stated', OP, 'call.repatriation'],
  ['al-Sudani has discussed the situation', 'outlet', 'reported', OP, 'discussions'],
  ['as many as 7,000 detainees', 'centcom', 'indicated', OP, 'planned.total'],
  ['secure detention facilities', 'centcom', 'indicated', OP, 'aim'],
  ['increased security measures along the border', 'outlet', 'reported', OP, 'security.borderMeasures'],
];

describe('the seed story file against the article', () => {
  it.each(STATEMENTS)('encodes "%s" as said by %s (%s)', async (phrase, sourceId, hedge, subject, property) => {
    const claims = (await readStoryFile(SEED_STORY)).filter((c) => c.type === 'AssertClaim');
    expect(claims).toContainEqual(
      expect.objectContaining({ sourceId, hedge, subject, property, quote: expect.stringContaining(phrase) }),
    );
  });

  // The article lives beside the repository (../shared), not in it; where it is present, check against it.
  it.skipIf(!existsSync(ARTICLE))('quotes the article verbatim in every claim, and the phrases above come from it', async () => {
    const article = (await readFile(ARTICLE, 'utf8')).replace(/\s+/g, ' ');
    for (const command of await readStoryFile(SEED_STORY)) {
      if (command.type !== 'AssertClaim' || command.quote === undefined) continue;
      for (const piece of command.quote.split('…')) expect(article, command.claimId).toContain(piece.trim());
    }
    for (const [phrase] of STATEMENTS) expect(article).toContain(phrase);
  });

  it('credits every claim to a registered source in a recorded report', async () => {
    const commands = await readStoryFile(SEED_STORY);
    const sources = new Set(commands.flatMap((c) => (c.type === 'RegisterSource' ? [c.sourceId] : [])));
    const reports = new Set(commands.flatMap((c) => (c.type === 'RecordReport' ? [c.reportId] : [])));
    for (const command of commands) {
      if (command.type !== 'AssertClaim') continue;
      expect(sources.has(command.sourceId) && reports.has(command.reportId), command.claimId).toBe(true);
    }
  });
});
