import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLedger, tempDir } from '../cli/run-ledger.js';
import { SEED_STORY } from '../support/story-file.js';
import { countFromEnv } from './support/counts.js';
import { independentCommands } from './support/hostile-bases.js';
import { bytesOf, hostileCase, type HostileCase } from './support/hostile-cases.js';

/**
 * `ledger append FILE` on NDJSON files that mix valid lines with hostile ones (the same
 * generators as over HTTP): the run must fail, name every hostile line (and the field, where
 * one is at fault) and no other line, and append nothing.
 */
const RUNS = countFromEnv('LEDGER_HOSTILE_CLI_RUNS', { full: 50, ci: 10 });
const HOSTILE_LINES = { minLength: 20, maxLength: 80 };
const temp = tempDir('ledger-hostile-cli-');
const storePath = join(temp.dir, 'seeded.db');
const store = `sqlite:${storePath}`;
let before: string;

/** What the file holds: every row's position and hash, and the recorded chain head. */
function logState(): string {
  const db = new Database(storePath, { readonly: true });
  try {
    const rows = db.prepare('SELECT count(*) AS n, max(position) AS last, group_concat(hash) AS hashes FROM events').get();
    const head = db.prepare('SELECT position, hash FROM chain_head').get();
    return JSON.stringify({ rows, head });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const seeded = await runLedger(['append', SEED_STORY, '--store', store]);
  expect(seeded.code, seeded.stderr).toBe(0);
  before = logState();
}, 120_000);
afterAll(temp.remove);

type Line = { valid: Record<string, unknown> } | { hostile: HostileCase };

const file = fc
  .tuple(independentCommands(30), fc.array(hostileCase, HOSTILE_LINES))
  .chain(([valid, hostile]) => {
    const lines: Line[] = [...valid.map((command) => ({ valid: command })), ...hostile.map((h) => ({ hostile: h }))];
    return fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length });
  });

const LINE_ERROR = /^hostile\.ndjson:(\d+): (.*)$/;

describe(`ledger append refuses files with hostile lines (${RUNS} files)`, () => {
  it('a non-zero exit naming each hostile line and its field, and nothing appended', { timeout: 60_000 + RUNS * 15_000 }, async () => {
    let hostileLines = 0;
    await fc.assert(
      fc.asyncProperty(file, async (lines) => {
        const bytes = Buffer.concat(lines.flatMap((line) => ['valid' in line ? Buffer.from(JSON.stringify(line.valid)) : bytesOf(line.hostile), Buffer.from('\n')]));
        writeFileSync(join(temp.dir, 'hostile.ndjson'), bytes);
        const run = await runLedger(['append', 'hostile.ndjson', '--store', store], { cwd: temp.dir });

        expect([2, 3], run.stderr.slice(0, 2000)).toContain(run.code);
        expect(run.stderr).toContain('nothing was appended');
        // No stack trace: neither a frame nor a bare "TypeError: …" line.
        expect(run.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$|^[A-Z]\w*Error: /m);
        const named = new Map<number, string[]>();
        for (const text of run.stderr.split('\n')) {
          const match = LINE_ERROR.exec(text);
          if (match) named.set(Number(match[1]), [...(named.get(Number(match[1])) ?? []), match[2]!]);
        }
        const expected = lines.flatMap((line, i) => ('hostile' in line ? [i + 1] : []));
        expect([...named.keys()].sort((a, b) => a - b)).toEqual(expected);
        lines.forEach((line, i) => {
          if ('hostile' in line && line.hostile.names !== undefined) {
            expect(named.get(i + 1)!.join(' | '), `line ${i + 1}: ${line.hostile.kind}`).toContain(line.hostile.names);
          }
        });
        expect(logState()).toBe(before);
        hostileLines += expected.length;
      }),
      { numRuns: RUNS },
    );
    console.info(`[hostile cli] ${RUNS} files, ${hostileLines} hostile lines, each named`);
  });

  it('a line longer than the 4 MiB limit is named, not read into memory whole', async () => {
    const valid = JSON.stringify({ type: 'RecordReport', reportId: 'ok-long', outlet: 'Long' });
    const long = JSON.stringify({ type: 'RecordReport', reportId: 'too-long', outlet: 'x'.repeat(5 * 1024 * 1024) });
    writeFileSync(join(temp.dir, 'hostile.ndjson'), `${valid}\n${valid}\n${long}\n`);
    const run = await runLedger(['append', 'hostile.ndjson', '--store', store], { cwd: temp.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('hostile.ndjson:3: line is longer than 4,194,304 bytes');
    expect(logState()).toBe(before);
  });

  it('the same lines through --partial: the valid ones are appended, every hostile one is still named', async () => {
    const lines = fc.sample(file, { numRuns: 1, seed: 42 })[0]!;
    const bytes = Buffer.concat(lines.flatMap((line) => ['valid' in line ? Buffer.from(JSON.stringify(line.valid)) : bytesOf(line.hostile), Buffer.from('\n')]));
    const path = join(temp.dir, 'partial.db');
    const seeded = await runLedger(['append', SEED_STORY, '--store', `sqlite:${path}`]);
    expect(seeded.code).toBe(0);
    writeFileSync(join(temp.dir, 'hostile.ndjson'), bytes);
    const run = await runLedger(['append', 'hostile.ndjson', '--partial', '--json', '--store', `sqlite:${path}`], { cwd: temp.dir });
    expect(run.code).not.toBe(0);
    const summary = JSON.parse(run.stdout) as { recorded: number; failed: number; errors: { line: number }[] };
    expect(summary.recorded).toBe(lines.filter((line) => 'valid' in line).length);
    const hostile = lines.flatMap((line, i) => ('hostile' in line ? [i + 1] : []));
    expect(summary.failed).toBe(hostile.length);
    expect([...new Set(summary.errors.map((e) => e.line))].sort((a, b) => a - b)).toEqual(hostile);
    const verify = await runLedger(['verify', '--store', `sqlite:${path}`]);
    expect(verify.code).toBe(0);
  });
});
