import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build-once.js';
import { runLedger, tempDir } from './run-ledger.js';

const temp = tempDir();

beforeAll(ensureBuilt);
afterAll(temp.remove);

/** The rows of the table under the heading for `subject`, up to the next blank line. */
function section(output: string, subject: string): string {
  const start = output.indexOf(`\n${subject}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  return output.slice(start, output.indexOf('\n\n', start + 1));
}

describe('ledger demo', () => {
  it('loads the seed story into ./data/demo.db wherever it runs and prints the three views', async () => {
    const run = await runLedger(['demo'], { cwd: temp.dir, env: { LEDGER_STORE: 'sqlite:/must/not/be/used.db' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(join(temp.dir, 'data', 'demo.db'))).toBe(true);
    const out = run.stdout;
    expect(out).toContain('Loaded examples/seed-story.ndjson into sqlite:./data/demo.db: 37 recorded, 0 unchanged');

    const transfer1 = section(out, 'transfer:syria-iraq-1');
    expect(transfer1).toMatch(/detainees\.count\s+│ 150\s+│ \[150, 150\]\s+│ confirmed\s+│ gov-spokesperson\s+│ t1\.count\.awadi/);
    const transfer2 = section(out, 'transfer:syria-iraq-2');
    expect(transfer2).toMatch(/detainees\.count\s+│ undisclosed/);
    expect(transfer2).toContain('facility:al-hout');
    expect(transfer2).toContain('facility:cropper');

    expect(out).toMatch(/planned\.total\s+│ at most 7,000 │ \[0, 7,000\]\s+│ indicated\s+│ centcom/);
    expect(out).toMatch(/total detainees\s+│ 150–7,000/);
    expect(out).toContain('facility:al-hout — Al-Hout Prison');
    expect(out).toContain('facility:cropper — Cropper Prison');
    expect(out).toContain('npm start -- --store sqlite:./data/demo.db');
    expect(out).toContain('ledger serve --store sqlite:./data/demo.db');
  });

  it('starts from an empty demo ledger on every run', async () => {
    const again = await runLedger(['demo'], { cwd: temp.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('37 recorded, 0 unchanged');
  });

  it('appends to an explicit --store without deleting it, recording the story once', async () => {
    const store = `sqlite:${join(temp.dir, 'mine.db')}`;
    expect((await runLedger(['demo', '--store', store])).code).toBe(0);
    const again = await runLedger(['demo', '--store', store]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 recorded, 37 unchanged');
  });
});

describe('ledger replay', () => {
  it('rebuilds the projections from the whole log and reports the rate', async () => {
    const store = `sqlite:${join(temp.dir, 'data', 'demo.db')}`;
    const json = await runLedger(['replay', '--json', '--store', store]);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body).toEqual({ events: 37, seconds: expect.any(Number), eventsPerSecond: expect.any(Number) });
    expect(body.eventsPerSecond).toBeGreaterThan(0);

    const text = await runLedger(['replay', '--store', store]);
    expect(text.stdout).toMatch(/^Replayed 37 events in [\d.]+ s \([\d,]+ events\/s\)\nFolded: 6 sources, 1 report, 30 claims, 0 retractions, 0 aliases; last position 37\n$/);
  });

  it('refuses a store that does not exist', async () => {
    const run = await runLedger(['replay', '--store', `sqlite:${join(temp.dir, 'absent.db')}`]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('no ledger at');
  });
});
