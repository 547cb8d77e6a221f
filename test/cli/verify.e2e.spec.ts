import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build-once.js';
import { amendment, claim, report, report2, source } from './fixtures.js';
import { ndjson, runLedger, tempDir } from './run-ledger.js';

const temp = tempDir();
const original = join(temp.dir, 'original.db');
let copies = 0;

/** A copy of the five-event ledger, changed behind the ledger's back with `tamper`. */
function tampered(tamper: (db: Database.Database) => void): string {
  const path = join(temp.dir, `copy-${++copies}.db`);
  copyFileSync(original, path);
  if (existsSync(`${original}-wal`)) copyFileSync(`${original}-wal`, `${path}-wal`);
  const db = new Database(path);
  tamper(db);
  db.close();
  return `sqlite:${path}`;
}

beforeAll(async () => {
  await ensureBuilt();
  const run = await runLedger(['append', '-', '--store', `sqlite:${original}`], { input: ndjson(source, report, claim, report2, amendment) });
  expect(run.code).toBe(0);
});
afterAll(temp.remove);

describe('ledger verify', () => {
  it('walks an intact chain and prints the head to anchor', async () => {
    const text = await runLedger(['verify', '--store', `sqlite:${original}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Chain intact: 5 events verified\.\nHead: position 5, hash [0-9a-f]{64}\n/);

    const json = await runLedger(['verify', '--json', '--store', `sqlite:${original}`]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, events: 5, head: { position: 5, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('names the first bad position when an event was edited in the file', async () => {
    const store = tampered((db) => db.prepare("UPDATE events SET data = replace(data, '150', '151') WHERE position = 3").run());
    const run = await runLedger(['verify', '--json', '--store', store]);
    expect(run.code).toBe(9);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, firstBadPosition: 3, problem: expect.stringContaining('edited') });
    expect(run.stderr).toBe('error: hash chain broken at position 3: content does not match its hash (event edited)\n');
  });

  it('names the gap when an event was deleted', async () => {
    const store = tampered((db) => db.prepare('DELETE FROM events WHERE position = 2').run());
    const run = await runLedger(['verify', '--store', store]);
    expect(run.code).toBe(9);
    expect(run.stderr).toContain('broken at position 2');
    expect(run.stderr).toContain('deleted');
  });

  it('notices two events swapped', async () => {
    const store = tampered((db) => {
      const rows = db.prepare('SELECT * FROM events WHERE position IN (4, 5) ORDER BY position').all() as Record<string, unknown>[];
      const insert = db.prepare(
        'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash) ' +
          'VALUES (@position, @stream_id, @revision, @event_id, @type, @data, @metadata, @created, @prev_hash, @hash)',
      );
      db.transaction(() => {
        db.prepare('DELETE FROM events WHERE position IN (4, 5)').run();
        insert.run({ ...rows[1], position: 4 });
        insert.run({ ...rows[0], position: 5 });
      })();
    });
    const run = await runLedger(['verify', '--store', store]);
    expect(run.code).toBe(9);
    expect(run.stderr).toContain('broken at position 4');
  });

  it('refuses a store that does not exist', async () => {
    const run = await runLedger(['verify', '--store', `sqlite:${join(temp.dir, 'none.db')}`]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('no ledger at');
  });
});
