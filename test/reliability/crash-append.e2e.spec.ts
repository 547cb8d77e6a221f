import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ensureBuilt } from '../cli/build-once.js';
import { runLedger, tempDir } from '../cli/run-ledger.js';
import { countFromEnv } from './support/counts.js';

/**
 * `ledger append` of a large file killed with SIGKILL midway: the chunks before the kill stay,
 * nothing is half-written, and appending the same file again completes it, each line once.
 */
const ROUNDS = countFromEnv('LEDGER_CRASH_APPEND_ROUNDS', { full: 3, ci: 1 });
const CLAIMS = 15_000;
const temp = tempDir('ledger-crash-append-');
const file = join(temp.dir, 'big.ndjson');

beforeAll(async () => {
  await ensureBuilt();
  const lines = [
    { type: 'RegisterSource', sourceId: 'bulk-source', name: 'Bulk', kind: 'other' },
    { type: 'RecordReport', reportId: 'bulk-report', outlet: 'Bulk wire' },
    ...Array.from({ length: CLAIMS }, (_, i) => ({
      type: 'AssertClaim',
      claimId: `bulk.${i}`,
      subject: `transfer:bulk-${i % 97}`,
      property: 'detainees.count',
      value: { kind: 'exact', n: i },
      reportId: 'bulk-report',
      sourceId: 'bulk-source',
      hedge: 'stated',
    })),
  ];
  writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
}, 60_000);
afterAll(temp.remove);

/** Events in the file right now (0 while it does not exist yet). */
function eventsIn(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** Starts `ledger append` and SIGKILLs it once at least `killAt` events are in; resolves with the count then. */
function appendAndKill(store: string, path: string, killAt: number): Promise<{ killedAt: number | null }> {
  const child = spawn(process.execPath, [CLI_MAIN, 'append', file, '--store', store, '--batch-size', '500'], { stdio: 'ignore' });
  return new Promise((resolve) => {
    let killedAt: number | null = null;
    const poll = setInterval(() => {
      const n = eventsIn(path);
      if (n >= killAt && killedAt === null) {
        killedAt = n;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', () => {
      clearInterval(poll);
      resolve({ killedAt });
    });
  });
}

describe(`ledger append killed with SIGKILL midway (${ROUNDS} rounds)`, () => {
  it('leaves a prefix of whole commands, and running it again records every line exactly once', { timeout: 60_000 + ROUNDS * 30_000 }, async () => {
    let interrupted = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const path = join(temp.dir, `round-${round}.db`);
      const store = `sqlite:${path}`;
      const killAt = 500 + Math.floor(Math.random() * (CLAIMS - 3_000));
      const { killedAt } = await appendAndKill(store, path, killAt);
      const left = eventsIn(path);
      if (killedAt !== null && left < CLAIMS + 2) interrupted++;
      // Commands go in whole: a kill leaves a prefix of the file, never a torn command.
      const db = new Database(path, { readonly: true });
      const ids = db.prepare("SELECT json_extract(data, '$.claimId') AS id FROM events WHERE type = 'ClaimAsserted' ORDER BY position").all() as { id: string }[];
      db.close();
      ids.forEach((row, i) => expect(row.id).toBe(`bulk.${i}`));

      const again = await runLedger(['append', file, '--store', store, '--json']);
      expect(again.code, again.stderr).toBe(0);
      const summary = JSON.parse(again.stdout) as { recorded: number; unchanged: number };
      expect(summary.recorded + summary.unchanged).toBe(CLAIMS + 2);
      expect(summary.unchanged).toBe(left);
      expect(eventsIn(path)).toBe(CLAIMS + 2);
      const verify = await runLedger(['verify', '--json', '--store', store]);
      expect(verify.code, verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, events: CLAIMS + 2 });
    }
    console.info(`[crash append] ${interrupted} of ${ROUNDS} runs were killed midway`);
    expect(interrupted).toBeGreaterThan(0);
  });
});
