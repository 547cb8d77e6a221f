import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventStore, type RecordedEvent } from '../../src/store/index.js';
import { runTsx } from './fixtures/spawn-tsx.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-two-processes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface WorkerOutput {
  acks: { stream: string; id: string; revision: string; position: string }[];
  conflicts: number;
  startedAt: number;
  finishedAt: number;
}

const ITERATIONS = 30; // per writer; 4 writers per process, 3 events per iteration

describe('sqlite: two processes appending to one file', () => {
  it('lose nothing, leave no gap, keep the chain, and a subscriber in a third sees it all live', { timeout: 60_000 }, async () => {
    const db = join(dir, 'shared.db');
    const store = await openEventStore(`sqlite:${db}`);
    const expectedTotal = 2 * 4 * ITERATIONS * 3;
    const subscription = store.subscribeToAll();
    const live: RecordedEvent[] = [];
    const watching = (async () => {
      for await (const event of subscription) {
        live.push(event);
        if (live.length === expectedTotal) break;
      }
    })();

    const startAt = String(Date.now() + 2_500);
    const results = await Promise.all(
      ['A', 'B'].map((label) => runTsx('./append-worker.ts', [db, label, startAt, String(ITERATIONS)])),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const outputs = results.map((r) => JSON.parse(r.stdout) as WorkerOutput);
    const acks = outputs.flatMap((o) => o.acks);
    expect(acks).toHaveLength(expectedTotal);

    // Every acknowledged append is there, where its acknowledgement said.
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll()) log.push(event);
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: expectedTotal }, (_, i) => BigInt(i + 1)));
    const byPosition = new Map(log.map((e) => [String(e.position), e]));
    for (const ack of acks) {
      const event = byPosition.get(ack.position);
      expect(event && [event.streamId, event.id, String(event.revision)]).toEqual([ack.stream, ack.id, ack.revision]);
    }
    const shared = log.filter((e) => e.streamId === 'shared');
    expect(shared.map((e) => e.revision)).toEqual(Array.from({ length: 2 * 4 * ITERATIONS }, (_, i) => BigInt(i)));

    // The two really competed: each was still appending when the other started. (How finely
    // their commits interleave is up to SQLite's busy handler, which is not fair.)
    const [a, b] = outputs as [WorkerOutput, WorkerOutput];
    expect(a.startedAt).toBeLessThan(b.finishedAt);
    expect(b.startedAt).toBeLessThan(a.finishedAt);

    expect(await store.integrity!.verify()).toMatchObject({ ok: true, events: expectedTotal });

    // Events written by other processes reach a live subscription (data_version polling).
    await Promise.race([watching, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await subscription.unsubscribe();
    expect(live.map((e) => e.position)).toEqual(log.map((e) => e.position));
    await store.close();
  });
});
