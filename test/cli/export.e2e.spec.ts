import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build-once.js';
import { amendment, report2, retraction } from './fixtures.js';
import { ndjson, runLedger, tempDir } from './run-ledger.js';

const temp = tempDir();
const store = `sqlite:${join(temp.dir, 'story.db')}`;
/** The seed story, then an amendment of its transfer-1 count and a retraction of that amendment. */
const laterReports = ndjson(
  report2,
  { ...amendment, amends: 't1.count.awadi' },
  { ...retraction, claimId: 'c2' },
);

beforeAll(async () => {
  await ensureBuilt();
  expect((await runLedger(['demo', '--store', store])).code).toBe(0);
  expect((await runLedger(['append', '-', '--store', store], { input: laterReports })).code).toBe(0);
});
afterAll(temp.remove);

/** A view's JSON body without the log coordinates, which differ between two ledgers. */
async function view(storeOf: string, name: string): Promise<unknown> {
  const run = await runLedger(['query', name, '--json', '--store', storeOf]);
  expect(run.code).toBe(0);
  const { asOf: _, ...body } = JSON.parse(run.stdout) as Record<string, unknown>;
  return body;
}

describe('ledger export --format ndjson', () => {
  it('writes the log as commands that rebuild the same views in an empty ledger', async () => {
    const out = join(temp.dir, 'export.ndjson');
    const run = await runLedger(['export', '--format', 'ndjson', '--out', out, '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(40);
    expect(lines.at(-2)).toEqual({ ...amendment, amends: 't1.count.awadi' });
    expect(lines.at(-1)).toEqual({ ...retraction, claimId: 'c2' });

    const copy = `sqlite:${join(temp.dir, 'copy.db')}`;
    const append = await runLedger(['append', out, '--store', copy]);
    expect(append.stdout).toContain('40 recorded, 0 unchanged');
    for (const name of ['transfers', 'counts', 'facilities']) expect(await view(copy, name)).toEqual(await view(store, name));
  });

  it('writes to stdout by default', async () => {
    const run = await runLedger(['export', '--store', store]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.split('\n')[0]!)).toMatchObject({ type: 'RegisterSource', sourceId: 'gov-spokesperson' });
  });
});

describe('ledger export --format csv', () => {
  it('writes one row per claim with attribution, amendment and retraction', async () => {
    const run = await runLedger(['export', '--format', 'csv', '--store', store]);
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toBe('claimId,subject,property,value,hedge,source,report,position,recordedAt,actor,amends,retractedBy,quote');
    expect(rows).toHaveLength(1 + 31);
    expect(rows.find((r) => r.startsWith('t1.count.awadi,'))).toMatch(
      /^t1\.count\.awadi,transfer:syria-iraq-1,detainees\.count,"{""kind"":""exact"",""n"":150}",confirmed,gov-spokesperson,seed-article,\d+,\d{4}-[^,]+Z,cli:[^,]+,,,/,
    );
    expect(rows.find((r) => r.startsWith('c2,'))).toMatch(/,t1\.count\.awadi,x1,$/);
  });
});

describe('ledger export --format prov', () => {
  it('writes PROV-O JSON-LD: sources as agents, claims as attributed entities, revisions and invalidations', async () => {
    const run = await runLedger(['export', '--format', 'prov', '--store', store]);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as { '@context': Record<string, unknown>; '@graph': Record<string, unknown>[] };
    expect(document['@context']['prov']).toBe('http://www.w3.org/ns/prov#');
    const byId = new Map(document['@graph'].map((node) => [node['@id'], node]));

    expect(byId.get('source:gov-spokesperson')!['@type']).toContain('prov:Agent');
    expect(byId.get('report:seed-article')!['@type']).toBe('prov:Entity');
    expect(byId.get('claim:t1.count.awadi')).toMatchObject({
      '@type': 'prov:Entity',
      'prov:wasAttributedTo': 'source:gov-spokesperson',
      'prov:wasQuotedFrom': 'report:seed-article',
      'prov:hadPrimarySource': 'report:seed-article',
      'prov:value': { kind: 'exact', n: 150 },
    });
    expect(byId.get('claim:c2')).toMatchObject({
      'prov:wasRevisionOf': 'claim:t1.count.awadi',
      'prov:wasInvalidatedBy': 'retraction:x1',
      'prov:invalidatedAtTime': expect.stringMatching(/Z$/),
    });
    expect(byId.get('retraction:x1')).toMatchObject({
      '@type': 'prov:Activity',
      'prov:invalidated': 'claim:c2',
      'prov:wasAssociatedWith': 'source:gov-spokesperson',
    });
  });
});

describe('ledger export errors', () => {
  it('leaves no output file when the store does not exist', async () => {
    const out = join(temp.dir, 'never.ndjson');
    const run = await runLedger(['export', '--out', out, '--store', `sqlite:${join(temp.dir, 'absent.db')}`]);
    expect(run.code).toBe(5);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown format', async () => {
    const run = await runLedger(['export', '--format', 'xml', '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'xml' is invalid");
  });
});
