import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLedger, tempDir } from '../cli/run-ledger.js';
import { SEED_STORY } from '../support/story-file.js';
import { startServe } from './support/serve-process.js';
import { hashOfRow, insertRow, relinkFrom, rowAt, shiftPositions, swapRows, type EventRow } from './support/tamper.js';

/**
 * Tamper evidence from the outside: the seed story is appended with `ledger append`, copies of
 * the file are changed with better-sqlite3 exactly as someone holding the file could, and
 * `ledger verify` (text and --json) and GET /health of `ledger serve` are asked about them.
 */
const temp = tempDir('ledger-tamper-');
const original = join(temp.dir, 'original.db');
const CHAIN_BROKEN_EXIT = 9;
let events = 0;
let anchored: { position: number; hash: string };
let copies = 0;

interface Verified {
  ok: boolean;
  events: number;
  head: { position: number | null; hash: string };
  firstBadPosition?: number;
  problem?: string;
}

function tampered(tamper: (db: Database.Database) => void): string {
  const path = join(temp.dir, `copy-${++copies}.db`);
  copyFileSync(original, path);
  if (existsSync(`${original}-wal`)) copyFileSync(`${original}-wal`, `${path}-wal`);
  const db = new Database(path);
  try {
    db.transaction(() => tamper(db))();
  } finally {
    db.close();
  }
  return `sqlite:${path}`;
}

