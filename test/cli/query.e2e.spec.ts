import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build-once.js';
import { amendment, claim, report, report2, source } from './fixtures.js';
import { ndjson, runLedger, tempDir } from './run-ledger.js';

const temp = tempDir();
const store = `sqlite:${join(temp.dir, 'query.db')}`;
const ledger = (...args: string[]) => runLedger([...args, '--store', store]);
const json = async (...args: string[]) => {
  const run = await ledger(...args, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

beforeAll(async () => {
  await ensureBuilt();
  // Positions 1–3: the claim; 4–5: its amendment, recorded by a named actor.
  expect((await runLedger(['append', '-', '--store', store], { input: ndjson(source, report, claim) })).code).toBe(0);
  expect((await runLedger(['append', '-', '--store', store, '--actor', 'analyst:maya'], { input: ndjson(report2, amendment) })).code).toBe(0);
});
afterAll(temp.remove);

describe('ledger query', () => {
  it('shows transfers as a table: the value with its interval, hedge, source and claim', async () => {
    const run = await ledger('query', 'transfers');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('transfer:syria-iraq-1');
    expect(run.stdout).toMatch(/detainees\.count\s+│ 152\s+│ \[152, 152\] │ confirmed │ gov-spokesperson │ c2/);
    expect(run.stdout).toContain('As of position 5');
  });

  it('shows the view as of an earlier position, before the amendment', async () => {
    const run = await ledger('query', 'transfers', '--as-of', '3');
    expect(run.stdout).toMatch(/detainees\.count\s+│ 150\s+│ \[150, 150\] │ confirmed │ gov-spokesperson │ c1/);
  });

  it('prints the HTTP body with --json, now and as of a position or a time', async () => {
    const now = await json('query', 'transfers');
    expect(now.asOf).toMatchObject({ position: 5, events: 5 });
    expect(now.transfers[0]).toMatchObject({
      subject: 'transfer:syria-iraq-1',
      count: { value: { kind: 'exact', n: 152 }, interval: [152, 152], claimId: 'c2', sourceId: 'gov-spokesperson', hedge: 'confirmed' },
    });
    const before = await json('query', 'transfers', '--as-of', '3');
    expect(before.transfers[0].count).toMatchObject({ value: { kind: 'exact', n: 150 }, claimId: 'c1' });
    const beforeAnything = await json('query', 'transfers', '--as-of', '2000-01-01T00:00:00Z');
    expect(beforeAnything).toEqual({ asOf: { position: 0, recordedAt: null, events: 0 }, transfers: [] });
  });

  it('prints counts and facilities', async () => {
    const counts = await json('query', 'counts');
    expect(counts.total).toEqual({ interval: [152, 152], transfers: 1 });
    expect((await ledger('query', 'counts')).stdout).toMatch(/total detainees\s+│ 152/);
    const facilities = await json('query', 'facilities');
    expect(facilities).toMatchObject({ asOf: { position: 5 }, facilities: [] });
  });

  it('refuses an --as-of that is neither a position nor a time, naming the flag', async () => {
    const run = await ledger('query', 'counts', '--as-of', 'yesterday');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --as-of: "yesterday" is neither a log position nor an ISO 8601 time\n');
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown view', async () => {
    const run = await ledger('query', 'people');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'people' is invalid");
  });
});

describe('ledger query in pages', () => {
  const storyStore = `sqlite:${join(temp.dir, 'story.db')}`;
  const story = (...args: string[]) => runLedger([...args, '--store', storyStore]);

  beforeAll(async () => {
    expect((await runLedger(['append', 'examples/seed-story.ndjson', '--store', storyStore])).code).toBe(0);
  });

  it('--limit prints one page and, under it, the flags for the next, pinned to the same position', async () => {
    const first = await story('query', 'transfers', '--limit', '1');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('transfer:syria-iraq-1');
    expect(first.stdout).not.toContain('transfer:syria-iraq-2');
    expect(first.stdout).toContain('More transfers follow: --after transfer:syria-iraq-1 --as-of 37');
    const second = await story('query', 'transfers', '--limit', '1', '--after', 'transfer:syria-iraq-1', '--as-of', '37');
    expect(second.stdout).toContain('transfer:syria-iraq-2');
    expect(second.stdout).not.toContain('More transfers follow');
  });

  it('--json prints the page body HTTP serves, with next', async () => {
    const run = await story('query', 'facilities', '--after', 'al-hout', '--json');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.facilities.map((f: { subject: string }) => f.subject)).toEqual(['facility:cropper']);
    expect(body.next).toBeNull();
  });

  it('refuses a page of counts, naming the flag, and a limit below 1', async () => {
    const counts = await story('query', 'counts', '--limit', '5');
    expect(counts.code).toBe(2);
    expect(counts.stderr).toContain('--limit');
    expect(counts.stderr).toContain('only transfers and facilities come in pages');
    const zero = await story('query', 'transfers', '--limit', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('"0" is not a whole number of at least 1');
    expect(zero.stdout).toBe('');
  });

  it('diff pages by subject: --limit prints the flags for the next page, pinned by --to', async () => {
    const whole = JSON.parse((await story('diff', '--from', '0', '--json')).stdout);
    const first = JSON.parse((await story('diff', '--from', '0', '--limit', '1', '--json')).stdout);
    expect(new Set(first.changes.map((c: { subject: string }) => c.subject))).toEqual(new Set([first.next]));
    const table = await story('diff', '--from', '0', '--limit', '1');
    expect(table.stdout).toContain(`More changes follow: --after ${first.next} --from 0 --to ${whole.to}`);
    const rest = JSON.parse((await story('diff', '--from', '0', '--to', String(whole.to), '--after', first.next, '--json')).stdout);
    expect([...first.changes, ...rest.changes]).toEqual(whole.changes);
    expect(rest.next).toBeNull();
  });
});

describe('ledger history', () => {
  it('lists the claim and its amendment with who recorded each and what stood after', async () => {
    const body = await json('history', 'transfer:syria-iraq-1', 'detainees.count');
    const entries = body.properties['detainees.count'];
    expect(entries.map((e: { event: string; claimId: string }) => [e.event, e.claimId])).toEqual([
      ['ClaimAsserted', 'c1'],
      ['ClaimAmended', 'c2'],
    ]);
    expect(entries[1]).toMatchObject({ actor: 'analyst:maya', amends: 'c1', resolvedAfter: { claimId: 'c2' } });
    expect(entries[0].actor).toMatch(/^cli:/);

    const table = await ledger('history', 'transfer:syria-iraq-1');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('c2 amends c1');
    expect(table.stdout).toContain('analyst:maya');
  });

  it('--limit prints one page of steps and the flags for the next; --after takes a position', async () => {
    const first = await ledger('history', 'transfer:syria-iraq-1', '--limit', '1');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('asserted c1');
    expect(first.stdout).not.toContain('c2 amends c1');
    expect(first.stdout).toContain('More steps follow: --after 3 --as-of 5');
    const second = await ledger('history', 'transfer:syria-iraq-1', '--limit', '1', '--after', '3', '--as-of', '5');
    expect(second.stdout).toContain('c2 amends c1');
    expect(second.stdout).not.toContain('asserted c1');
    expect(second.stdout).not.toContain('More steps follow');
    const past = await ledger('history', 'transfer:syria-iraq-1', '--after', '5');
    expect(past.stdout).toContain('No claims about transfer:syria-iraq-1 on this page.');
    const bad = await ledger('history', 'transfer:syria-iraq-1', '--after', 'c1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"c1" is not a log position');
    expect(bad.stdout).toBe('');
  });

  it('says when a subject has no claims', async () => {
    const run = await ledger('history', 'transfer:nowhere');
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('no claims about "transfer:nowhere"');
  });
});

describe('ledger diff', () => {
  it('lists what changed between two positions and the event that changed it', async () => {
    const body = await json('diff', '--from', '3');
    expect(body).toMatchObject({ from: 3, to: 5 });
    expect(body.changes).toHaveLength(1);
    expect(body.changes[0]).toMatchObject({
      subject: 'transfer:syria-iraq-1',
      key: 'detainees.count',
      before: { claimId: 'c1' },
      after: { claimId: 'c2' },
    });
    const table = await ledger('diff', '--from', '3', '--to', '5');
    expect(table.stdout).toContain('at 5: c2 amends c1');
  });

  it('needs --from', async () => {
    const run = await ledger('diff');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--from");
  });
});

describe('errors common to every command', () => {
  it('rejects an unknown command with a usage exit', async () => {
    const run = await runLedger(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  it('refuses to read a store that does not exist instead of creating an empty one', async () => {
    const missing = join(temp.dir, 'missing.db');
    const run = await runLedger(['query', 'transfers', '--store', `sqlite:${missing}`]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`no ledger at ${missing}`);
  });

  it('takes the store from LEDGER_STORE and names an unsupported one', async () => {
    expect((await runLedger(['query', 'counts', '--json'], { env: { LEDGER_STORE: store } })).code).toBe(0);
    const run = await runLedger(['query', 'counts'], { env: { LEDGER_STORE: 'mysql://x' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unsupported store "mysql://x"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
