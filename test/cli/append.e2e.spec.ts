import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build-once.js';
import { amendment, claim, report, report2, source } from './fixtures.js';
import { ndjson, runLedger, tempDir } from './run-ledger.js';

const temp = tempDir();
let n = 0;
/** A fresh store per test, so no test sees another's events. */
const freshStore = () => `sqlite:${join(temp.dir, `append-${++n}.db`)}`;
const file = (name: string, text: string | Buffer) => {
  const path = join(temp.dir, name);
  writeFileSync(path, text);
  return path;
};
const eventsIn = async (store: string) => JSON.parse((await runLedger(['verify', '--json', '--store', store])).stdout).events as number;

beforeAll(ensureBuilt);
afterAll(temp.remove);

describe('ledger append', () => {
  it('records every line of a file and says how many, then records nothing new the second time', async () => {
    const store = freshStore();
    const path = file('good.ndjson', ndjson(source, report, claim));

    const first = await runLedger(['append', path, '--store', store]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 recorded, 0 unchanged');

    const again = await runLedger(['append', path, '--store', store]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 recorded, 3 unchanged');
    expect(await eventsIn(store)).toBe(3);
  });

  it('reads stdin for -, skipping blank lines', async () => {
    const store = freshStore();
    const run = await runLedger(['append', '-', '--store', store], { input: `${ndjson(source)}\n\n${ndjson(report)}` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 recorded, 0 unchanged');
  });

  it('reports every bad line as FILE:LINE: field.path: message and appends nothing from the file', async () => {
    const store = freshStore();
    const badRange = { ...claim, claimId: 'c5', value: { kind: 'range', min: 200, max: 100 } };
    const unknownSource = { ...claim, claimId: 'c6', sourceId: 'nobody' };
    const path = file('bad.ndjson', ndjson(source, '', '{"type": "RecordReport", oops', report, badRange, unknownSource, { type: 'Nope' }));

    const run = await runLedger(['append', path, '--store', store]);

    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines.some((l) => l.startsWith(`${path}:3: invalid JSON:`))).toBe(true);
    expect(lines).toContain(`${path}:5: value.min: min must not exceed max`);
    expect(lines).toContain(`${path}:6: sourceId: source "nobody" is not registered`);
    expect(lines.some((l) => l.startsWith(`${path}:7: type:`))).toBe(true);
    expect(run.stderr).toContain('4 bad lines; nothing was appended');
    expect(run.stdout).toBe('');
    expect(await eventsIn(store)).toBe(0);
  });

  it('checks the whole file before the first append even when it is appended in batches', async () => {
    const store = freshStore();
    const lateError = { ...amendment, amends: 'no-such-claim' };
    const path = file('late.ndjson', ndjson(source, report, claim, report2, amendment, lateError));

    const run = await runLedger(['append', path, '--batch-size', '2', '--store', store]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${path}:6: amends: claim "no-such-claim" does not exist`);
    expect(await eventsIn(store)).toBe(0);
  });

  it('lets a later batch cite what an earlier batch of the same file registered', async () => {
    const store = freshStore();
    const path = file('batches.ndjson', ndjson(source, report, claim, report2, amendment));
    const run = await runLedger(['append', path, '--batch-size', '2', '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('5 recorded, 0 unchanged (positions 1–5)');
  });

  it('with --partial appends the good lines, reports the bad ones and still exits non-zero', async () => {
    const store = freshStore();
    const path = file('partial.ndjson', ndjson(source, report, { ...claim, hedge: 'certain' }, { ...claim, claimId: 'c7' }));

    const run = await runLedger(['append', path, '--partial', '--store', store]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}:3: hedge: `);
    expect(run.stdout).toContain('3 recorded, 0 unchanged, 1 failed');
    expect(await eventsIn(store)).toBe(3);
  });

  it('prints a JSON summary with --json', async () => {
    const store = freshStore();
    const path = file('json.ndjson', ndjson(source, report, { ...claim, sourceId: 'nobody' }));
    const run = await runLedger(['append', path, '--json', '--store', store]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      recorded: 0,
      unchanged: 0,
      failed: 1,
      appended: false,
      errors: [{ line: 3, path: 'sourceId', code: 'UNKNOWN_SOURCE' }],
    });
  });

  it('reports a line that is not UTF-8 instead of changing its text', async () => {
    const store = freshStore();
    const path = file('latin1.ndjson', Buffer.concat([Buffer.from(ndjson(source)), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]));
    const run = await runLedger(['append', path, '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}:2: invalid UTF-8`);
    expect(await eventsIn(store)).toBe(0);
  });

  it('refuses an empty --actor before reading anything', async () => {
    const run = await runLedger(['append', '-', '--actor', ' ', '--store', freshStore()], { input: ndjson(source) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --actor: must be 1 to 200 characters\n');
  });

  it('names a missing file and exits with the not-found status', async () => {
    const run = await runLedger(['append', join(temp.dir, 'nope.ndjson'), '--store', freshStore()]);
    expect(run.code).toBe(5);
    expect(run.stderr).toBe(`error: ${join(temp.dir, 'nope.ndjson')}: no such file\n`);
  });
});
