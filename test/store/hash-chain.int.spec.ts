import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventStore, type ChainVerification } from '../../src/store/index.js';
import { chainHash } from '../../src/store/sqlite/hash-chain.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-hash-chain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GENESIS = '0'.repeat(64);
const EVENTS = 20;

/** A closed store file with EVENTS events at positions 1..EVENTS (streams a and b alternate). */
async function ledgerFile(): Promise<string> {
  const path = join(dir, `${randomUUID()}.db`);
  const store = await openEventStore(`sqlite:${path}`);
  for (let i = 0; i < EVENTS; i++) {
    await store.appendToStream(i % 2 ? 'b' : 'a', [{ id: `e${i}`, type: 'Chained', data: { i, note: 'ünï' }, metadata: { by: 'test' } }]);
  }
  await store.close();
  return path;
}

/** Tampers with the file directly, as someone with write access to it could, then verifies. */
async function verifyAfter(tamper: (db: Database.Database) => void): Promise<ChainVerification> {
  const path = await ledgerFile();
  const raw = new Database(path);
  tamper(raw);
  raw.close();
  const store = await openEventStore(`sqlite:${path}`);
  try {
    return await store.integrity!.verify();
  } finally {
    await store.close();
  }
}

/** Moves rows to new positions without tripping the primary key on the way. */
function movePositions(db: Database.Database, moves: [from: number, to: number][]): void {
  for (const [from] of moves) db.prepare('UPDATE events SET position = ? WHERE position = ?').run(-from, from);
  for (const [from, to] of moves) db.prepare('UPDATE events SET position = ? WHERE position = ?').run(to, -from);
}

describe('hash chain', () => {
  it('verifies an untouched log, reports progress and exposes the head', async () => {
    const path = await ledgerFile();
    const store = await openEventStore(`sqlite:${path}`);
    const progress: number[] = [];
    const result = await store.integrity!.verify((checked) => progress.push(checked));
    const head = await store.integrity!.head();
    expect(result).toEqual({ ok: true, events: EVENTS, head });
    expect(progress.at(-1)).toBe(EVENTS);
    expect(head.position).toBe(BigInt(EVENTS));
    await store.close();
    const empty = await openEventStore('sqlite::memory:');
    expect(await empty.integrity!.head()).toEqual({ position: null, hash: GENESIS });
    expect(await empty.integrity!.verify()).toMatchObject({ ok: true, events: 0 });
    await empty.close();
  });

  it('is SHA-256 over the RFC 8785 canonical JSON of the documented fields', async () => {
    const store = await openEventStore('sqlite::memory:');
    await store.appendToStream('s', [{ id: 'x', type: 'T', data: { b: 1, a: [true, null, 'é'] } }]);
    const [event] = await (async () => {
      const out = [];
      for await (const e of store.readAll()) out.push(e);
      return out;
    })();
    // Keys sorted, no whitespace, bigints as decimal strings: written out by hand on purpose.
    const canonical =
      `{"created":"${event!.created.toISOString()}","data":{"a":[true,null,"é"],"b":1},"id":"x",` +
      `"metadata":{},"position":"1","prevHash":"${GENESIS}","revision":"0","streamId":"s","type":"T"}`;
    const expected = createHash('sha256').update(canonical, 'utf8').digest('hex');
    expect(await store.integrity!.head()).toEqual({ position: 1n, hash: expected });
    await store.close();
  });

  it('detects an edited event', async () => {
    const result = await verifyAfter((db) => db.prepare(`UPDATE events SET data = '{"i":999,"note":"ünï"}' WHERE position = 7`).run());
    expect(result).toMatchObject({ ok: false, firstBadPosition: 7n, events: 6 });
    expect(result.ok || result.problem).toMatch(/edited/);
  });

  it('verifies an event stored as the same JSON in another form: the chain covers its content', async () => {
    // Position 7 holds { i: 6, note: 'ünï' }: keys reordered, spaced out, a character escaped.
    const result = await verifyAfter((db) => db.prepare(`UPDATE events SET data = '{ "note": "\\u00fcn\u00ef", "i": 6 }' WHERE position = 7`).run());
    expect(result).toMatchObject({ ok: true, events: EVENTS });
  });

  it('detects an edit that keeps the JSON equal but changes the stored hash', async () => {
    const result = await verifyAfter((db) => db.prepare(`UPDATE events SET hash = ? WHERE position = 12`).run('f'.repeat(64)));
    expect(result).toMatchObject({ ok: false, firstBadPosition: 12n });
  });

  it('detects a deleted event in the middle', async () => {
    const result = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE position = 9').run());
    expect(result).toMatchObject({ ok: false, firstBadPosition: 9n });
    expect(result.ok || result.problem).toMatch(/missing \(deleted\)/);
  });

  it('detects events deleted from the end', async () => {
    const result = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE position >= 19').run());
    expect(result).toMatchObject({ ok: false, firstBadPosition: 19n });
    expect(result.ok || result.problem).toMatch(/deleted from the end/);
  });

  it('detects an event inserted in the middle (later rows renumbered to make room)', async () => {
    const result = await verifyAfter((db) => {
      movePositions(db, Array.from({ length: EVENTS - 10 }, (_, i) => [EVENTS - i, EVENTS - i + 1]));
      db.prepare(
        `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash)
         SELECT 11, 'forged', 0, 'forged-1', type, data, metadata, created, prev_hash, hash FROM events WHERE position = 5`,
      ).run();
    });
    expect(result).toMatchObject({ ok: false, firstBadPosition: 11n });
    expect(result.ok || result.problem).toMatch(/inserted or reordered/);
  });

  it('detects an event inserted at the end, even one whose hash was forged correctly', async () => {
    const forge = (hashOf: (prev: string) => string) => (db: Database.Database) => {
      const last = db.prepare('SELECT hash FROM events WHERE position = ?').get(EVENTS) as { hash: string };
      db.prepare(
        `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created, prev_hash, hash)
         VALUES (?, 'forged', 0, 'forged-1', 'T', '{}', '{}', '2030-01-01T00:00:00.000Z', ?, ?)`,
      ).run(EVENTS + 1, last.hash, hashOf(last.hash));
    };
    const careless = await verifyAfter(forge(() => 'a'.repeat(64)));
    expect(careless).toMatchObject({ ok: false, firstBadPosition: BigInt(EVENTS + 1) });
    // Someone who knows the algorithm makes a valid link; only the recorded head gives it away.
    const careful = await verifyAfter(
      forge((prevHash) =>
        chainHash({
          position: BigInt(EVENTS + 1),
          streamId: 'forged',
          revision: 0n,
          id: 'forged-1',
          type: 'T',
          data: {},
          metadata: {},
          created: '2030-01-01T00:00:00.000Z',
          prevHash,
        }),
      ),
    );
    expect(careful).toMatchObject({ ok: false, firstBadPosition: BigInt(EVENTS + 1) });
    expect(careful.ok || careful.problem).toMatch(/inserted at the end/);
  });

  it('detects two events swapped (reordered)', async () => {
    const result = await verifyAfter((db) => movePositions(db, [[8, 9], [9, 8]]));
    expect(result).toMatchObject({ ok: false, firstBadPosition: 8n });
    expect(result.ok || result.problem).toMatch(/reordered/);
  });
});