async function verifyJson(store: string): Promise<{ code: number | null; result: Verified }> {
  const run = await runLedger(['verify', '--json', '--store', store]);
  try {
    return { code: run.code, result: JSON.parse(run.stdout) as Verified };
  } catch {
    throw new Error(`ledger verify --json printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

beforeAll(async () => {
  const appended = await runLedger(['append', SEED_STORY, '--store', `sqlite:${original}`]);
  expect(appended.code, appended.stderr).toBe(0);
  const { code, result } = await verifyJson(`sqlite:${original}`);
  expect(code).toBe(0);
  events = result.events;
  expect(events).toBeGreaterThan(20);
  anchored = { position: result.head.position!, hash: result.head.hash };
  expect(anchored.position).toBe(events);
}, 120_000);
afterAll(temp.remove);

/** A row changed behind the ledger's back keeps its old hash; the second shape also forges it. */
const editData = (position: number) => (db: Database.Database) =>
  db.prepare("UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position = ?").run(position);

const forgedRow = (db: Database.Database, position: number): EventRow => ({
  ...rowAt(db, 2),
  position,
  event_id: '00000000-0000-4000-8000-00000000f00d',
  stream_id: 'subject-transfer:forged',
  revision: 0,
});

// [what was done, the tampering, the first position `ledger verify` must name, a word of its problem]
const cases: [string, (db: Database.Database) => void, (n: number) => number, RegExp][] = [
  ['an event\'s data edited', editData(7), () => 7, /edited/],
  ['the first event edited', editData(1), () => 1, /edited/],
  ['the last event edited', (db) => editData(events)(db), (n) => n, /edited|tail/],
  [
    'an event\'s actor rewritten in its metadata',
    (db) => db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone-else') WHERE position = 12").run(),
    () => 12,
    /edited/,
  ],
  ['an event\'s recorded time moved', (db) => db.prepare("UPDATE events SET created = '2020-01-01T00:00:00.000Z' WHERE position = 5").run(), () => 5, /edited/],
  ['an event moved to another stream', (db) => db.prepare("UPDATE events SET stream_id = 'elsewhere' WHERE position = 9").run(), () => 9, /edited/],
  [
    'an event edited and its own hash recomputed (the next link breaks)',
    (db) => {
      editData(10)(db);
      db.prepare('UPDATE events SET hash = ? WHERE position = 10').run(hashOfRow(rowAt(db, 10)));
    },
    () => 11,
    /inserted or reordered/,
  ],
  ['an event deleted in the middle', (db) => db.prepare('DELETE FROM events WHERE position = 15').run(), () => 15, /deleted/],
  ['the first event deleted', (db) => db.prepare('DELETE FROM events WHERE position = 1').run(), () => 1, /deleted/],
  ['the last event deleted', (db) => db.prepare('DELETE FROM events WHERE position = ?').run(events), (n) => n, /deleted from the end/],
  [
    'an event deleted and the later ones renumbered to close the gap',
    (db) => {
      db.prepare('DELETE FROM events WHERE position = 8').run();
      shiftPositions(db, 9, -1);
      db.prepare('UPDATE chain_head SET position = position - 1').run();
    },
    () => 8,
    /inserted or reordered/,
  ],
  [
    'an event inserted in the middle (later ones renumbered)',
    (db) => {
      shiftPositions(db, 6, 1);
      insertRow(db, { ...forgedRow(db, 6), prev_hash: rowAt(db, 5).hash });
    },
    () => 6,
    /edited|inserted/,
  ],
  [
    'an event inserted at the end with a correct link',
    (db) => {
      const row = { ...forgedRow(db, events + 1), prev_hash: rowAt(db, events).hash };
      insertRow(db, { ...row, hash: hashOfRow(row) });
    },
    (n) => n + 1,
    /inserted at the end/,
  ],
  ['two neighbouring events swapped', (db) => swapRows(db, 3, 4), () => 3, /reordered/],
  ['two distant events swapped', (db) => swapRows(db, 4, 20), () => 4, /reordered/],
];

describe('ledger verify names the first bad position', () => {
  it('an untouched file verifies (exit 0), and prints the head to anchor', async () => {
    const text = await runLedger(['verify', '--store', `sqlite:${original}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Chain intact: ${events} events verified.`);
    expect(text.stdout).toContain(`Head: position ${anchored.position}, hash ${anchored.hash}`);
  });

  it.each(cases)('%s', async (_what, tamper, firstBad, problem) => {
    const store = tampered(tamper);
    const expected = firstBad(events);
    const text = await runLedger(['verify', '--store', store]);
    expect(text.code).toBe(CHAIN_BROKEN_EXIT);
    expect(text.stderr).toMatch(new RegExp(`^error: hash chain broken at position ${expected}: `));
    expect(text.stderr).toMatch(problem);
    expect(text.stderr).not.toMatch(/\n\s+at /);

    const { code, result } = await verifyJson(store);
    expect(code).toBe(CHAIN_BROKEN_EXIT);
    expect(result).toMatchObject({ ok: false, firstBadPosition: expected });
    // Every event before the break was checked (at the end, a forged link itself verifies).
    expect(result.events).toBeGreaterThanOrEqual(expected - 1);
    expect(result.head).toEqual({ position: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('a forger who re-links the whole tail passes verify, but not the anchored head', async () => {
    const store = tampered((db) => {
      editData(7)(db);
      relinkFrom(db, 7);
    });
    const { code, result } = await verifyJson(store);
    expect(code).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.head.position).toBe(anchored.position);
    expect(result.head.hash).not.toBe(anchored.hash);
  });
});

describe('GET /health exposes the head to anchor', () => {
  it('the same position and hash as `ledger verify --json`, and it moves with each append', async () => {
    const path = join(temp.dir, 'served.db');
    copyFileSync(original, path);
    if (existsSync(`${original}-wal`)) copyFileSync(`${original}-wal`, `${path}-wal`);
    const server = await startServe({ store: `sqlite:${path}` });
    try {
      const health = (await (await fetch(`${server.url}/health`)).json()) as { chainHead: Verified['head']; lastPosition: number };
      expect(health.chainHead).toEqual(anchored);
      expect(health.lastPosition).toBe(anchored.position);

      const posted = await fetch(`${server.url}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'RecordReport', reportId: 'anchor-test', outlet: 'Test' }),
      });
      expect(posted.status).toBe(201);
      const after = (await (await fetch(`${server.url}/health`)).json()) as { chainHead: Verified['head'] };
      expect(after.chainHead.position).toBe(anchored.position + 1);
      expect(after.chainHead.hash).not.toBe(anchored.hash);

      const { code, result } = await verifyJson(`sqlite:${path}`);
      expect(code).toBe(0);
      expect(result.head).toEqual(after.chainHead);
    } finally {
      await server.stop();
    }
  });

  it('on a tampered file, /health still shows the recorded head, which verify then contradicts', async () => {
    const store = tampered((db) => db.prepare('DELETE FROM events WHERE position = ?').run(events));
    const server = await startServe({ store });
    try {
      const health = (await (await fetch(`${server.url}/health`)).json()) as { chainHead: Verified['head'] };
      expect(health.chainHead).toEqual(anchored);
    } finally {
      await server.stop();
    }
    const { result } = await verifyJson(store);
    expect(result).toMatchObject({ ok: false, firstBadPosition: events, head: anchored });
  });
});
